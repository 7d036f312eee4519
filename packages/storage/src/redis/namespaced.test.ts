import { uniqueName, redisAvailable, redisUrl } from "@tse/testkit";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { recordingLogger } from "../test-support/logger.js";
import { kvContract } from "../test-support/kv-contract.js";
import { RedisKv } from "./namespaced.js";

const available = await redisAvailable();

describe.skipIf(!available)("RedisKv (real Redis)", () => {
  const opened: RedisKv[] = [];
  const admin = new Redis(redisUrl(), { lazyConnect: true });
  const run = uniqueName("t-"); // every prefix of this run starts with it
  let n = 0;
  const make = async () => {
    const kv = RedisKv.create(redisUrl(), `${run}-${n++}:`, { logger: recordingLogger() });
    opened.push(kv);
    expect(await kv.ready(3000)).toBe(true); // operations fail fast (no offline queue) until connected
    return kv;
  };
  /** Every key of this run, as the server itself lists them (SCAN on the raw connection). */
  const serverKeys = async () => {
    const keys: string[] = [];
    let cursor = "0";
    do {
      const [next, batch] = await admin.scan(cursor, "MATCH", `*${run}*`, "COUNT", 1000);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== "0");
    return keys.sort();
  };
  afterAll(async () => {
    const keys = await serverKeys();
    if (keys.length > 0) await admin.del(...keys);
    await Promise.all(opened.map((kv) => kv.close()));
    admin.disconnect();
  });

  kvContract(make);

  it("puts every key it writes under its prefix, as the server sees it", async () => {
    const kv = await make();
    // Key names carry the run token too, so a key written without the prefix would still show up below.
    const k = (name: string) => `${name}.${run}`;
    await kv.set(k("plain"), "v");
    await kv.set(k("ttl"), "v", { ttlMs: 60_000 });
    await kv.incrBy(k("counter"));
    await kv.hset(k("hash"), { f: "v" });
    await kv.expire(k("plain"), 60_000);
    await kv.mget([k("plain"), k("other")]);
    await kv.del(k("gone"));
    const mine = (await serverKeys()).filter((key) => !key.startsWith(`${run}-`) || key.startsWith(kv.prefix));
    expect(mine).toEqual(["counter", "hash", "plain", "ttl"].map((name) => `${kv.prefix}${k(name)}`));
  });

  it("cannot reach keys of another namespace, not even through a scan pattern", async () => {
    const a = await make();
    const b = await make();
    await b.set("secret", "b's");
    expect(await a.get("secret")).toBeNull();
    expect(await a.get(`${b.prefix}secret`)).toBeNull(); // lands in a's namespace: "<a>:<b>:secret"
    const seen: string[] = [];
    for await (const k of a.scan("*")) seen.push(k);
    for await (const k of a.scan(`*${b.prefix}*`)) seen.push(k);
    expect(seen).toEqual([]);
  });

  it("exposes no raw command surface", async () => {
    const kv = await make();
    const surface = Object.getOwnPropertyNames(Object.getPrototypeOf(kv)).sort();
    expect(surface).toEqual(
      ["constructor", "close", "del", "expire", "get", "hdel", "hget", "hgetall", "hset", "incrBy", "mget", "ping", "pttl", "ready", "scan", "set"].sort(),
    );
    expect(Object.keys(kv)).toEqual(["prefix"]);
    expect(() => RedisKv.create(redisUrl(), "no-colon", { logger: recordingLogger() })).toThrow(RangeError);
    expect(() => RedisKv.create(redisUrl(), "a:b:", { logger: recordingLogger() })).toThrow(RangeError);
    expect(() => RedisKv.create(redisUrl(), "", { logger: recordingLogger() })).toThrow(RangeError);
  });
});
