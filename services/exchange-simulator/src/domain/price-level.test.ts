import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Ledger } from "./accounts.js";
import { Order, packFlags } from "./order.js";
import type { OrderBook } from "./order-book.js";
import { PriceLevel } from "./price-level.js";

const account = new Ledger(2).open("a")!;
const order = (id: number, lots: number) => new Order(id, account, {} as OrderBook, packFlags(0, 0, 0, false, 0), 100, lots, lots, undefined);

describe("PriceLevel", () => {
  it("keeps FIFO order and totals through appends and removals anywhere", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.nat(50), fc.integer({ min: 1, max: 9 })), { maxLength: 300 }), (ops) => {
        const level = new PriceLevel(100);
        const model: Order[] = [];
        let nextId = 1;
        for (const [append, pick, lots] of ops) {
          if (append || model.length === 0) {
            const o = order(nextId++, lots);
            level.append(o);
            model.push(o);
          } else {
            const [o] = model.splice(pick % model.length, 1);
            level.remove(o!);
            expect(o!.prev).toBeNull();
            expect(o!.next).toBeNull();
          }
        }
        expect([...level.orders()]).toEqual(model);
        expect(level.count).toBe(model.length);
        expect(level.quantity).toBe(model.reduce((n, o) => n + o.remaining, 0));
        expect(level.head).toBe(model[0] ?? null);
        expect(level.tail).toBe(model.at(-1) ?? null);
      }),
    );
  });
});
