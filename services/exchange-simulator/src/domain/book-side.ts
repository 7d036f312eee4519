/**
 * One side of a book: its price levels, kept in an array sorted from the worst price to the best, plus a
 * Map from price to level.
 *
 * Why this shape: the best level is the last element (O(1) to read and to pop when it empties, which is
 * what matching does); looking up a level by price is one Map get; adding or removing a level elsewhere is a
 * binary search plus an array splice. With the few hundred active levels a realistic book has, the splice
 * moves at most a few hundred pointers, usually a handful, since activity concentrates near the touch —
 * cheaper in practice than a balanced tree, which would allocate a node per level and chase pointers.
 */
import { PriceLevel } from "./price-level.js";

export class BookSide {
  /** Sorted worst → best: ascending prices for bids, descending for asks. */
  private readonly sorted: PriceLevel[] = [];
  private readonly byPrice = new Map<number, PriceLevel>();

  constructor(readonly isBid: boolean) {}

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
    return this.byPrice.get(price);
  }

  /** The level at `price`, created (empty) if missing. */
  levelFor(price: number): PriceLevel {
    const existing = this.byPrice.get(price);
    if (existing !== undefined) return existing;
    const level = new PriceLevel(price);
    this.byPrice.set(price, level);
    const sorted = this.sorted;
    const n = sorted.length;
    // Fast paths: a new best (the common case near the touch) or a new worst.
    if (n === 0 || this.better(price, sorted[n - 1]!.price)) sorted.push(level);
    else if (this.better(sorted[0]!.price, price)) sorted.unshift(level);
    else sorted.splice(this.insertionIndex(price), 0, level);
    return level;
  }

  /** Drops an (empty) level. */
  removeLevel(level: PriceLevel): void {
    this.byPrice.delete(level.price);
    const sorted = this.sorted;
    const last = sorted.length - 1;
    if (sorted[last] === level) {
      sorted.pop();
      return;
    }
    const i = this.insertionIndex(level.price) - 1;
    if (sorted[i] !== level) throw new Error(`book side out of order: level ${level.price} not found`);
    sorted.splice(i, 1);
  }

  /** True if price `a` would match before price `b` on this side. */
  better(a: number, b: number): boolean {
    return this.isBid ? a > b : a < b;
  }

  /** True if a resting order of this side at `levelPrice` is reachable by a taker limited to `limit`. */
  reachable(levelPrice: number, limit: number): boolean {
    return this.isBid ? levelPrice >= limit : levelPrice <= limit;
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
