import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BookSide, DEFAULT_LADDER_SIZE } from "./book-side.js";

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
    // Ladder widths from 2 (nearly every level outside the window, the window re-centred all the time) to the
    // default (every level inside): the price index must agree with the model whichever structure holds a level.
    const ladderSize = fc.constantFrom(2, 3, 8, 32, DEFAULT_LADDER_SIZE);
    const ops = fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 60 })), { maxLength: 400 });
    fc.assert(
      fc.property(fc.boolean(), ladderSize, ops, (isBid, width, ops) => {
        const side = new BookSide(isBid, width);
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
        for (let p = 0; p <= 61; p++) expect(side.level(p)?.price).toBe(model.has(p) ? p : undefined);
      }),
    );
  });

  it("finds levels far outside the ladder's window and follows the touch when it moves", () => {
    const asks = new BookSide(false, 16);
    const far = [5_000_000, 2 ** 40, Number.MAX_SAFE_INTEGER];
    for (const p of [1_000, 1_001, ...far]) asks.levelFor(p);
    for (const p of [1_000, 1_001, ...far]) expect(asks.level(p)?.price).toBe(p);
    asks.levelFor(500); // a new best 500 ticks below: the window moves there, 1,000 is now outside
    expect(asks.best()?.price).toBe(500);
    for (const p of [500, 1_000, 1_001, ...far]) expect(asks.level(p)?.price).toBe(p);
    asks.removeLevel(asks.level(1_000)!);
    expect(asks.level(1_000)).toBeUndefined();
    expect([...asks.levels()].map((l) => l.price)).toEqual([500, 1_001, ...far]);
    expect(() => new BookSide(true, 1)).toThrow(RangeError);
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
