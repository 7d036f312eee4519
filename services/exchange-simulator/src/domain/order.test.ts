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
import { AcceptedOrder, CancelledOrder, DuplicateOrder, OrderHandle } from "./order-ref.js";
import { OrderIndex } from "./order-index.js";

const account = new Ledger(1).open("a")!;

/** An index (retaining `retain` closed orders) holding one order of book 2, a book reading that index, and a handle of the order. */
function order(flags: number, price: number, quantity: number, clientOrderId?: string, retain = 10) {
  const orders = new OrderIndex(retain, [account]);
  const book = { instrument: { symbol: "BTC-USD" }, orders, store: orders.store } as unknown as OrderBook;
  const id = orders.nextId();
  const slot = orders.add(id, 2, account, flags, price, quantity, clientOrderId);
  orders.store.setTimes(slot, 1_700_000_000_123, 1_700_000_000_123);
  return { orders, store: orders.store, slot, id, book, handle: new OrderHandle(slot, id, account, book, clientOrderId) };
}

/** Closes the order in `slot` with `status` (it moves to the ring of retained closed orders, or is forgotten). */
function close(orders: OrderIndex, slot: number, status: number) {
  orders.store.setStatus(slot, status);
  orders.closed(slot);
}

describe("order flags and handles", () => {
  it("pack and decode every field independently", () => {
    const { handle: o } = order(packFlags(SELL, MARKET, FOK, false, STP_CANCEL_BOTH), 0, 10, "c");
    expect([o.side, o.type, o.timeInForce, o.postOnly, o.selfTradePrevention, o.status]).toEqual(["sell", "market", "FOK", false, "CANCEL_BOTH", "NEW"]);
    expect([o.id, o.clientOrderId, o.account.id]).toEqual([1, "c", "a"]);
    const { handle: p, store, slot } = order(packFlags(BUY, LIMIT, IOC, true, STP_NONE), 5, 10);
    expect([p.side, p.type, p.timeInForce, p.postOnly, p.selfTradePrevention]).toEqual(["buy", "limit", "IOC", true, "NONE"]);
    expect(store.bookIndex(slot)).toBe(2);
  });

  it("tracks status without disturbing the request flags or the book index", () => {
    const flags = packFlags(BUY, LIMIT, IOC, true, STP_NONE);
    const { store, slot, handle } = order(flags, 5, 10);
    for (const [code, name, open] of [
      [NEW, "NEW", true],
      [PARTIALLY_FILLED, "PARTIALLY_FILLED", true],
      [FILLED, "FILLED", false],
      [CANCELLED, "CANCELLED", false],
      [EXPIRED, "EXPIRED", false],
    ] as const) {
      store.setStatus(slot, code);
      expect(handle.status).toBe(name);
      expect(handle.isOpen).toBe(open);
      expect(isOpenFlags(store.flags(slot))).toBe(open);
      expect(requestFlagsOf(store.flags(slot))).toBe(flags);
      expect(handle.postOnly).toBe(true);
      expect(store.bookIndex(slot)).toBe(2);
    }
  });

  it("is live while the engine holds the order: quantities and timestamps follow the record, also after it closes", () => {
    const { orders, store, slot, handle } = order(packFlags(BUY, LIMIT, 0, false, 0), 5, 10);
    expect([handle.createdAt, handle.updatedAt]).toEqual([1_700_000_000_123, 1_700_000_000_123]);
    store.setRemaining(slot, 3);
    store.touch(slot, 1_700_000_000_200);
    expect([handle.remaining, handle.filled, handle.quantity, handle.price]).toEqual([3, 7, 10, 5]);
    expect(handle.updatedAt).toBe(1_700_000_000_200);
    expect(handle.createdAt).toBe(1_700_000_000_123);
    close(orders, slot, CANCELLED);
    // A new order takes the freed record; the closed one is read from the ring of retained orders.
    const next = orders.add(orders.nextId(), 0, account, packFlags(SELL, MARKET, IOC, false, 0), 0, 99, undefined);
    expect(next).toBe(slot);
    expect([handle.status, handle.remaining, handle.price, handle.side]).toEqual(["CANCELLED", 3, 5, "buy"]);
  });

  it("refuses to read a forgotten order, but keeps its identity", () => {
    const { orders, slot, handle } = order(packFlags(BUY, LIMIT, 0, false, 0), 5, 10, "k", 1);
    close(orders, slot, CANCELLED);
    expect(handle.status).toBe("CANCELLED"); // retained
    const other = orders.add(orders.nextId(), 0, account, packFlags(BUY, LIMIT, 0, false, 0), 5, 1, undefined);
    close(orders, other, CANCELLED); // the ring (of one) forgets the first order
    expect(() => handle.remaining).toThrow(/order 1 is no longer held/);
    expect(() => handle.status).toThrow(/no longer held/);
    expect([handle.id, handle.clientOrderId, handle.account.id]).toEqual([1, "k", "a"]);
  });

  it("copies an order that was forgotten before its handle was made: it stays readable after its record is reused", () => {
    const { orders, store, slot, id, book } = order(packFlags(SELL, LIMIT, 0, false, 0), 5, 10, undefined, 0);
    store.setRemaining(slot, 4);
    store.touch(slot, 1_700_000_000_999);
    close(orders, slot, CANCELLED); // closed and forgotten in the same operation (retainClosedOrders 0)
    const handle = new OrderHandle(slot, id, account, book, undefined);
    const reuse = orders.add(orders.nextId(), 0, account, packFlags(BUY, MARKET, IOC, false, 0), 0, 99, undefined);
    expect(reuse).toBe(slot);
    expect([handle.status, handle.remaining, handle.filled, handle.price, handle.side, handle.updatedAt]).toEqual(["CANCELLED", 4, 6, 5, "sell", 1_700_000_000_999]);
    expect(handle.isOpen).toBe(false);
  });

  it("results are handles of their order: order / value return the result itself", () => {
    const { orders, store, slot, id, book } = order(packFlags(BUY, LIMIT, 0, false, 0), 5, 10, "c");
    const trades: never[] = [];
    const placed = new AcceptedOrder(slot, id, account, book, "c", trades);
    expect(placed.order).toBe(placed);
    expect(placed).toMatchObject({ ok: true, trades, duplicate: false, order: { id, status: "NEW", remaining: 10, clientOrderId: "c" } });
    store.setStatus(slot, CANCELLED);
    orders.closed(slot);
    const cancelled = new CancelledOrder(slot, id, account, book, "c");
    expect(cancelled).toMatchObject({ ok: true, value: { id, status: "CANCELLED" } });
    expect(placed.order.status).toBe("CANCELLED"); // live
    expect(placed).toBeInstanceOf(OrderHandle);
    expect(JSON.parse(JSON.stringify(placed.order))).toMatchObject({ id, status: "CANCELLED", accountId: "a" });
    const retried = new DuplicateOrder(id, account, book, "c", []);
    expect(retried).toMatchObject({ ok: true, duplicate: true, trades: [], order: { id } });
    expect(retried.order).toBe(retried);
    expect(retried).toBeInstanceOf(AcceptedOrder);
  });
});
