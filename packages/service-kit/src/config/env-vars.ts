/**
 * Builders for environment-variable fields. Environment values are strings (or absent), so every builder
 * parses a string into the typed value and fails with a message short enough to follow
 * `NAME="value" is invalid: ` on one line. A blank value counts as unset: `REDIS_URL=` in a compose file
 * means "no Redis", not "an empty URL".
 *
 * Every field carries its description (and default) in zod metadata, which is what `renderEnvTable` prints;
 * fields marked `sensitive` have their values redacted from error messages.
 */
import { z } from "zod";
import { INSTANCE_NAME_RULE, normalizeInstanceName } from "../identity.js";

/** How a field's value is shown in error messages: hidden entirely, or a URL with its password removed. */
export type Sensitivity = "secret" | "url-credentials";

interface FieldOptions<T> {
  description: string;
  /** Used when the variable is unset or blank. Without it (and without `optional`) the variable is required. */
  default?: T;
  /** Unset is allowed and yields `undefined`. */
  optional?: boolean;
  sensitive?: Sensitivity;
}

const blankToUndefined = (value: unknown): unknown =>
  typeof value === "string" && value.trim() === "" ? undefined : value;

/** "is required" when absent, `message` for anything else that is not a string. */
const envString = (message: string) =>
  z.string({ error: (issue) => (issue.input === undefined ? "is required" : message) });

type Field<T extends z.ZodType, O> = z.ZodPipe<z.ZodTransform<unknown, unknown>, O extends { default: unknown }
  ? z.ZodDefault<T>
  : O extends { optional: true }
    ? z.ZodOptional<T>
    : T>;

function field<T extends z.ZodType, const O extends FieldOptions<z.output<T>>>(inner: T, options: O): Field<T, O> {
  const wrapped =
    options.default !== undefined
      ? inner.default(options.default as never)
      : options.optional
        ? inner.optional()
        : inner;
  return z
    .preprocess(blankToUndefined, wrapped)
    .meta({ description: options.description, ...(options.sensitive ? { sensitive: options.sensitive } : {}) }) as never;
}

function integer(min: number, max: number, message: string) {
  return envString(message)
    .trim()
    .regex(/^-?\d+$/, { error: message })
    .transform(Number)
    .refine((n) => Number.isSafeInteger(n) && n >= min && n <= max, { error: message });
}

const rangeText = (min: number, max: number) => (max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `${min}-${max}`);

/** A TCP port; 0 asks the OS for a free one (tests). */
export function envPort<const O extends FieldOptions<number>>(options: O) {
  return field(integer(0, 65535, "expected an integer 0-65535"), options);
}

/** An integer in [min, max]. */
export function envInt<const O extends FieldOptions<number> & { min?: number; max?: number }>(options: O) {
  const min = options.min ?? 0;
  const max = options.max ?? Number.MAX_SAFE_INTEGER;
  return field(integer(min, max, `expected an integer ${rangeText(min, max)}`), options);
}

const TRUE = new Set(["true", "1", "yes", "on"]);
const FALSE = new Set(["false", "0", "no", "off"]);

/** true/false (also 1/0, yes/no, on/off; any case). */
export function envBool<const O extends FieldOptions<boolean>>(options: O) {
  const message = "expected true or false";
  const inner = envString(message)
    .trim()
    .toLowerCase()
    .refine((v) => TRUE.has(v) || FALSE.has(v), { error: message })
    .transform((v) => TRUE.has(v));
  return field(inner, options);
}

/** One of a fixed set of strings (case-sensitive). */
export function envEnum<const V extends readonly [string, ...string[]], const O extends FieldOptions<V[number]>>(
  values: V,
  options: O,
) {
  const message = `expected one of ${values.join(", ")}`;
  const inner = envString(message)
    .trim()
    .refine((v): v is V[number] => (values as readonly string[]).includes(v), { error: message })
    .transform((v) => v as V[number]);
  return field(inner, options as FieldOptions<z.output<typeof inner>> & O);
}

/** A free-form string, optionally constrained by a pattern whose meaning `rule` states in words. */
export function envText<const O extends FieldOptions<string> & { pattern?: RegExp; rule?: string; minLength?: number }>(
  options: O,
) {
  const rule = options.rule ?? (options.minLength ? `expected at least ${options.minLength} characters` : "expected text");
  let inner = envString(rule);
  if (options.minLength !== undefined) inner = inner.min(options.minLength, { error: rule });
  if (options.pattern) inner = inner.regex(options.pattern, { error: rule });
  return field(inner, options);
}

/** A URL whose scheme is one of `protocols` (e.g. ["postgres:", "postgresql:"]); credentials are redacted in errors. */
export function envUrl<const O extends FieldOptions<string> & { protocols: readonly string[] }>(options: O) {
  const schemes = options.protocols.map((p) => `${p}//`).join(" or ");
  const message = `expected a ${schemes} URL`;
  const inner = envString(message)
    .trim()
    .refine(
      (v) => {
        if (!URL.canParse(v)) return false;
        return options.protocols.includes(new URL(v).protocol);
      },
      { error: message },
    );
  return field(inner, { sensitive: "url-credentials", ...options });
}

/** SERVICE_INSTANCE_NAME: the identity rule (architecture §4), lower-cased. Unset means "the service name". */
export function envInstanceName(description: string) {
  const inner = envString(INSTANCE_NAME_RULE)
    .refine(
      (v) => {
        try {
          normalizeInstanceName(v);
          return true;
        } catch {
          return false;
        }
      },
      { error: INSTANCE_NAME_RULE },
    )
    .transform((v) => v.toLowerCase());
  return field(inner, { description, optional: true });
}
