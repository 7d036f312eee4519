import { describe, expect, it } from "vitest";
import { expectRejectedWithoutChange, fixture, ONE_BTC, P30K, USD } from "./test-support/engine-fixture.js";

describe("deposits and withdrawals", () => {
  it("credit and debit the available balance and journal the movement", () => {
    const f = fixture();
    expect(f.engine.deposit("bob", "ETH", 5)).toEqual({ ok: true, value: { asset: "ETH", available: 100_000_000_000 + 5, locked: 0 } });
    expect(f.engine.withdraw("bob", "ETH", 100_000_000_005).ok).toBe(true);
    expect(f.balance("bob", "ETH").available).toBe(0);
    expect(f.journal.events().slice(-2).map((e) => e.type)).toEqual(["Deposited", "Withdrawn"]);
  });

  it("cannot withdraw locked funds", () => {
    const f = fixture();
    f.accepted("bob", "buy", P30K, ONE_BTC); // locks 30,000 USD
    expectRejectedWithoutChange(f, () => f.engine.withdraw("bob", "USD", USD(1_000_000)), "INSUFFICIENT_FUNDS", "amount");
    expect(f.engine.withdraw("bob", "USD", USD(970_000)).ok).toBe(true);
  });

  it("rejects bad requests without change", () => {
    const f = fixture();
    expectRejectedWithoutChange(f, () => f.engine.deposit("nobody", "USD", 1), "UNKNOWN_ACCOUNT", "accountId");
    expectRejectedWithoutChange(f, () => f.engine.deposit("bob", "XRP", 1), "UNKNOWN_ASSET", "asset");
    expectRejectedWithoutChange(f, () => f.engine.deposit("bob", "USD", 0), "INVALID_AMOUNT", "amount");
    expectRejectedWithoutChange(f, () => f.engine.deposit("bob", "USD", 0.5), "INVALID_AMOUNT", "amount");
    expectRejectedWithoutChange(f, () => f.engine.deposit("bob", "USD", Number.MAX_SAFE_INTEGER), "SUPPLY_LIMIT_EXCEEDED", "amount");
    expectRejectedWithoutChange(f, () => f.engine.withdraw("bob", "USD", -1), "INVALID_AMOUNT", "amount");
    expectRejectedWithoutChange(f, () => f.engine.openAccount("bob"), "ACCOUNT_EXISTS", "accountId");
    expectRejectedWithoutChange(f, () => f.engine.openAccount("no spaces"), "INVALID_ACCOUNT_ID", "accountId");
    expectRejectedWithoutChange(f, () => f.engine.balances("nobody"), "UNKNOWN_ACCOUNT");
  });
});
