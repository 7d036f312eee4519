/**
 * A deterministic deep-book workload, generated once (untimed) into typed arrays so that every engine is fed
 * the identical op sequence. A small shadow book inside the generator tracks what rests, so cancels always
 * target resting orders and market orders only arrive when the opposite side has liquidity; its final
 * state is a third, independent prediction of the book every engine must end with.
 *
 * Mix (after an untimed preload of resting orders): 60 % limit (5 % of them marketable, 0–2 ticks through
 * the touch; the rest passive at mid ∓ (1 + geo(10)) ticks, clamped so they never cross), 30 % cancels of
 * resting orders (half among the 256 most recently placed), 10 % market orders of 1 + geo(19) lots. Sizes
 * are 1 + geo(9) lots. The latent mid price takes a ±1-tick random step with probability 0.1 per op.
 */
import { seededRandom } from "../src/domain/chaos.js";

export const OP_LIMIT = 0;
export const OP_CANCEL = 1;
export const OP_MARKET = 2;

export interface WorkloadOptions {
  readonly seed: number;
  /** Resting orders placed before the measured part (not timed). */
  readonly preload: number;
  /** Ops run before timing starts (JIT warm-up), after the preload. */
  readonly warmup: number;
  /** Timed ops. */
  readonly ops: number;
  /** Starting mid price in ticks. */
  readonly mid: number;
}

export interface Workload {
  readonly options: WorkloadOptions;
  /** preload + warmup + ops entries. */
  readonly length: number;
  readonly kind: Uint8Array;
  /** 0 buy, 1 sell. */
  readonly side: Uint8Array;
  readonly price: Int32Array;
  readonly size: Int32Array;
  /** Limit: the new order's generator id (1, 2, …). Cancel: the target's generator id. Market: 0. */
  readonly id: Int32Array;
  /** 1 for a limit order that crosses the book when it arrives (it trades at once), else 0. Not hashed: derived. */
  readonly crosses: Uint8Array;
  /** What the shadow book holds at the end: [price, lots] per level, best first. */
  readonly expected: { readonly bids: Array<[number, number]>; readonly asks: Array<[number, number]> };
  readonly expectedResting: number;
  /** FNV-1a over the op arrays: proves two processes generated the same sequence. */
  readonly hash: string;
}

/** The domain's seeded PRNG (mulberry32): one generator for workloads, scenarios and tests. */
export const prng = seededRandom;

/** Geometric number of failures before a success, with the given mean. */
function geometric(random: () => number, mean: number): number {
  const p = 1 / (mean + 1);
  return Math.floor(Math.log(1 - random()) / Math.log(1 - p));
}

interface ShadowOrder {
  side: number;
  price: number;
  remaining: number;
}

interface ShadowLevel {
  lots: number;
  queue: number[];
  head: number;
}

/** The generator's reference book: Map price → FIFO of ids with lazy deletion; best price by scanning ticks. */
class ShadowBook {
  readonly orders = new Map<number, ShadowOrder>();
  readonly levels: Map<number, ShadowLevel>[] = [new Map(), new Map()];
  /** Best price per side (index 0 bids, 1 asks); 0 = side empty. */
  readonly best: number[] = [0, 0];
  /** Live ids in arbitrary order (swap-remove), for uniform cancel targets. */
  readonly live: number[] = [];
  readonly liveIndex = new Map<number, number>();

  lv(side: number): Map<number, ShadowLevel> {
    return this.levels[side]!;
  }

  bestOf(side: number): number {
    return this.best[side]!;
  }

  add(id: number, side: number, price: number, size: number): void {
    const remaining = this.match(side, price, size);
    if (remaining === 0) return;
    this.orders.set(id, { side, price, remaining });
    let level = this.lv(side).get(price);
    if (level === undefined) {
      level = { lots: 0, queue: [], head: 0 };
      this.lv(side).set(price, level);
    }
    level.queue.push(id);
    level.lots += remaining;
    const b = this.bestOf(side);
    if (b === 0 || (side === 0 ? price > b : price < b)) this.best[side] = price;
    this.liveIndex.set(id, this.live.length);
    this.live.push(id);
  }

  /** Matches an incoming order; limit 0 = market. Returns the unfilled lots. */
  match(side: number, limit: number, size: number): number {
    const other = 1 - side;
    let left = size;
    while (left > 0) {
      const price = this.bestOf(other);
      if (price === 0) break;
      if (limit !== 0 && (side === 0 ? price > limit : price < limit)) break;
      const level = this.lv(other).get(price)!;
      while (left > 0 && level.head < level.queue.length) {
        const maker = this.orders.get(level.queue[level.head]!);
        if (maker === undefined) {
          level.head++; // cancelled or filled earlier (lazy deletion)
          continue;
        }
        const q = Math.min(left, maker.remaining);
        maker.remaining -= q;
        level.lots -= q;
        left -= q;
        if (maker.remaining === 0) {
          this.kill(level.queue[level.head]!);
          level.head++;
        }
      }
      if (level.lots === 0) this.dropLevel(other, price);
    }
    return left;
  }

