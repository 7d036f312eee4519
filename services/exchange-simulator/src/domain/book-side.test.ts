import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BookSide } from "./book-side.js";

const prices = (side: BookSide) => [...side.levels()].map((l) => l.price);

describe("BookSide", () => {
  it("keeps bids best (highest) first and asks best (lowest) first", () => {
    const bids = new BookSide(true);
    const asks = new BookSide(false);
    for (const p of [100, 105, 95, 103, 99]) {
      bids.levelFor(p);
      asks.levelFor(p);
    }
    expect(prices(bids)).toEqual([105, 103, 100, 99, 95]);
    expect(prices(asks)).toEqual([95, 99, 100, 103, 105]);
    expect(bids.best()?.price).toBe(105);
    expect(bids.worst()?.price).toBe(95);
    expect(asks.fromBest(1)?.price).toBe(99);
    expect(bids.levelFor(100)).toBe(bids.level(100)); // existing level returned
  });

  it("stays sorted and indexed under random inserts and removals (model: a sorted array)", () => {
    fc.assert(
      fc.property(fc.boolean(), fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 60 })), { maxLength: 400 }), (isBid, ops) => {
        const side = new BookSide(isBid);
        const model = new Set<number>();
        for (const [insert, price] of ops) {
          if (insert) {
            side.levelFor(price);
            model.add(price);
          } else if (model.has(price)) {
            side.removeLevel(side.level(price)!);
            model.delete(price);
          }
        }
        const expected = [...model].sort((a, b) => (isBid ? b - a : a - b));
        expect(prices(side)).toEqual(expected);
        expect(side.levelCount).toBe(model.size);
        expect(side.best()?.price).toBe(expected[0]);
        for (const p of model) expect(side.level(p)?.price).toBe(p);
      }),
    );
  });

  it("knows which prices a taker limit reaches", () => {
    const asks = new BookSide(false);
    expect(asks.reachable(100, 100)).toBe(true);
    expect(asks.reachable(101, 100)).toBe(false);
    const bids = new BookSide(true);
    expect(bids.reachable(99, 100)).toBe(false);
    expect(bids.reachable(100, 100)).toBe(true);
    expect(bids.better(101, 100)).toBe(true);
    expect(asks.better(101, 100)).toBe(false);
  });
});
