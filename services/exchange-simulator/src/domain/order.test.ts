import { describe, expect, it } from "vitest";
import { Ledger } from "./accounts.js";
import {
  BUY,
  CANCELLED,
  EXPIRED,
  FILLED,
  FOK,
  IOC,
  isOpenFlags,
  LIMIT,
  MARKET,
  NEW,
  PARTIALLY_FILLED,
  packFlags,
  requestFlagsOf,
  SELL,
  STP_CANCEL_BOTH,
  STP_NONE,
} from "./order.js";
import type { OrderBook } from "./order-book.js";
import { AcceptedOrder, CancelledOrder, OrderHandle } from "./order-ref.js";
import { OrderStore } from "./order-store.js";

const account = new Ledger(1).open("a")!;
const book = { instrument: { symbol: "BTC-USD" } } as OrderBook;

/** A store holding one order in slot 3 (book 2, account 0) and a handle of it. */
function order(flags: number, price: number, quantity: number, clientOrderId?: string) {
  const store = new OrderStore(4);
  store.init(3, 7, 2, account.index, flags, price, quantity, 1_700_000_000_123, clientOrderId);
  return { store, handle: new OrderHandle(store, 3, 7, account, book, clientOrderId) };
}

describe("order flags and handles", () => {
  it("pack and decode every field independently", () => {
    const { handle: o } = order(packFlags(SELL, MARKET, FOK, false, STP_CANCEL_BOTH), 0, 10, "c");
    expect([o.side, o.type, o.timeInForce, o.postOnly, o.selfTradePrevention, o.status]).toEqual(["sell", "market", "FOK", false, "CANCEL_BOTH", "NEW"]);
    expect([o.id, o.clientOrderId, o.account.id]).toEqual([7, "c", "a"]);
    const { handle: p, store } = order(packFlags(BUY, LIMIT, IOC, true, STP_NONE), 5, 10);
    expect([p.side, p.type, p.timeInForce, p.postOnly, p.selfTradePrevention]).toEqual(["buy", "limit", "IOC", true, "NONE"]);
    expect(store.bookIndex(3)).toBe(2);
  });

  it("tracks status without disturbing the request flags or the book index", () => {
    const flags = packFlags(BUY, LIMIT, IOC, true, STP_NONE);
    const { store, handle } = order(flags, 5, 10);
    for (const [code, name, open] of [
      [NEW, "NEW", true],
      [PARTIALLY_FILLED, "PARTIALLY_FILLED", true],
      [FILLED, "FILLED", false],
      [CANCELLED, "CANCELLED", false],
      [EXPIRED, "EXPIRED", false],
    ] as const) {
      store.setStatus(3, code);
      expect(handle.status).toBe(name);
      expect(handle.isOpen).toBe(open);
      expect(isOpenFlags(store.flags(3))).toBe(open);
      expect(requestFlagsOf(store.flags(3))).toBe(flags);
      expect(handle.postOnly).toBe(true);
      expect(store.bookIndex(3)).toBe(2);
    }
  });

  it("is live while the slot holds the order: quantities and timestamps follow the record", () => {
    const { store, handle } = order(packFlags(BUY, LIMIT, 0, false, 0), 5, 10);
    expect([handle.createdAt, handle.updatedAt]).toEqual([1_700_000_000_123, 1_700_000_000_123]);
    store.setRemaining(3, 3);
    store.touch(3, 1_700_000_000_200);
    expect([handle.remaining, handle.filled, handle.quantity, handle.price]).toEqual([3, 7, 10, 5]);
    expect(handle.updatedAt).toBe(1_700_000_000_200);
    expect(handle.createdAt).toBe(1_700_000_000_123);
  });

  it("refuses to read a forgotten order, but keeps its identity", () => {
    const { store, handle } = order(packFlags(BUY, LIMIT, 0, false, 0), 5, 10, "k");
    store.clear(3);
    expect(() => handle.remaining).toThrow(/order 7 is no longer held/);
    expect(() => handle.status).toThrow(/no longer held/);
    expect([handle.id, handle.clientOrderId, handle.account.id]).toEqual([7, "k", "a"]);
  });

  it("copies an order that was forgotten before its handle was made: it stays readable after the slot is reused", () => {
    const { store } = order(packFlags(SELL, LIMIT, 0, false, 0), 5, 10);
    store.setRemaining(3, 4);
    store.setStatus(3, CANCELLED);
    store.touch(3, 1_700_000_000_999);
    store.clear(3); // closed and forgotten in the same operation (retainClosedOrders 0)
    const handle = new OrderHandle(store, 3, 7, account, book, undefined);
    store.init(3, 7 + 2 ** 22, 0, account.index, packFlags(BUY, MARKET, IOC, false, 0), 0, 99, 1, undefined);
    expect([handle.status, handle.remaining, handle.filled, handle.price, handle.side, handle.updatedAt]).toEqual(["CANCELLED", 4, 6, 5, "sell", 1_700_000_000_999]);
    expect(handle.isOpen).toBe(false);
  });

  it("results are handles of their order: order / value return the result itself", () => {
    const { store } = order(packFlags(BUY, LIMIT, 0, false, 0), 5, 10, "c");
    const trades: never[] = [];
    const placed = new AcceptedOrder(store, 3, 7, account, book, "c", trades, false);
    expect(placed.order).toBe(placed);
    expect(placed).toMatchObject({ ok: true, trades, duplicate: false, order: { id: 7, status: "NEW", remaining: 10, clientOrderId: "c" } });
    store.setStatus(3, CANCELLED);
    const cancelled = new CancelledOrder(store, 3, 7, account, book, "c");
    expect(cancelled).toMatchObject({ ok: true, value: { id: 7, status: "CANCELLED" } });
    expect(placed.order.status).toBe("CANCELLED"); // live
    expect(placed).toBeInstanceOf(OrderHandle);
    expect(JSON.parse(JSON.stringify(placed.order))).toMatchObject({ id: 7, status: "CANCELLED", accountId: "a" });
  });
});