  cancel(id: number): void {
    const o = this.orders.get(id)!;
    const level = this.lv(o.side).get(o.price)!;
    level.lots -= o.remaining;
    this.kill(id);
    if (level.lots === 0) this.dropLevel(o.side, o.price);
  }

  private kill(id: number): void {
    this.orders.delete(id);
    const i = this.liveIndex.get(id)!;
    const last = this.live.pop()!;
    if (last !== id) {
      this.live[i] = last;
      this.liveIndex.set(last, i);
    }
    this.liveIndex.delete(id);
  }

  private dropLevel(side: number, price: number): void {
    const levels = this.lv(side);
    levels.delete(price);
    if (this.best[side] !== price) return;
    if (levels.size === 0) {
      this.best[side] = 0;
      return;
    }
    const step = side === 0 ? -1 : 1;
    let p = price + step;
    while (!levels.has(p)) p += step;
    this.best[side] = p;
  }

  depth(side: number): Array<[number, number]> {
    const out = [...this.lv(side).entries()].map(([p, l]) => [p, l.lots] as [number, number]);
    return out.sort((a, b) => (side === 0 ? b[0] - a[0] : a[0] - b[0]));
  }
}

export function generateWorkload(options: WorkloadOptions): Workload {
  const random = prng(options.seed);
  const length = options.preload + options.warmup + options.ops;
  const kind = new Uint8Array(length);
  const side = new Uint8Array(length);
  const price = new Int32Array(length);
  const size = new Int32Array(length);
  const id = new Int32Array(length);
  const crosses = new Uint8Array(length);
  const book = new ShadowBook();
  const recent = new Int32Array(256);
  let recentNext = 0;
  let nextId = 0;
  let mid = options.mid;

  const passivePrice = (s: number): number => {
    const offset = 1 + geometric(random, 10);
    const p = s === 0 ? mid - offset : mid + offset;
    const opposite = book.bestOf(1 - s);
    if (opposite === 0) return Math.max(1, p);
    return s === 0 ? Math.min(p, opposite - 1) : Math.max(p, opposite + 1);
  };

  const placeLimit = (i: number, marketable: boolean): void => {
    const s = random() < 0.5 ? 0 : 1;
    const opposite = book.bestOf(1 - s);
    let p: number;
    if (marketable && opposite !== 0) {
      const through = Math.floor(random() * 3);
      p = s === 0 ? opposite + through : opposite - through;
      crosses[i] = 1;
    } else {
      p = passivePrice(s);
    }
    const lots = 1 + geometric(random, 9);
    const newId = ++nextId;
    kind[i] = OP_LIMIT;
    side[i] = s;
    price[i] = p;
    size[i] = lots;
    id[i] = newId;
    recent[recentNext] = newId;
    recentNext = (recentNext + 1) & 255;
    book.add(newId, s, p, lots);
  };

  for (let i = 0; i < length; i++) {
    if (random() < 0.1) mid += random() < 0.5 ? -1 : 1;
    if (i < options.preload) {
      placeLimit(i, false);
      continue;
    }
    const r = random();
    if (r < 0.6) {
      placeLimit(i, random() < 0.05);
    } else if (r < 0.9) {
      if (book.live.length === 0) {
        placeLimit(i, false);
        continue;
      }
      let target = 0;
      if (random() < 0.5) {
        const candidate = recent[Math.floor(random() * 256)]!;
        if (book.orders.has(candidate)) target = candidate;
      }
      if (target === 0) target = book.live[Math.floor(random() * book.live.length)]!;
      kind[i] = OP_CANCEL;
      id[i] = target;
      book.cancel(target);
    } else {
      const s = random() < 0.5 ? 0 : 1;
      if (book.bestOf(1 - s) === 0) {
        placeLimit(i, false);
        continue;
      }
      const lots = 1 + geometric(random, 19);
      kind[i] = OP_MARKET;
      side[i] = s;
      size[i] = lots;
      book.match(s, 0, lots);
    }
  }

  return {
    options,
    length,
    kind,
    side,
    price,
    size,
    id,
    crosses,
    expected: { bids: book.depth(0), asks: book.depth(1) },
    expectedResting: book.orders.size,
    hash: fnv1a([kind, side, price, size, id]),
  };
}

function fnv1a(arrays: ReadonlyArray<{ buffer: ArrayBufferLike; byteOffset: number; byteLength: number }>): string {
  let h = 0x811c9dc5;
  for (const a of arrays) {
    const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}
