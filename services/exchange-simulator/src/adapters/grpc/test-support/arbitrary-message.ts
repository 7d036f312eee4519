/**
 * Random tse.exchange.v1 messages (plain objects as proto-loader takes them) built from the contract's own
 * descriptors, so a field added to the .proto is generated too: the hand-written codecs are checked against
 * protobufjs on every field the contract has, not on a list that could fall behind it.
 */
import { exchangePackageDefinition } from "@tse/contracts";
import fc from "fast-check";

const definition = exchangePackageDefinition();

interface Field {
  name: string;
  type: string;
  label: string;
  typeName: string;
}

const fieldsOf = (name: string) => (definition[name] as unknown as { type: { field: Field[] } }).type.field;
const camel = (name: string) => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const qualified = (typeName: string) => (typeName.includes(".") ? typeName.replace(/^\./, "") : `tse.exchange.v1.${typeName}`);

export const text = fc.oneof(
  fc.constantFrom("", "BTC-USD", "30000.00", "ünïcødé 🚀", "lone \ud800", `lone \udc00 ${"y".repeat(40)}`, "x".repeat(300)),
  fc.string(),
  fc.string({ unit: "grapheme" }),
);

const int64 = fc.oneof(fc.constantFrom(0, 1, 127, 128, 2 ** 21, 2 ** 28, 2 ** 35, Number.MAX_SAFE_INTEGER, -1, Number.MIN_SAFE_INTEGER), fc.maxSafeInteger());

function scalar(f: Field): fc.Arbitrary<unknown> {
  switch (f.type) {
    case "TYPE_STRING":
      return text;
    case "TYPE_BOOL":
      return fc.boolean();
    case "TYPE_INT64":
    case "TYPE_INT32":
      return f.type === "TYPE_INT32" ? fc.integer() : int64;
    case "TYPE_UINT64":
    case "TYPE_UINT32":
      return f.type === "TYPE_UINT32" ? fc.nat() : int64.map(Math.abs);
    case "TYPE_ENUM": {
      const values = (definition[qualified(f.typeName)] as unknown as { type: { value: { name: string; number: number }[] } }).type.value;
      // Names, their numbers, and a number the contract does not know (a newer peer's value).
      return fc.constantFrom(...values.map((v) => v.name), ...values.map((v) => v.number), 99);
    }
    default:
      throw new Error(`${f.name}: no generator for ${f.type}`);
  }
}

/** Any message of `name` (fully qualified), every field optional. */
export function arbitraryMessage(name: string, depth = 0): fc.Arbitrary<Record<string, unknown>> {
  const members: Record<string, fc.Arbitrary<unknown>> = {};
  for (const f of fieldsOf(name)) {
    const repeated = f.label === "LABEL_REPEATED";
    if (f.type === "TYPE_MESSAGE") {
      const sub = arbitraryMessage(qualified(f.typeName), depth + 1);
      members[camel(f.name)] = repeated ? fc.array(sub, { maxLength: depth === 0 ? 20 : 3 }) : fc.option(sub, { nil: null });
    } else {
      members[camel(f.name)] = repeated ? fc.array(scalar(f), { maxLength: 3 }) : scalar(f);
    }
  }
  return fc.record(members, { requiredKeys: [] });
}
