import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Ledger } from "./accounts.js";
import { CANCELLED, packFlags } from "./order.js";
import { NOT_HELD, OrderIndex, SLOT_SPACE } from "./order-index.js";

const ledger = new Ledger(1);
const account = ledger.open("a")!;

/** Places an order (price = `price`); returns its id. */
function place(index: OrderIndex, clientOrderId?: string, price = 1): number {
  const id = index.nextId();
  index.add(id, 0, account, packFlags(0, 0, 0, false, 0), price, 1, clientOrderId);
  return id;
}

function close(index: OrderIndex, id: number) {
  const slot = index.openSlotOf(id);
  index.store.setStatus(slot, CANCELLED);
  index.closed(slot);
}

/** The id of the record order `id` is found at (open or retained), or undefined. */
function found(index: OrderIndex, id: number): number | undefined {
  const at = index.locate(id);
  return at === NOT_HELD ? undefined : index.storeAt(at).id(index.slotAt(at));
}

describe("OrderIndex", () => {
  it("hands out ids 1, 2, 3, … while no slot is free for reuse", () => {
    const index = new OrderIndex(10, ledger.byIndex);
    expect([place(index), place(index), place(index)]).toEqual([1, 2, 3]);
    expect(index.openSlotOf(2)).toBe(1);
    expect(index.store.id(index.openSlotOf(2))).toBe(2);
    expect(index.openSlotOf(4)).toBe(-1);
    for (const bad of [0, -1, 1.5, Number.NaN, 2 + SLOT_SPACE, Number.POSITIVE_INFINITY]) expect(index.locate(bad)).toBe(NOT_HELD);
  });

  it("keeps the last N closed orders findable, by id and by client order id", () => {
    const index = new OrderIndex(2, ledger.byIndex);
    const ids = [1, 2, 3].map((i) => place(index, `c${i}`));
    expect(index.open).toBe(3);
    for (const id of ids) close(index, id);
    expect(index.open).toBe(0);
    expect(index.locate(ids[0]!)).toBe(NOT_HELD);
    expect(account.clientOrders?.has("c1")).toBe(false);
    expect(found(index, ids[1]!)).toBe(ids[1]);
    expect(index.openSlotOf(ids[1]!)).toBe(-1); // held, but not open
    expect(account.clientOrders?.get("c3")).toBe(ids[2]);
  });

  it("gives a new order the record the last closed order left (still cached), while that order stays findable", () => {
    const index = new OrderIndex(5, ledger.byIndex);
    const a = place(index, undefined, 100);
    const slotOfA = index.openSlotOf(a);
    close(index, a);
    const b = place(index, undefined, 200);
    expect(index.openSlotOf(b)).toBe(slotOfA);
    const at = index.locate(a);
    expect(at).toBeLessThan(NOT_HELD); // in the ring of retained closed orders
    expect(index.storeAt(at).price(index.slotAt(at))).toBe(100);
    expect(index.store.price(index.openSlotOf(b))).toBe(200);
  });

  it("reuses the most recently freed id slot under a new id that the old one can never match", () => {
    const index = new OrderIndex(0, ledger.byIndex);
    const a = place(index);
    const b = place(index);
    close(index, a);
    const c = place(index);
    expect(c).toBe(a + SLOT_SPACE);
    expect(index.locate(a)).toBe(NOT_HELD);
    expect(found(index, c)).toBe(c);
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

  it("allocates ids exactly as before records moved out of their id slots (journals replay on ids)", () => {
    // The model: one record per id slot, closed orders retained in a ring, freed slots reused last in first out.
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 }), fc.array(fc.nat(), { minLength: 1, maxLength: 200 }), (retain, script) => {
        const index = new OrderIndex(retain, ledger.byIndex);
        const open: number[] = [];
        const ring: number[] = [];
        const free: number[] = [];
        let used = 0;
        for (const step of script) {
          if (step % 3 !== 0 || open.length === 0) {
            const expected = free.length > 0 ? free[free.length - 1]! : used + 1;
            const id = place(index);
            expect(id).toBe(expected);
            if (free.length > 0) free.pop();
            else used++;
            open.push(id);
          } else {
            const [id] = open.splice(step % open.length, 1);
            close(index, id!);
            ring.push(id!);
            if (ring.length > retain) free.push(ring.shift()! + SLOT_SPACE);
          }
          for (const id of [...open, ...ring]) expect(found(index, id)).toBe(id);
        }
        expect(index.exportAllocation()).toEqual({ used, free, retained: ring });
      }),
    );
  });

  it("grows its stores past the initial capacity without losing records", () => {
    const index = new OrderIndex(0, ledger.byIndex);
    const ids = Array.from({ length: 5000 }, () => place(index));
    expect(index.store.capacity).toBeGreaterThanOrEqual(5000);
    for (const id of ids) expect(index.store.id(index.openSlotOf(id))).toBe(id);
    expect(index.open).toBe(5000);
  });

  it("lists everything it holds, in id-slot order", () => {
    const index = new OrderIndex(1, ledger.byIndex);
    const [a, b, c] = [place(index), place(index), place(index)];
    close(index, a!);
    close(index, b!); // evicts a
    expect([...index.all()].map((at) => index.storeAt(at).id(index.slotAt(at)))).toEqual([b, c]);
  });

  it("lists and finds only what it holds once closed orders are forgotten from the ring (their entries go stale)", () => {
    const index = new OrderIndex(2, ledger.byIndex);
    const ids = [place(index), place(index), place(index), place(index)];
    for (const id of ids) close(index, id); // the ring keeps the last two; the first two are forgotten
    const open = place(index, undefined, 7); // reuses the id slot freed last, under a new generation
    const held = [...index.all()].map((at) => index.storeAt(at).id(index.slotAt(at)));
    expect(held.sort((a, b) => a - b)).toEqual([ids[2]!, ids[3]!, open].sort((a, b) => a - b));
    expect(found(index, ids[0]!)).toBeUndefined();
    expect(found(index, ids[1]!)).toBeUndefined();
    expect(found(index, ids[3]!)).toBe(ids[3]);
  });

  it("restores a snapshot: open orders, retained closed ones in eviction order, and the id allocation", () => {
    const source = new OrderIndex(2, ledger.byIndex);
    const ids = [place(source, "r1"), place(source), place(source), place(source)];
    close(source, ids[0]!);
    close(source, ids[2]!);
    const held = [...source.all()].map((at) => {
      const s = source.storeAt(at);
      const i = source.slotAt(at);
      return { id: s.id(i), bookIndex: 0, account, flags: s.flags(i), price: s.price(i), quantity: 1, remaining: 1, createdAt: 0, updatedAt: 0, clientOrderId: s.clientOrderId(i) };
    });
    const allocation = source.exportAllocation();
    const copy = new OrderIndex(2, ledger.byIndex);
    copy.restore(held, allocation);
    expect(copy.exportAllocation()).toEqual(source.exportAllocation());
    for (const id of ids) expect(found(copy, id)).toBe(id);
    expect(copy.open).toBe(2);
    // Both continue identically: the next close evicts the same order, the next ids are the same.
    close(source, ids[1]!);
    close(copy, ids[1]!);
    expect([place(copy), place(copy)]).toEqual([place(source), place(source)]);
    expect(copy.exportAllocation()).toEqual(source.exportAllocation());
    // A closed order the snapshot does not retain, or a retained one it does not list, contradicts itself.
    expect(() => new OrderIndex(2, ledger.byIndex).restore(held, { ...allocation, retained: [ids[2]!] })).toThrow(/closed order/);
    expect(() => new OrderIndex(2, ledger.byIndex).restore(held.slice(1), allocation)).toThrow(/retained order/);
    expect(() => new OrderIndex(1, ledger.byIndex).restore(held, allocation)).toThrow(/retainClosedOrders/);
  });

  it("refuses a nonsensical retention", () => {
    expect(() => new OrderIndex(-1, ledger.byIndex)).toThrow(RangeError);
  });
});
