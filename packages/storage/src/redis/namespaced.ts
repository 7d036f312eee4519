/**
 * The only door to an instance's Redis keys. Two layers keep every key inside `<instance>:`:
 *  1. the connection is created here with ioredis `keyPrefix`, so every key argument gets the prefix;
 *  2. the connection is a private field and this class exposes key-addressed operations only — no raw
 *     command, no KEYS, no FLUSHDB — so service code cannot name an unprefixed key even on purpose.
 * SCAN patterns are the one place ioredis does not prefix; `scan` adds and strips the prefix itself.
 * In production the server enforces the same boundary (ACL `~<instance>:*`, see provision/).
 */
import type { Redis } from "ioredis";
import { checkKey, checkTtl, type KeyValueStore, KvWrongTypeError, type SetOptions } from "../kv.js";
import type { StorageLogger } from "../logger.js";
import { closeRedis, createRedisClient, waitUntilReady } from "./client.js";

export interface RedisKvOptions {
  readonly logger: StorageLogger;
  readonly connectionName?: string;
  readonly reconnectMaxDelayMs?: number;
}

const PREFIX = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?:$/;

function wrongType(key: string, err: unknown): never {
  if (err instanceof Error && err.message.startsWith("WRONGTYPE")) throw new KvWrongTypeError(key);
  throw err;
}

export class RedisKv implements KeyValueStore {
  readonly #redis: Redis;

  private constructor(
    readonly prefix: string,
    redis: Redis,
  ) {
    this.#redis = redis;
  }

  /** Connects with `prefix` (an instance's redisPrefix, e.g. "exchange-binance:"). */
  static create(url: string, prefix: string, options: RedisKvOptions): RedisKv {
    if (!PREFIX.test(prefix)) {
      throw new RangeError(`Redis key prefix ${JSON.stringify(prefix)} must be an instance name followed by ':'`);
    }
    const redis = createRedisClient(url, {
      keyPrefix: prefix,
      connectionName: options.connectionName ?? prefix.slice(0, -1),
      reconnectMaxDelayMs: options.reconnectMaxDelayMs,
      logger: options.logger,
    });
    return new RedisKv(prefix, redis);
  }

  /** Resolves true once connected (false after `timeoutMs`); operations fail fast until then. */
  ready(timeoutMs: number): Promise<boolean> {
    return waitUntilReady(this.#redis, timeoutMs);
  }

  async get(key: string): Promise<string | null> {
    checkKey(key);
    return this.#redis.get(key).catch((err) => wrongType(key, err));
  }

  async mget(keys: readonly string[]): Promise<(string | null)[]> {
    if (keys.length === 0) return [];
    keys.forEach(checkKey);
    return this.#redis.mget(...keys);
  }

  async set(key: string, value: string, options: SetOptions = {}): Promise<boolean> {
    checkKey(key);
    if (typeof value !== "string") throw new TypeError("a value must be a string");
    const r = this.#redis;
    const ttl = options.ttlMs;
    if (ttl !== undefined) checkTtl(ttl);
    let reply: string | null;
    if (ttl === undefined) reply = options.ifAbsent ? await r.set(key, value, "NX") : await r.set(key, value);
    else reply = options.ifAbsent ? await r.set(key, value, "PX", ttl, "NX") : await r.set(key, value, "PX", ttl);
    return reply === "OK";
  }

  async del(keys: string | readonly string[]): Promise<number> {
    const list = typeof keys === "string" ? [keys] : [...keys];
    if (list.length === 0) return 0;
    list.forEach(checkKey);
    return this.#redis.del(...list);
  }

  async incrBy(key: string, by = 1): Promise<number> {
    checkKey(key);
    if (!Number.isSafeInteger(by)) throw new RangeError(`increment must be a safe integer (got ${by})`);
    return this.#redis.incrby(key, by).catch((err) => wrongType(key, err));
  }

  async expire(key: string, ttlMs: number): Promise<boolean> {
    checkKey(key);
    checkTtl(ttlMs);
    return (await this.#redis.pexpire(key, ttlMs)) === 1;
  }

  async pttl(key: string): Promise<number> {
    checkKey(key);
    return this.#redis.pttl(key);
  }

  async hset(key: string, fields: Readonly<Record<string, string>>): Promise<number> {
    checkKey(key);
    const entries = Object.entries(fields);
    if (entries.length === 0) throw new RangeError("hset needs at least one field");
    if (entries.some(([, v]) => typeof v !== "string")) throw new TypeError("a value must be a string");
    return this.#redis.hset(key, Object.fromEntries(entries)).catch((err) => wrongType(key, err));
  }

  async hget(key: string, field: string): Promise<string | null> {
    checkKey(key);
    return this.#redis.hget(key, field).catch((err) => wrongType(key, err));
  }

  async hgetall(key: string): Promise<Record<string, string>> {
    checkKey(key);
    return this.#redis.hgetall(key).catch((err) => wrongType(key, err));
  }

  async hdel(key: string, fields: readonly string[]): Promise<number> {
    checkKey(key);
    if (fields.length === 0) return 0;
    return this.#redis.hdel(key, ...fields).catch((err) => wrongType(key, err));
  }

  async *scan(match = "*", count = 100): AsyncIterable<string> {
    let cursor = "0";
    do {
      const [next, keys] = await this.#redis.scan(cursor, "MATCH", `${this.prefix}${match}`, "COUNT", count);
      cursor = next;
      for (const k of keys) yield k.slice(this.prefix.length);
    } while (cursor !== "0");
  }

  async ping(): Promise<void> {
    const reply = await this.#redis.ping();
    if (reply !== "PONG") throw new Error(`unexpected PING reply ${JSON.stringify(reply)}`);
  }

  async close(): Promise<void> {
    await closeRedis(this.#redis);
  }
}
