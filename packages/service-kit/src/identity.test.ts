import { describe, expect, it } from "vitest";
import {
  INSTANCE_NAME_RULE,
  InvalidInstanceNameError,
  normalizeInstanceName,
  redisPrefixFor,
  resolveIdentity,
  schemaFor,
} from "./identity.js";

/** mulberry32: a tiny seeded PRNG, so a failing random case can be replayed from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";

/** A random *accepted* instance name (already normalised): 1–63 chars, alphanumeric at both ends. */
function randomName(rand: () => number): string {
  const pick = (chars: string) => chars[Math.floor(rand() * chars.length)]!;
  // Bias towards short names and many hyphens: that is where collisions would hide.
  const length = rand() < 0.7 ? 1 + Math.floor(rand() * 8) : 1 + Math.floor(rand() * 63);
  let name = "";
  for (let i = 0; i < length; i++) {
    const edge = i === 0 || i === length - 1;
    name += edge ? pick(ALNUM) : rand() < 0.35 ? "-" : pick(ALNUM);
  }
  return name;
}

/** Every accepted name over a small alphabet up to `maxLength`: exhaustive where random sampling is thin. */
function allNames(chars: string, maxLength: number): string[] {
  const out: string[] = [];
  const grow = (prefix: string) => {
    if (prefix.length > 0) {
      try {
        out.push(normalizeInstanceName(prefix));
      } catch {
        // not an accepted name (leading/trailing '-'); its extensions may still be
      }
    }
    if (prefix.length < maxLength) for (const c of chars) grow(prefix + c);
  };
  grow("");
  return out;
}

/** The seeds' documented Redis scheme (EXS PR doc): `exchange-sim-001` → `exchange:sim:001:`. */
const seedRedisPrefix = (name: string) => `${name.replaceAll("-", ":")}:`;

/** Splits a Redis key back into (instance, key): the first ':' ends our prefix, because names hold no ':'. */
function decodeRedisKey(fullKey: string): [string, string] {
  const at = fullKey.indexOf(":");
  return [fullKey.slice(0, at), fullKey.slice(at + 1)];
}

describe("instance identity rule (architecture §4)", () => {
  it("defaults SERVICE_INSTANCE_NAME to SERVICE_NAME (unset, null or empty)", () => {
    for (const value of [undefined, null, ""]) {
      const id = resolveIdentity("exchange-simulator", value);
      expect(id).toEqual({
        service: "exchange-simulator",
        instanceName: "exchange-simulator",
        schema: "exchange_simulator",
        redisPrefix: "exchange-simulator:",
        discoveryKey: "discovery:exchange-simulator:exchange-simulator",
      });
    }
  });

  it("maps the seeds' examples", () => {
    const sim = resolveIdentity("exchange-simulator", "exchange-sim-001");
    expect(sim.schema).toBe("exchange_sim_001");
    expect(sim.redisPrefix).toBe("exchange-sim-001:");
    expect(sim.discoveryKey).toBe("discovery:exchange-simulator:exchange-sim-001");

    const lh = resolveIdentity("trading-engine", "trading-engine-LH");
    expect(lh.instanceName).toBe("trading-engine-lh");
    expect(lh.schema).toBe("trading_engine_lh");
    expect(lh.redisPrefix).toBe("trading-engine-lh:");
    // The seeds' own docs used these; our rule accepts them (the seeds' regex did not).
    expect(normalizeInstanceName("exchange-OKX")).toBe("exchange-okx");
    expect(normalizeInstanceName("trading-system-engine-LH")).toBe("trading-system-engine-lh");
  });

  it("accepts 1 and 63 characters, refuses 64", () => {
    expect(normalizeInstanceName("a")).toBe("a");
    expect(normalizeInstanceName("7")).toBe("7");
    expect(normalizeInstanceName(`a${"-".repeat(61)}b`)).toHaveLength(63);
    expect(() => normalizeInstanceName("a".repeat(64))).toThrow(InvalidInstanceNameError);
  });

  it.each([
    ["-exchange", "starts with '-'"],
    ["exchange-", "ends with '-'"],
    ["exchange_sim", "underscore (would collide with the schema mapping)"],
    ["exchange:sim", "colon (would break the Redis prefix)"],
    ["exchange sim", "space"],
    ["exchange.sim", "dot"],
    ["börse", "non-ASCII letter"],
    [" exchange", "leading whitespace"],
    ["exchange\n", "trailing newline"],
  ])("refuses %j (%s) with one line naming variable, value and rule", (value) => {
    let error: unknown;
    try {
      resolveIdentity("exchange-simulator", value);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidInstanceNameError);
    const e = error as InvalidInstanceNameError;
    expect(e.variable).toBe("SERVICE_INSTANCE_NAME");
    expect(e.value).toBe(value);
    expect(e.message).toBe(`SERVICE_INSTANCE_NAME=${JSON.stringify(value)} is invalid: ${INSTANCE_NAME_RULE}`);
    expect(e.message.split("\n")).toHaveLength(1);
  });

  it("validates SERVICE_NAME with the same rule, naming SERVICE_NAME", () => {
    expect(() => resolveIdentity("Exchange_Simulator")).toThrow(/^SERVICE_NAME="Exchange_Simulator" is invalid/);
  });

  it("lower-cases, so names differing only in case are one instance", () => {
    expect(resolveIdentity("svc", "Exchange-A")).toEqual(resolveIdentity("svc", "exchange-a"));
  });
});

