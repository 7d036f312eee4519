/**
 * The embedded default key-value store: the same contract as the Redis one (prefix, TTLs, WRONGTYPE, glob
 * SCAN) in process memory. Expired keys vanish lazily, the way Redis's passive expiry looks to a client.
 */
import { checkKey, checkTtl, type KeyValueStore, KvWrongTypeError, type SetOptions } from "../kv.js";
import { globToRegExp } from "./glob.js";

interface Entry {
  value: string | Map<string, string>;
  expiresAt: number | undefined;
}

export class MemoryKv implements KeyValueStore {
  readonly #data = new Map<string, Entry>();

  constructor(readonly prefix: string) {}

  #live(key: string): Entry | undefined {
    checkKey(key);
    const e = this.#data.get(key);
    if (e?.expiresAt !== undefined && e.expiresAt <= Date.now()) {
      this.#data.delete(key);
      return undefined;
    }
    return e;
  }

  #string(key: string): string | undefined {
    const e = this.#live(key);
    if (e && typeof e.value !== "string") throw new KvWrongTypeError(key);
    return e?.value as string | undefined;
  }

  #hash(key: string, create: boolean): Map<string, string> | undefined {
    const e = this.#live(key);
    if (e && typeof e.value === "string") throw new KvWrongTypeError(key);
    if (e) return e.value as Map<string, string>;
    if (!create) return undefined;
    const map = new Map<string, string>();
    this.#data.set(key, { value: map, expiresAt: undefined });
    return map;
  }

  async get(key: string): Promise<string | null> {
    return this.#string(key) ?? null;
  }

  async mget(keys: readonly string[]): Promise<(string | null)[]> {
    return keys.map((k) => {
      const e = this.#live(k);
      return typeof e?.value === "string" ? e.value : null; // like Redis: non-strings read as nil
    });
  }

  async set(key: string, value: string, options: SetOptions = {}): Promise<boolean> {
    if (typeof value !== "string") throw new TypeError("a value must be a string");
    if (options.ttlMs !== undefined) checkTtl(options.ttlMs);
    if (options.ifAbsent && this.#live(key)) return false;
    checkKey(key);
    this.#data.set(key, { value, expiresAt: options.ttlMs === undefined ? undefined : Date.now() + options.ttlMs });
    return true;
  }

  async del(keys: string | readonly string[]): Promise<number> {
    let n = 0;
    for (const k of typeof keys === "string" ? [keys] : keys) {
      if (this.#live(k)) n += this.#data.delete(k) ? 1 : 0;
    }
    return n;
  }

  async incrBy(key: string, by = 1): Promise<number> {
    if (!Number.isSafeInteger(by)) throw new RangeError(`increment must be a safe integer (got ${by})`);
    const current = this.#string(key);
    if (current !== undefined && !/^-?\d+$/.test(current)) throw new Error(`value of ${key} is not an integer`);
    const next = Number(current ?? 0) + by;
    const e = this.#data.get(key);
    this.#data.set(key, { value: String(next), expiresAt: e?.expiresAt });
    return next;
  }

  async expire(key: string, ttlMs: number): Promise<boolean> {
    checkTtl(ttlMs);
    const e = this.#live(key);
    if (!e) return false;
    e.expiresAt = Date.now() + ttlMs;
    return true;
  }

  async pttl(key: string): Promise<number> {
    const e = this.#live(key);
    if (!e) return -2;
    return e.expiresAt === undefined ? -1 : Math.max(0, e.expiresAt - Date.now());
  }

  async hset(key: string, fields: Readonly<Record<string, string>>): Promise<number> {
    const entries = Object.entries(fields);
    if (entries.length === 0) throw new RangeError("hset needs at least one field");
    const map = this.#hash(key, true)!;
    let added = 0;
    for (const [f, v] of entries) {
      if (typeof v !== "string") throw new TypeError("a value must be a string");
      if (!map.has(f)) added++;
      map.set(f, v);
    }
    return added;
  }

  async hget(key: string, field: string): Promise<string | null> {
    return this.#hash(key, false)?.get(field) ?? null;
  }

  async hgetall(key: string): Promise<Record<string, string>> {
    return Object.fromEntries(this.#hash(key, false) ?? []);
  }

  async hdel(key: string, fields: readonly string[]): Promise<number> {
    const map = this.#hash(key, false);
    if (!map) return 0;
    let n = 0;
    for (const f of fields) n += map.delete(f) ? 1 : 0;
    if (map.size === 0) this.#data.delete(key); // Redis deletes empty hashes
    return n;
  }

  async *scan(match = "*", _count?: number): AsyncIterable<string> {
    const re = globToRegExp(match);
    for (const key of [...this.#data.keys()]) {
      if (this.#live(key) && re.test(key)) yield key;
    }
  }

  async ping(): Promise<void> {}
}
