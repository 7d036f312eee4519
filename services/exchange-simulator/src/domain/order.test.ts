import { describe, expect, it } from "vitest";
import { Ledger } from "./accounts.js";
import { BUY, CANCELLED, EXPIRED, FILLED, FOK, IOC, LIMIT, MARKET, NEW, Order, PARTIALLY_FILLED, packFlags, SELL, STP_CANCEL_BOTH, STP_NONE } from "./order.js";
import type { OrderBook } from "./order-book.js";

const account = new Ledger(1).open("a")!;

describe("Order flags", () => {
  it("pack and decode every field independently", () => {
    const o = new Order(7, account, {} as OrderBook, packFlags(SELL, MARKET, FOK, false, STP_CANCEL_BOTH), 0, 10, 10, "c");
    expect([o.side, o.type, o.timeInForce, o.postOnly, o.selfTradePrevention, o.status]).toEqual(["sell", "market", "FOK", false, "CANCEL_BOTH", "NEW"]);
    const p = new Order(8, account, {} as OrderBook, packFlags(BUY, LIMIT, IOC, true, STP_NONE), 5, 10, 10, undefined);
    expect([p.side, p.type, p.timeInForce, p.postOnly, p.selfTradePrevention]).toEqual(["buy", "limit", "IOC", true, "NONE"]);
  });

  it("tracks status without disturbing the request flags", () => {
    const o = new Order(1, account, {} as OrderBook, packFlags(BUY, LIMIT, IOC, true, STP_NONE), 5, 10, 10, undefined);
    const request = o.requestFlags;
    for (const [code, name, open] of [
      [NEW, "NEW", true],
      [PARTIALLY_FILLED, "PARTIALLY_FILLED", true],
      [FILLED, "FILLED", false],
      [CANCELLED, "CANCELLED", false],
      [EXPIRED, "EXPIRED", false],
    ] as const) {
      o.statusCode = code;
      expect(o.status).toBe(name);
      expect(o.isOpen).toBe(open);
      expect(o.requestFlags).toBe(request);
      expect(o.postOnly).toBe(true);
    }
  });

  it("derives the filled quantity", () => {
    const o = new Order(1, account, {} as OrderBook, packFlags(BUY, LIMIT, 0, false, 0), 5, 10, 3, undefined);
    expect(o.filled).toBe(7);
  });
});
