/**
 * One side of a book: its price levels, kept in an array sorted from the worst price to the best, plus an
 * index from price to level.
 *
 * Why this shape: the best level is the last element (O(1) to read and to pop when it empties, which is
 * what matching does); adding or removing a level elsewhere is a binary search plus moving the levels
 * between it and the best by one. With the few hundred active levels a realistic book has, that moves at
 * most a few hundred pointers, usually a handful, since activity concentrates near the touch — cheaper in
 * practice than a balanced tree, which would allocate a node per level and chase pointers.
 *
 * The price → level index is a ladder: a dense array of `ladderSize` slots covering the prices
 * [ladderBase, ladderBase + ladderSize), where almost all activity happens, and a Map for levels outside it.
 * Every rest and every cancel looks a level up by price; an array read is a few nanoseconds where a Map
 * lookup costs ~20, and a Map whose levels come and go also reallocates its table as it grows and shrinks
 * (measured: ~40 bytes per order on the benchmark's deep book). When a new best level falls outside the
 * window (the market moved ladderSize / 2 ticks)
 * the window is re-centred on it, moving the levels between array and Map: O(levels), once per such move
 * (never more often than the best price moving ladderSize / 2 ticks away from the last centre).
 */
import { PriceLevel } from "./price-level.js";

/** Default ladder width in ticks: far wider than the spread of a busy book's active levels. */
export const DEFAULT_LADDER_SIZE = 4096;

export class BookSide {
  /** Sorted worst → best: ascending prices for bids, descending for asks. */
  private readonly sorted: PriceLevel[] = [];
  /** Levels with prices in [ladderBase, ladderBase + ladderSize), at index price − ladderBase. */
  private readonly ladder: (PriceLevel | undefined)[];
  /** NaN until the first level exists: every window test fails, so the first level centres the window. */
  private ladderBase = Number.NaN;
  /** Levels outside the ladder's window. */
  private readonly outside = new Map<number, PriceLevel>();

  constructor(
    readonly isBid: boolean,
    private readonly ladderSize = DEFAULT_LADDER_SIZE,
  ) {
    if (!Number.isInteger(ladderSize) || ladderSize < 2) throw new RangeError(`ladderSize must be an integer ≥ 2 (got ${ladderSize})`);
    this.ladder = new Array<PriceLevel | undefined>(ladderSize).fill(undefined);
  }

  /** The level orders of this side match first, if any. */
  best(): PriceLevel | undefined {
    return this.sorted[this.sorted.length - 1];
  }

  /** The level furthest from the touch, if any. */
  worst(): PriceLevel | undefined {
    return this.sorted[0];
  }

  /** The `i`-th level counting from the best (0 = best). */
  fromBest(i: number): PriceLevel | undefined {
    return this.sorted[this.sorted.length - 1 - i];
  }

  get levelCount(): number {
    return this.sorted.length;
  }

  level(price: number): PriceLevel | undefined {
    const i = price - this.ladderBase;
    return i >= 0 && i < this.ladderSize ? this.ladder[i] : this.outside.get(price);
  }

  /** The level at `price`, created (empty) if missing. */
  levelFor(price: number): PriceLevel {
    const existing = this.level(price);
    if (existing !== undefined) return existing;
    const level = new PriceLevel(price);
    const sorted = this.sorted;
    const n = sorted.length;
    // Fast paths: a new best (the common case near the touch) or a new worst.
    const isBest = n === 0 || this.better(price, sorted[n - 1]!.price);
    if (isBest) sorted.push(level);
    else this.insertAt(this.better(sorted[0]!.price, price) ? 0 : this.insertionIndex(price), level);
    const i = price - this.ladderBase;
    if (i >= 0 && i < this.ladderSize) this.ladder[i] = level;
    else if (isBest) this.recentre(price); // the touch left the window: move the window (indexes `level` too)
    else this.outside.set(price, level);
    return level;
  }

  /** Drops an (empty) level. */
  removeLevel(level: PriceLevel): void {
    const price = level.price;
    const i = price - this.ladderBase;
    if (i >= 0 && i < this.ladderSize) this.ladder[i] = undefined;
    else this.outside.delete(price);
    const sorted = this.sorted;
    const last = sorted.length - 1;
    if (sorted[last] === level) {
      sorted.pop();
      return;
    }
    const at = this.insertionIndex(price) - 1;
    if (sorted[at] !== level) throw new Error(`book side out of order: level ${price} not found`);
    for (let i = at; i < last; i++) sorted[i] = sorted[i + 1]!;
    sorted.pop();
  }

  /** Inserts `level` at index `at` of `sorted`, moving the better levels up one. (Not splice: it allocates the array of removed elements.) */
  private insertAt(at: number, level: PriceLevel): void {
    const sorted = this.sorted;
    sorted.push(level);
    for (let i = sorted.length - 1; i > at; i--) sorted[i] = sorted[i - 1]!;
    sorted[at] = level;
  }

  /** True if price `a` would match before price `b` on this side. */
  better(a: number, b: number): boolean {
    return this.isBid ? a > b : a < b;
  }

  /** True if a resting order of this side at `levelPrice` is reachable by a taker limited to `limit`. */
  reachable(levelPrice: number, limit: number): boolean {
    return this.isBid ? levelPrice >= limit : levelPrice <= limit;
  }

  /** Re-indexes every level with the ladder's window centred on `price` (sorted holds every level). O(levels). */
  private recentre(price: number): void {
    for (const level of this.sorted) {
      const i = level.price - this.ladderBase;
      if (i >= 0 && i < this.ladderSize) this.ladder[i] = undefined;
    }
    this.outside.clear();
    this.ladderBase = price - Math.floor(this.ladderSize / 2);
    for (const level of this.sorted) {
      const i = level.price - this.ladderBase;
      if (i >= 0 && i < this.ladderSize) this.ladder[i] = level;
      else this.outside.set(level.price, level);
    }
  }

  /** The number of levels whose price is worse than or equal to `price` (binary search over the sorted array). */
  private insertionIndex(price: number): number {
    const sorted = this.sorted;
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.better(price, sorted[mid]!.price) || sorted[mid]!.price === price) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Levels from best to worst (snapshots, metrics; not the matching path). */
  *levels(): IterableIterator<PriceLevel> {
    for (let i = this.sorted.length - 1; i >= 0; i--) yield this.sorted[i]!;
  }
}
