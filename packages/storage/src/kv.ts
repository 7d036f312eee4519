/**
 * A key-value store confined to one instance's namespace. Keys are given WITHOUT the prefix; every
 * implementation adds it, and nothing here can name a key outside it (no raw commands). Values are strings.
 * Redis-backed with REDIS_URL (redis/namespaced.ts), in-memory otherwise (memory/kv.ts).
 */

export interface SetOptions {
  /** Expire the key after this many milliseconds. */
  readonly ttlMs?: number;
  /** Only set when the key does not exist (SET NX). */
  readonly ifAbsent?: boolean;
}

export interface KeyValueStore {
  /** The namespace every key lives in, e.g. "exchange-binance:". */
  readonly prefix: string;
  get(key: string): Promise<string | null>;
  mget(keys: readonly string[]): Promise<(string | null)[]>;
  /** Resolves false when `ifAbsent` was set and the key existed. */
  set(key: string, value: string, options?: SetOptions): Promise<boolean>;
  /** Deletes keys; resolves how many existed. */
  del(keys: string | readonly string[]): Promise<number>;
  /** Atomic integer increment (the value must hold an integer); resolves the new value. */
  incrBy(key: string, by?: number): Promise<number>;
  /** Sets a TTL; false when the key does not exist. */
  expire(key: string, ttlMs: number): Promise<boolean>;
  /** Remaining TTL in ms; -1 when the key has none, -2 when it does not exist (Redis PTTL). */
  pttl(key: string): Promise<number>;
  hset(key: string, fields: Readonly<Record<string, string>>): Promise<number>;
  hget(key: string, field: string): Promise<string | null>;
  hgetall(key: string): Promise<Record<string, string>>;
  hdel(key: string, fields: readonly string[]): Promise<number>;
  /** Keys (without prefix) matching a Redis glob within the namespace, via SCAN — never KEYS. */
  scan(match?: string, count?: number): AsyncIterable<string>;
  /** Resolves when the store answers; throws otherwise (readiness). */
  ping(): Promise<void>;
}

/** The value of a key is of another type than the operation needs (Redis WRONGTYPE). */
export class KvWrongTypeError extends Error {
  override name = "KvWrongTypeError";
  constructor(readonly key: string) {
    super(`key ${JSON.stringify(key)} holds a value of another type`);
  }
}

export function checkKey(key: string): void {
  if (typeof key !== "string" || key.length === 0) throw new TypeError("a key must be a non-empty string");
}

export function checkTtl(ttlMs: number): void {
  if (!Number.isSafeInteger(ttlMs) || ttlMs < 1) throw new RangeError(`ttlMs must be an integer ≥ 1 (got ${ttlMs})`);
}
