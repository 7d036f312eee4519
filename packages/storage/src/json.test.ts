import { describe, expect, it } from "vitest";
import { assertJson, encodeJson, isStorableJson } from "./json.js";

/** Nested `depth` levels deep: { a: { a: … 1 } }. */
const nested = (depth: number): unknown => (depth === 0 ? 1 : { a: nested(depth - 1) });

describe("encodeJson", () => {
  it("writes exactly JSON.stringify's text for every storable value", () => {
    const values: unknown[] = [
      null,
      true,
      0,
      -0,
      1e21,
      -2.5,
      "",
      "plain",
      'quote " backslash \\ newline \n tab \t',
      "ünïcødé ∑ (no surrogates)",
      [],
      [1, "x", null, [true], {}],
      // biome-ignore lint/suspicious/noSparseArray: a hole is stored as null, as JSON.stringify writes it
      [1, , 3],
      { type: "OrderAccepted", seq: 1, price: 3000001, postOnly: false, nested: { list: [1, 2], deep: { x: "y" } } },
      Object.assign(Object.create(null), { a: 1 }),
      nested(63),
    ];
    for (const v of values) {
      expect(isStorableJson(v)).toBe(true);
      expect(encodeJson(v)).toBe(JSON.stringify(v));
    }
  });

  it("refuses what PostgreSQL or JSON cannot hold, naming where, however deep", () => {
    const cases: Array<[unknown, RegExp]> = [
      [undefined, /value: undefined is not a JSON value/],
      [{ a: { b: undefined } }, /value\.a\.b: undefined is not a JSON value/],
      [[1, undefined], /value\[1\]: undefined/],
      [Number.NaN, /NaN is not a finite number/],
      [{ n: Number.POSITIVE_INFINITY }, /value\.n: Infinity is not a finite number/],
      ["nul \u0000", /value: NUL characters/],
      [{ deep: ["ok", "lone \ud800"] }, /value\.deep\[1\]: contains a lone UTF-16 surrogate/],
      [{ "k\u0000": 1 }, /value key "k\\u0000": NUL characters/],
      [{ d: new Date(0) }, /value\.d: Date is not a plain JSON object/],
      [{ f: () => 1 }, /value\.f: function is not a JSON value/],
      [10n, /bigint is not a JSON value/],
      [nested(66), /nested deeper than 64 levels/],
    ];
    for (const [v, message] of cases) {
      expect(isStorableJson(v)).toBe(false);
      expect(() => encodeJson(v)).toThrow(TypeError);
      expect(() => encodeJson(v)).toThrow(message);
      expect(() => assertJson(v)).toThrow(message);
    }
  });

  it("looks closer at strings that merely look suspect and accepts the valid ones", () => {
    for (const v of ["🚀", { "🚀": "🚀" }, ["a🚀b"]]) {
      expect(isStorableJson(v)).toBe(false); // a surrogate pair: the precise check decides
      expect(encodeJson(v)).toBe(JSON.stringify(v));
    }
  });
});