describe("both mappings are injective", () => {
  // Exhaustive: every accepted name of length ≤ 4 over an alphabet that contains both ends of each class and '-'.
  const exhaustive = allNames("a9-", 4).concat(allNames("z0-", 3));

  it("schema: exhaustive small alphabet, and it can be inverted", () => {
    const names = [...new Set(exhaustive)];
    expect(names.length).toBeGreaterThan(50);
    const schemas = new Set(names.map(schemaFor));
    expect(schemas.size).toBe(names.length);
    for (const name of names) expect(schemaFor(name).replaceAll("_", "-")).toBe(name);
  });

  it.each([1, 42, 20251123])("schema and Redis prefix: 5,000 random names (seed %i)", (seed) => {
    const rand = prng(seed);
    const bySchema = new Map<string, string>();
    const byPrefix = new Map<string, string>();
    for (let i = 0; i < 5000; i++) {
      const name = randomName(rand);
      expect(normalizeInstanceName(name)).toBe(name); // the generator only makes accepted names
      const schema = schemaFor(name);
      const prefix = redisPrefixFor(name);
      // Same image ⇒ same name, otherwise the mapping is not injective.
      expect(bySchema.get(schema) ?? name).toBe(name);
      expect(byPrefix.get(prefix) ?? name).toBe(name);
      bySchema.set(schema, name);
      byPrefix.set(prefix, name);
      // Valid PostgreSQL identifier without quoting (lower-case, ≤ 63 bytes, no '-').
      expect(schema).toMatch(/^[a-z0-9][a-z0-9_]{0,62}$/);
    }
  });

  it("(instance, key) → Redis key is injective: the key can always be split back", () => {
    const rand = prng(7);
    const keys = ["x", "001:x", "orders:1", ":", "", "a-b:c", "exchange-sim-001:x"];
    for (let i = 0; i < 3000; i++) {
      const name = randomName(rand);
      const key = rand() < 0.5 ? keys[Math.floor(rand() * keys.length)]! : `${randomName(rand)}:${randomName(rand)}`;
      expect(decodeRedisKey(redisPrefixFor(name) + key)).toEqual([name, key]);
    }
  });

  it("the seeds' `exchange:sim:001:` scheme collides where ours does not", () => {
    // Two distinct (instance, key) pairs…
    const a = { instance: "exchange-sim", key: "001:x" };
    const b = { instance: "exchange-sim-001", key: "x" };
    // …land on ONE Redis key under the seeds' scheme,
    expect(seedRedisPrefix(a.instance) + a.key).toBe("exchange:sim:001:x");
    expect(seedRedisPrefix(b.instance) + b.key).toBe("exchange:sim:001:x");
    // …and on two under ours.
    expect(redisPrefixFor(a.instance) + a.key).toBe("exchange-sim:001:x");
    expect(redisPrefixFor(b.instance) + b.key).toBe("exchange-sim-001:x");

    // The ACL consequence: a per-instance key pattern for `exchange-sim` also grants `exchange-sim-001`'s keys.
    const glob = (pattern: string) => new RegExp(`^${pattern.replaceAll("*", ".*")}$`);
    expect(glob(`${seedRedisPrefix("exchange-sim")}*`).test(`${seedRedisPrefix("exchange-sim-001")}orders`)).toBe(true);
    expect(glob(`${redisPrefixFor("exchange-sim")}*`).test(`${redisPrefixFor("exchange-sim-001")}orders`)).toBe(false);
  });
});
