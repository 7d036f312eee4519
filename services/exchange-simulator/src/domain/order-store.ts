/**
 * Where orders live: one fixed-size record per slot in a single ArrayBuffer, read through a Float64Array
 * and an Int32Array view of it. The OrderIndex (order-index.ts) keeps two stores — open orders, and the ring
 * of retained closed ones — hands out their slots and maps ids to them.
 *
 * Why not one object per order: an order that rests survives the young-generation collections that run
 * while it waits, so it is copied (twice) and promoted, and the old generation then has to be marked and
 * compacted — with a deep book that was a fifth to a quarter of the engine's time. Records in a typed
 * array are invisible to the garbage collector. Why one record of 64 bytes rather than one array per field:
 * a cancel of a random order, or a fill of a maker that has rested a while, touches most fields of one
 * order that is not in any cache, so they should share a cache line.
 *
 * Record layout (8 float64 = 16 int32 words). What a cancel and a fill read or write — id, flags, account,
 * price, remaining, the links, updatedAt — comes first: the first 48 bytes share one cache line even when
 * the buffer is not 64-byte aligned (a large ArrayBuffer typically starts 16 bytes into a page).
 *   f64 0 id · i32 2 flags (order.ts) | book index << 16 · i32 3 account index · f64 2 price (ticks)
 *   f64 3 remaining (lots) · i32 8 prev · i32 9 next · f64 5 updatedAt · f64 6 quantity (lots) · f64 7 createdAt (ms)
 * prev / next thread an order through its price level's FIFO (price-level.ts; −1 =
 * none). They sit in the record, not in a separate array, so that walking a level's makers in a fill costs
 * one cache miss per maker, not two. Client order ids are rare and variable-length: they sit in a side array.
 */
import * as orderModule from "./order.js";

// Local copies of imported and exported constants: see "Local copies" in order.ts.
const { FLAGS_MASK, withStatus } = orderModule;
const NO_LINK = -1;
/** Marks "no slot" in prev/next/head/tail links. */
export const NO_SLOT = NO_LINK;

const F = 8; // float64 words per record
const I = 16; // int32 words per record
const F_ID = 0;
const I_FLAGS = 2;
const I_ACCOUNT = 3;
const F_PRICE = 2;
const F_REMAINING = 3;
const I_PREV = 8;
const I_NEXT = 9;
const F_UPDATED = 5;
const F_QUANTITY = 6;
const F_CREATED = 7;
const BOOK_SHIFT = 16;
/** Bytes per order. */
export const BYTES_PER_SLOT = I * 4;

export class OrderStore {
  /** Float fields; replaced (grown) by `ensure`, so read it through the store, never cache it. */
  f: Float64Array;
  /** Integer fields, a view of the same buffer. */
  i: Int32Array;
  /** Client order id per slot (undefined: none). */
  readonly clientIds: (string | undefined)[] = [];

  constructor(initialSlots = 1024) {
    this.f = new Float64Array(initialSlots * F);
    this.i = new Int32Array(this.f.buffer);
  }

  /** Number of slots the buffer holds now. */
  get capacity(): number {
    return this.f.length / F;
  }

  /** Makes room for `slot` (doubling the buffer as needed). */
  ensure(slot: number): void {
    if (slot < this.capacity) return;
    let n = Math.max(1, this.capacity * 2);
    while (n <= slot) n *= 2;
    const f = new Float64Array(n * F);
    f.set(this.f);
    this.f = f;
    this.i = new Int32Array(f.buffer);
  }

  /** Writes a new order's record (the slot must be free and within capacity; see OrderIndex). */
  init(slot: number, id: number, bookIndex: number, accountIndex: number, flags: number, price: number, quantity: number, ts: number, clientOrderId: string | undefined): void {
    const f = this.f;
    const i = this.i;
    const fo = slot * F;
    const io = slot * I;
    f[fo + F_ID] = id;
    f[fo + F_PRICE] = price;
    f[fo + F_QUANTITY] = quantity;
    f[fo + F_REMAINING] = quantity;
    f[fo + F_CREATED] = ts;
    f[fo + F_UPDATED] = ts;
    i[io + I_FLAGS] = (flags & FLAGS_MASK) | (bookIndex << BOOK_SHIFT);
    i[io + I_ACCOUNT] = accountIndex;
    i[io + I_PREV] = NO_LINK;
    i[io + I_NEXT] = NO_LINK;
    if (clientOrderId !== undefined || slot < this.clientIds.length) this.clientIds[slot] = clientOrderId;
  }

