/**
 * JSON values as storage accepts them. Validation happens when a write is accepted — never later — because a
 * value PostgreSQL refuses (a NUL character, a lone UTF-16 surrogate) would otherwise be acknowledged into the
 * local journal and then block its replay forever. Numbers must be finite; amounts belong in decimal strings.
 */

export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

export const MAX_DEPTH = 64;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when `s` certainly can be stored (false: assertStorableString has to look closer). */
export function isStorableString(s: string): boolean {
  // A loop beats the regex on the short strings events are made of.
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0 || (c >= 0xd800 && c <= 0xdfff)) return false;
  }
  return true;
}

/** Object keys already found storable: events repeat the same few keys millions of times. Bounded. */
const storableKeys = new Set<string>();
const STORABLE_KEYS_LIMIT = 10_000;

function isStorableKey(key: string): boolean {
  if (storableKeys.has(key)) return true;
  if (!isStorableString(key)) return false;
  if (storableKeys.size < STORABLE_KEYS_LIMIT) storableKeys.add(key);
  return true;
}

/** Throws TypeError naming the path when `s` cannot be stored as PostgreSQL text/json. */
export function assertStorableString(s: string, path: string): void {
  if (isStorableString(s)) return;
  if (s.includes("\u0000")) throw new TypeError(`${path}: NUL characters (U+0000) cannot be stored`);
  if (LONE_SURROGATE.test(s)) throw new TypeError(`${path}: contains a lone UTF-16 surrogate (not valid Unicode)`);
}

export function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * True when `value` is certainly a storable JSON value; false when assertJson has to look closer (it may still
 * be fine, e.g. a string with a valid surrogate pair). Every event is checked on the write path, so this walk
 * allocates nothing and builds no path strings; only a false answer pays for assertJson's precise message.
 */
export const isStorableJson = (value: unknown): boolean => certainlyStorable(value, 0);

function certainlyStorable(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case "string":
      return isStorableString(value);
    case "boolean":
      return true;
    case "number":
      return Number.isFinite(value);
    case "object": {
      if (value === null) return true;
      if (depth >= MAX_DEPTH) return false;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (i in value && !certainlyStorable(value[i], depth + 1)) return false;
        return true;
      }
      if (!isPlainObject(value)) return false;
      for (const key in value) {
        const v = (value as Record<string, unknown>)[key];
        if (!isStorableKey(key)) return false;
        // Flat members inline: events are mostly strings and numbers.
        if (typeof v === "string") {
          if (!isStorableString(v)) return false;
        } else if (typeof v === "number") {
          if (!Number.isFinite(v)) return false;
        } else if (!certainlyStorable(v, depth + 1)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

/** Throws TypeError (naming where) unless `value` is a plain JSON value storable in PostgreSQL. */
export function assertJson(value: unknown, path = "value", depth = 0): asserts value is JsonValue {
  if (depth > MAX_DEPTH) throw new TypeError(`${path}: nested deeper than ${MAX_DEPTH} levels`);
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
  if (!certainlyStorable(value, 0)) assertJson(value, path);
  return JSON.stringify(value);
}
