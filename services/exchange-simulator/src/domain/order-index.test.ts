import { describe, expect, it } from "vitest";
import { Ledger } from "./accounts.js";
import { CANCELLED, packFlags } from "./order.js";
import { OrderIndex, SLOT_SPACE } from "./order-index.js";

const ledger = new Ledger(1);
const account = ledger.open("a")!;

/** Places an order; returns its id. */
function place(index: OrderIndex, clientOrderId?: string): number {
  const id = index.nextId();
  index.add(id, 0, account, packFlags(0, 0, 0, false, 0), 1, 1, 1_700_000_000_000, clientOrderId);
  return id;
}

function close(index: OrderIndex, id: number) {
  const slot = index.slotOf(id);
  index.store.setStatus(slot, CANCELLED);
  index.closed(slot);
}

describe("OrderIndex", () => {
  it("hands out ids 1, 2, 3, … while no slot is free for reuse", () => {
    const index = new OrderIndex(10, ledger.byIndex);
    expect([place(index), place(index), place(index)]).toEqual([1, 2, 3]);
    expect(index.slotOf(2)).toBe(1);
    expect(index.store.id(index.slotOf(2))).toBe(2);
    expect(index.slotOf(4)).toBe(-1);
    for (const bad of [0, -1, 1.5, Number.NaN, 2 + SLOT_SPACE, Number.POSITIVE_INFINITY]) expect(index.slotOf(bad)).toBe(-1);
  });

  it("keeps the last N closed orders findable, by id and by client order id", () => {
    const index = new OrderIndex(2, ledger.byIndex);
    const ids = [1, 2, 3].map((i) => place(index, `c${i}`));
    expect(index.open).toBe(3);
    for (const id of ids) close(index, id);
    expect(index.open).toBe(0);
    expect(index.slotOf(ids[0]!)).toBe(-1);
    expect(account.clientOrders?.has("c1")).toBe(false);
    expect(index.slotOf(ids[1]!)).toBeGreaterThanOrEqual(0);
    expect(account.clientOrders?.get("c3")).toBe(ids[2]);
  });

  it("reuses the most recently freed slot under a new id that the old one can never match", () => {
    const index = new OrderIndex(0, ledger.byIndex);
    const a = place(index);
    const b = place(index);
    close(index, a);
    const c = place(index);
    expect(c).toBe(a + SLOT_SPACE);
    expect(index.slotOf(a)).toBe(-1);
    expect(index.slotOf(c)).toBe(0);
    close(index, b);
    close(index, c);
    const ids = new Set([a, b, c]);
    for (let i = 0; i < 1000; i++) {
      const o = place(index);
      expect(ids.has(o)).toBe(false);
      ids.add(o);
      close(index, o);
    }
    expect(index.open).toBe(0);
  });

  it("grows its store past the initial capacity without losing records", () => {
    const index = new OrderIndex(0, ledger.byIndex);
    const ids = Array.from({ length: 5000 }, () => place(index));
    expect(index.store.capacity).toBeGreaterThanOrEqual(5000);
    for (const id of ids) expect(index.store.id(index.slotOf(id))).toBe(id);
    expect(index.open).toBe(5000);
  });

  it("lists everything it holds", () => {
    const index = new OrderIndex(1, ledger.byIndex);
    const [a, b, c] = [place(index), place(index), place(index)];
    close(index, a!);
    close(index, b!); // evicts a
    expect([...index.all()].map((s) => index.store.id(s))).toEqual([b, c]);
  });

  it("refuses a nonsensical retention", () => {
    expect(() => new OrderIndex(-1, ledger.byIndex)).toThrow(RangeError);
  });
});
