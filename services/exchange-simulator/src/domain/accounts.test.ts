import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkedProduct, feeOf, Ledger, SUPPLY_LIMIT } from "./accounts.js";

describe("Ledger", () => {
  it("opens accounts once and moves funds between available and locked", () => {
    const l = new Ledger(2);
    const a = l.open("a")!;
    expect(l.open("a")).toBeUndefined();
    expect(l.get("a")).toBe(a);
    expect(l.deposit(a, 0, 100)).toBe(true);
    expect(l.lock(a, 0, 60)).toBe(true);
    expect(l.lock(a, 0, 41)).toBe(false);
    expect(l.withdraw(a, 0, 41)).toBe(false);
    l.release(a, 0, 10);
    expect([a.available[0], a.locked[0]]).toEqual([50, 50]);
    expect(l.withdraw(a, 0, 50)).toBe(true);
    expect(l.supply[0]).toBe(50);
    expect(l.heldBy(0)).toBe(50);
  });

  it("refuses a deposit that would take the asset's supply past 2^53 − 1", () => {
    const l = new Ledger(1);
    const a = l.open("a")!;
    expect(l.deposit(a, 0, SUPPLY_LIMIT)).toBe(true);
    expect(l.deposit(a, 0, 1)).toBe(false);
    expect(a.available[0]).toBe(SUPPLY_LIMIT);
  });

  it("settles a fill conserving both assets, fees included", () => {
    const l = new Ledger(2); // 0 = base, 1 = quote
    const buyer = l.open("buyer")!;
    const seller = l.open("seller")!;
    l.deposit(buyer, 1, 1_000);
    l.deposit(seller, 0, 10);
    l.lock(buyer, 1, 500); // locked at its limit
    l.lock(seller, 0, 10);
    l.settle(0, 1, buyer, seller, 10, 450, 500, 1, 9);
    expect([buyer.available[0], buyer.available[1], buyer.locked[1]]).toEqual([9, 550, 0]);
    expect([seller.locked[0], seller.available[1]]).toEqual([0, 441]);
    expect([l.fees[0], l.fees[1]]).toEqual([1, 9]);
    for (const asset of [0, 1]) expect(l.heldBy(asset) + l.fees[asset]!).toBe(l.supply[asset]);
  });
});

describe("feeOf", () => {
  it("rounds down", () => {
    expect(feeOf(10_000, 20)).toBe(20);
    expect(feeOf(9_999, 20)).toBe(19);
    expect(feeOf(1, 10_000)).toBe(1);
    expect(feeOf(12345, 0)).toBe(0);
  });

  it("equals floor(amount × bps / 10⁴) exactly for every safe amount", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: BigInt(Number.MAX_SAFE_INTEGER) }), fc.integer({ min: 0, max: 10_000 }), (amount, bps) => {
        expect(feeOf(Number(amount), bps)).toBe(Number((amount * BigInt(bps)) / 10_000n));
      }),
    );
  });
});

describe("checkedProduct", () => {
  it("is exact within the safe range and −1 beyond it", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 40n }), fc.bigInt({ min: 0n, max: 2n ** 30n }), fc.bigInt({ min: 1n, max: 1000n }), (a, b, c) => {
        const exact = a * b * c;
        const got = checkedProduct(Number(a), Number(b), Number(c));
        expect(got).toBe(exact <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(exact) : -1);
      }),
    );
  });
});