  /** Copies the record (and client order id) in `from`'s slot `fromSlot` to slot `slot` of this store. */
  copyFrom(from: OrderStore, fromSlot: number, slot: number): void {
    const src = from.f;
    const dst = this.f;
    const s = fromSlot * F;
    const d = slot * F;
    // Unrolled (F = 8 words): in a loop, V8 re-checks both arrays on every iteration — a third of the cost
    // of closing an order went to that loop.
    dst[d] = src[s]!;
    dst[d + 1] = src[s + 1]!;
    dst[d + 2] = src[s + 2]!;
    dst[d + 3] = src[s + 3]!;
    dst[d + 4] = src[s + 4]!;
    dst[d + 5] = src[s + 5]!;
    dst[d + 6] = src[s + 6]!;
    dst[d + 7] = src[s + 7]!;
    const clientOrderId = from.clientOrderId(fromSlot);
    if (clientOrderId !== undefined || slot < this.clientIds.length) this.clientIds[slot] = clientOrderId;
  }

  id(slot: number): number {
    return this.f[slot * F + F_ID]!;
  }
  price(slot: number): number {
    return this.f[slot * F + F_PRICE]!;
  }
  setPrice(slot: number, price: number): void {
    this.f[slot * F + F_PRICE] = price;
  }
  quantity(slot: number): number {
    return this.f[slot * F + F_QUANTITY]!;
  }
  setQuantity(slot: number, quantity: number): void {
    this.f[slot * F + F_QUANTITY] = quantity;
  }
  remaining(slot: number): number {
    return this.f[slot * F + F_REMAINING]!;
  }
  setRemaining(slot: number, remaining: number): void {
    this.f[slot * F + F_REMAINING] = remaining;
  }
  createdAt(slot: number): number {
    return this.f[slot * F + F_CREATED]!;
  }
  updatedAt(slot: number): number {
    return this.f[slot * F + F_UPDATED]!;
  }
  /** Sets the time of the order's last change. */
  touch(slot: number, ts: number): void {
    this.f[slot * F + F_UPDATED] = ts;
  }
  /** Sets both timestamps (snapshot restore). */
  setTimes(slot: number, createdAt: number, updatedAt: number): void {
    this.f[slot * F + F_CREATED] = createdAt;
    this.f[slot * F + F_UPDATED] = updatedAt;
  }
  /** The packed flags (order.ts), status included. */
  flags(slot: number): number {
    return this.i[slot * I + I_FLAGS]! & FLAGS_MASK;
  }
  /** Replaces the status bits of the flags. */
  setStatus(slot: number, status: number): void {
    const at = slot * I + I_FLAGS;
    this.i[at] = withStatus(this.i[at]!, status); // touches the status bits only, not the book index
  }
  bookIndex(slot: number): number {
    return this.i[slot * I + I_FLAGS]! >>> BOOK_SHIFT;
  }
  accountIndex(slot: number): number {
    return this.i[slot * I + I_ACCOUNT]!;
  }
  prev(slot: number): number {
    return this.i[slot * I + I_PREV]!;
  }
  setPrev(slot: number, prev: number): void {
    this.i[slot * I + I_PREV] = prev;
  }
  next(slot: number): number {
    return this.i[slot * I + I_NEXT]!;
  }
  setNext(slot: number, next: number): void {
    this.i[slot * I + I_NEXT] = next;
  }
  clientOrderId(slot: number): string | undefined {
    return slot < this.clientIds.length ? this.clientIds[slot] : undefined;
  }
}
