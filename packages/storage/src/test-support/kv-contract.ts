/** The KeyValueStore contract, run against the Redis and the in-memory implementations. */
import { waitFor } from "@tse/testkit";
import { expect, it } from "vitest";
import { type KeyValueStore, KvWrongTypeError } from "../kv.js";

export function kvContract(make: () => Promise<KeyValueStore>): void {
  it("gets, sets, deletes strings", async () => {
    const kv = await make();
    expect(await kv.get("a")).toBeNull();
    expect(await kv.set("a", "1")).toBe(true);
    expect(await kv.get("a")).toBe("1");
    expect(await kv.set("a", "2", { ifAbsent: true })).toBe(false);
    expect(await kv.set("b", "ünï 🚀", { ifAbsent: true })).toBe(true);
    expect(await kv.mget(["a", "b", "missing"])).toEqual(["1", "ünï 🚀", null]);
    expect(await kv.del(["a", "missing"])).toBe(1);
    expect(await kv.del("b")).toBe(1);
    expect(await kv.mget(["a", "b"])).toEqual([null, null]);
  });

  it("increments integers atomically", async () => {
    const kv = await make();
    const results = await Promise.all(Array.from({ length: 20 }, () => kv.incrBy("n", 2)));
    expect(results.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => 2 * (i + 1)));
    expect(await kv.incrBy("n", -40)).toBe(0);
  });

  it("expires keys", async () => {
    const kv = await make();
    await kv.set("short", "x", { ttlMs: 60 });
    await kv.set("long", "x");
    expect(await kv.pttl("long")).toBe(-1);
    expect(await kv.pttl("nothing")).toBe(-2);
    const ttl = await kv.pttl("short");
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60);
    expect(await kv.expire("long", 60_000)).toBe(true);
    expect(await kv.expire("nothing", 1000)).toBe(false);
    await waitFor(async () => (await kv.get("short")) === null, { what: "key to expire" });
    expect(await kv.get("long")).toBe("x");
  });

  it("stores hashes and refuses mixing types", async () => {
    const kv = await make();
    expect(await kv.hset("h", { a: "1", b: "2" })).toBe(2);
    expect(await kv.hset("h", { b: "3", c: "4" })).toBe(1);
    expect(await kv.hget("h", "b")).toBe("3");
    expect(await kv.hget("h", "zz")).toBeNull();
    expect(await kv.hgetall("h")).toEqual({ a: "1", b: "3", c: "4" });
    expect(await kv.hgetall("none")).toEqual({});
    expect(await kv.hdel("h", ["a", "zz"])).toBe(1);
    await expect(kv.get("h")).rejects.toThrow(KvWrongTypeError);
    await kv.set("s", "v");
    await expect(kv.hset("s", { f: "v" })).rejects.toThrow(KvWrongTypeError);
    expect(await kv.hdel("h", ["b", "c"])).toBe(2);
    expect(await kv.hgetall("h")).toEqual({});
  });

  it("scans keys within the namespace by glob", async () => {
    const kv = await make();
    for (const k of ["orders:1", "orders:2", "orders:10", "trades:1"]) await kv.set(k, "x");
    const found: string[] = [];
    for await (const k of kv.scan("orders:?", 2)) found.push(k);
    expect(found.sort()).toEqual(["orders:1", "orders:2"]);
    const all: string[] = [];
    for await (const k of kv.scan()) all.push(k);
    expect(all.sort()).toEqual(["orders:1", "orders:10", "orders:2", "trades:1"]);
  });

  it("validates its input", async () => {
    const kv = await make();
    await expect(kv.get("")).rejects.toThrow(TypeError);
    await expect(kv.set("k", 1 as unknown as string)).rejects.toThrow(TypeError);
    await expect(kv.set("k", "v", { ttlMs: 0 })).rejects.toThrow(RangeError);
    await expect(kv.incrBy("k", 1.5)).rejects.toThrow(RangeError);
    await kv.ping();
  });
}
