/**
 * JSON values as storage accepts them. Validation happens when a write is accepted — never later — because a
 * value PostgreSQL refuses (a NUL character, a lone UTF-16 surrogate) would otherwise be acknowledged into the
 * local journal and then block its replay forever. Numbers must be finite; amounts belong in decimal strings.
 */

export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Throws TypeError naming the path when `s` cannot be stored as PostgreSQL text/json. */
export function assertStorableString(s: string, path: string): void {
  if (s.includes("\u0000")) throw new TypeError(`${path}: NUL characters (U+0000) cannot be stored`);
  if (LONE_SURROGATE.test(s)) throw new TypeError(`${path}: contains a lone UTF-16 surrogate (not valid Unicode)`);
}

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Throws TypeError (naming where) unless `value` is a plain JSON value storable in PostgreSQL. */
export function assertJson(value: unknown, path = "value", depth = 0): asserts value is JsonValue {
  if (depth > 64) throw new TypeError(`${path}: nested deeper than 64 levels`);
  switch (typeof value) {
    case "string":
      assertStorableString(value, path);
      return;
    case "boolean":
      return;
    case "number":
      if (!Number.isFinite(value)) throw new TypeError(`${path}: ${value} is not a finite number`);
      return;
    case "object": {
      if (value === null) return;
      if (Array.isArray(value)) {
        value.forEach((v, i) => {
          assertJson(v, `${path}[${i}]`, depth + 1);
        });
        return;
      }
      if (!isPlainObject(value)) {
        throw new TypeError(`${path}: ${value.constructor?.name ?? "object"} is not a plain JSON object`);
      }
      for (const [k, v] of Object.entries(value)) {
        assertStorableString(k, `${path} key ${JSON.stringify(k)}`);
        assertJson(v, `${path}.${k}`, depth + 1);
      }
      return;
    }
    default:
      throw new TypeError(`${path}: ${typeof value} is not a JSON value`);
  }
}

/** Validates and serialises; the text is what gets stored, byte for byte. */
export function encodeJson(value: unknown, path = "value"): string {
  assertJson(value, path);
  return JSON.stringify(value);
}
