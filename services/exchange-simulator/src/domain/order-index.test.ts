import { describe, expect, it } from "vitest";
import { Ledger } from "./accounts.js";
import { CANCELLED, Order, packFlags } from "./order.js";
import type { OrderBook } from "./order-book.js";
import { OrderIndex, SLOT_SPACE } from "./order-index.js";

const account = new Ledger(1).open("a")!;

function place(index: OrderIndex, clientOrderId?: string): Order {
  const o = new Order(index.nextId(), account, {} as OrderBook, packFlags(0, 0, 0, false, 0), 1, 1, 1, clientOrderId);
  index.add(o);
  return o;
}

function close(index: OrderIndex, o: Order) {
  o.statusCode = CANCELLED;
  index.closed(o);
}

describe("OrderIndex", () => {
  it("hands out ids 1, 2, 3, … while no slot is free for reuse", () => {
    const index = new OrderIndex(10);
    expect([place(index), place(index), place(index)].map((o) => o.id)).toEqual([1, 2, 3]);
    expect(index.get(2)?.id).toBe(2);
    expect(index.get(4)).toBeUndefined();
    for (const bad of [0, -1, 1.5, Number.NaN, 2 + SLOT_SPACE]) expect(index.get(bad)).toBeUndefined();
  });

  it("keeps the last N closed orders findable, by id and by client order id", () => {
    const index = new OrderIndex(2);
    const orders = [1, 2, 3].map((i) => place(index, `c${i}`));
    expect(index.open).toBe(3);
    for (const o of orders) close(index, o);
    expect(index.open).toBe(0);
    expect(index.get(orders[0]!.id)).toBeUndefined();
    expect(account.clientOrders?.has("c1")).toBe(false);
    expect(index.get(orders[1]!.id)).toBe(orders[1]);
    expect(account.clientOrders?.get("c3")).toBe(orders[2]);
  });

  it("reuses the most recently freed slot under a new id that the old one can never match", () => {
    const index = new OrderIndex(0);
    const a = place(index);
    const b = place(index);
    close(index, a);
    const c = place(index);
    expect(c.id).toBe(a.id + SLOT_SPACE);
    expect(index.get(a.id)).toBeUndefined();
    expect(index.get(c.id)).toBe(c);
    close(index, b);
    close(index, c);
    const ids = new Set([a.id, b.id, c.id]);
    for (let i = 0; i < 1000; i++) {
      const o = place(index);
      expect(ids.has(o.id)).toBe(false);
      ids.add(o.id);
      close(index, o);
    }
    expect(index.open).toBe(0);
  });

  it("lists everything it holds", () => {
    const index = new OrderIndex(1);
    const [a, b, c] = [place(index), place(index), place(index)];
    close(index, a!);
    close(index, b!); // evicts a
    expect([...index.all()].map((o) => o.id)).toEqual([b!.id, c!.id]);
  });

  it("refuses a nonsensical retention", () => {
    expect(() => new OrderIndex(-1)).toThrow(RangeError);
  });
});
