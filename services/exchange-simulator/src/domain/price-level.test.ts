import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { packFlags } from "./order.js";
import { NO_SLOT, OrderStore } from "./order-store.js";
import { PriceLevel } from "./price-level.js";

describe("PriceLevel", () => {
  it("keeps FIFO order and totals through appends and removals anywhere", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.nat(50), fc.integer({ min: 1, max: 9 })), { maxLength: 300 }), (ops) => {
        const store = new OrderStore(8); // small, so that it grows during the test
        const level = new PriceLevel(100);
        const model: number[] = [];
        let nextSlot = 0;
        for (const [append, pick, lots] of ops) {
          if (append || model.length === 0) {
            const slot = nextSlot++;
            store.ensure(slot);
            store.init(slot, slot + 1, 0, 0, packFlags(0, 0, 0, false, 0), 100, lots, 0, undefined);
            level.append(store, slot);
            model.push(slot);
          } else {
            const [slot] = model.splice(pick % model.length, 1);
            level.remove(store, slot!);
            expect(store.prev(slot!)).toBe(NO_SLOT);
            expect(store.next(slot!)).toBe(NO_SLOT);
          }
        }
        expect([...level.orders(store)]).toEqual(model);
        expect(level.count).toBe(model.length);
        expect(level.quantity).toBe(model.reduce((n, s) => n + store.remaining(s), 0));
        expect(level.head).toBe(model[0] ?? NO_SLOT);
        expect(level.tail).toBe(model.at(-1) ?? NO_SLOT);
      }),
    );
  });
});
