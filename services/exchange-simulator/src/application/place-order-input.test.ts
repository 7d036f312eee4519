import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { placeOrderBody } from "./input-schemas.js";
import { placeOrderInputFast } from "./place-order-input.js";

/** Mostly valid values (so the fast path is reached), else edge lengths, wrong types and junk. */
const valid = {
  accountId: fc.constantFrom("a", "bench-trader-1", "x".repeat(64)),
  symbol: fc.constantFrom("BTC-USD", "ETH-BTC", "s".repeat(32)),
  side: fc.constantFrom("BUY", "SELL"),
  type: fc.constantFrom("LIMIT", "MARKET"),
  quantity: fc.constantFrom("1", "0.001", "12345.678", "1".repeat(40)),
  price: fc.constantFrom("30000.00", "0.5", "0"),
  timeInForce: fc.constantFrom("GTC", "IOC", "FOK"),
  postOnly: fc.boolean(),
  clientOrderId: fc.constantFrom("c-1", "c".repeat(64)),
};
const junk = {
  accountId: fc.oneof(fc.constantFrom("x".repeat(65), ""), fc.string(), fc.integer()),
  symbol: fc.oneof(fc.constantFrom("s".repeat(33), ""), fc.string()),
  side: fc.oneof(fc.constantFrom("buy", "SIDE_UNSPECIFIED", ""), fc.integer()),
  type: fc.constantFrom("limit", "", 1),
  quantity: fc.oneof(fc.constantFrom("1.", ".5", "-1", "1e3", "1".repeat(41), " 1", "1 ", ""), fc.string(), fc.double()),
  price: fc.oneof(fc.constantFrom("30,000", "", "1".repeat(41)), fc.string(), fc.constant(null)),
  timeInForce: fc.constantFrom("gtc", "DAY", 0, null),
  postOnly: fc.constantFrom("true", 1, null),
  clientOrderId: fc.oneof(fc.constantFrom("c".repeat(65), ""), fc.string()),
};
type Key = keyof typeof valid;
const KEYS = Object.keys(valid) as Key[];
const REQUIRED: readonly Key[] = ["accountId", "symbol", "side", "type", "quantity"];

/** A body: each member present (required ones nearly always), valid 9 times in 10; now and then an extra one. */
const body = fc
  .tuple(
    ...KEYS.map((k) =>
      fc.tuple(
        fc.integer({ min: 0, max: 99 }).map((n) => n < (REQUIRED.includes(k) ? 97 : 50)),
        fc.oneof({ weight: 9, arbitrary: valid[k] as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: junk[k] as fc.Arbitrary<unknown> }),
      ),
    ),
    fc.option(fc.constantFrom("extra", "constructor", "__proto__"), { freq: 20 }),
  )
  .map(([...parts]) => {
    const extra = parts.pop() as string | null;
    const value: Record<string, unknown> = {};
    (parts as [boolean, unknown][]).forEach(([present, v], i) => {
      if (present) value[KEYS[i]!] = v;
    });
    // A computed "__proto__" key is an ordinary member, as JSON.parse makes it in a REST body.
    return extra === null ? value : { ...value, [extra]: 1 };
  });

describe("placeOrderInputFast", () => {
  it("never accepts what zod refuses, and accepts exactly zod's output (keys absent stay absent)", () => {
    let accepted = 0;
    fc.assert(
      fc.property(body, (value) => {
        const fast = placeOrderInputFast(value);
        if (fast === undefined) return;
        accepted++;
        const zod = placeOrderBody.safeParse(value);
        expect(zod.success).toBe(true);
        expect(fast).toStrictEqual(zod.data);
        expect(Object.keys(fast).sort()).toEqual(Object.keys(zod.data!).sort());
      }),
      { numRuns: 20_000 },
    );
    expect(accepted, "the generator must reach the fast path often enough to mean something").toBeGreaterThan(50);
  });

  it("takes the fast path for every plainly valid request (so zod's cost is paid only for bad ones)", () => {
    const plainlyValid = fc.record(
      {
        accountId: fc.constantFrom("a", "bench-trader-1", "x".repeat(64)),
        symbol: fc.constantFrom("BTC-USD", "ETH-BTC"),
        side: fc.constantFrom("BUY", "SELL"),
        type: fc.constantFrom("LIMIT", "MARKET"),
        quantity: fc.constantFrom("1", "0.001", "12345.678"),
        price: fc.constantFrom("30000.00", "0.5"),
        timeInForce: fc.constantFrom("GTC", "IOC", "FOK"),
        postOnly: fc.boolean(),
        clientOrderId: fc.constantFrom("c-1", "c".repeat(64)),
      },
      { requiredKeys: [...REQUIRED] },
    );
    fc.assert(
      fc.property(plainlyValid, (value) => {
        expect(placeOrderInputFast(value)).toStrictEqual(placeOrderBody.parse(value));
      }),
      { numRuns: 2_000 },
    );
  });

  it("leaves non-objects and unknown members to zod", () => {
    const ok = { accountId: "a", symbol: "BTC-USD", side: "BUY", type: "LIMIT", quantity: "1" };
    expect(placeOrderInputFast(ok)).toEqual(ok);
    for (const v of [null, "x", 1, [ok], { ...ok, extra: 1 }, { ...ok, price: undefined }, JSON.parse(`{"__proto__":{},${JSON.stringify(ok).slice(1)}`)]) {
      expect(placeOrderInputFast(v)).toBeUndefined();
    }
  });
});
