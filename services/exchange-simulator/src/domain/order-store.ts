/**
 * Where orders live: one fixed-size record per slot in a single ArrayBuffer, read through a Float64Array
 * and an Int32Array view of it. Slots are handed out by the OrderIndex (order-index.ts), which also maps
 * ids to slots.
 *
 * Why not one object per order: an order that rests survives the young-generation collections that run
 * while it waits, so it is copied (twice) and promoted, and the old generation then has to be marked and
 * compacted — with a deep book that was a fifth to a quarter of the engine's time. Records in a typed
 * array are invisible to the garbage collector. Why one record of 64 bytes rather than one array per field:
 * a cancel of a random order touches every field of one order, so they should share a cache line (or two).
 *
 * Record layout (8 float64 = 16 int32 words), ordered so that what a cancel reads — id, flags, account,
 * price, remaining, and updatedAt, which it writes — comes first and shares one cache line even when the
 * buffer is not 64-byte aligned (a large ArrayBuffer typically starts 16 bytes into a page):
 *   f64 0 id · i32 2 flags (order.ts) | book index << 16 · i32 3 account index · f64 2 price (ticks)
 *   f64 3 remaining (lots) · f64 4 quantity (lots) · f64 5 updatedAt · f64 6 createdAt (ms) · f64 7 unused
 * A free slot has id 0. The links that thread an order through its price level's FIFO (price-level.ts) sit
 * in a separate dense array, `links` (prev, next; −1 = none): unlinking a cancelled order rewrites its two
 * neighbours, and 8 bytes per slot keep those neighbours in cache where their 64-byte records would not be.
 * Client order ids are rare and variable-length, so they sit in a side array too.
 */
import { FLAGS_MASK, withStatus } from "./order.js";

/** Marks "no slot" in prev/next/head/tail links. */
export const NO_SLOT = -1;

const F = 8; // float64 words per record
const I = 16; // int32 words per record
const F_ID = 0;
const I_FLAGS = 2;
const I_ACCOUNT = 3;
const F_PRICE = 2;
const F_REMAINING = 3;
const F_QUANTITY = 4;
const F_UPDATED = 5;
const F_CREATED = 6;
const BOOK_SHIFT = 16;
/** Bytes per order: record plus links. */
export const BYTES_PER_SLOT = I * 4 + 8;

export class OrderStore {
  /** Float fields; replaced (grown) by `ensure`, so read it through the store, never cache it. */
  f: Float64Array;
  /** Integer fields, a view of the same buffer. */
  i: Int32Array;
  /** Price-level links: prev at 2 × slot, next at 2 × slot + 1. */
  links: Int32Array;
  /** Client order id per slot (undefined: none). */
  readonly clientIds: (string | undefined)[] = [];

  constructor(initialSlots = 1024) {
    this.f = new Float64Array(initialSlots * F);
    this.i = new Int32Array(this.f.buffer);
    this.links = new Int32Array(initialSlots * 2);
  }

  /** Number of slots the buffer holds now. */
  get capacity(): number {
    return this.f.length / F;
  }

  /** Makes room for `slot` (doubling the buffer as needed). */
  ensure(slot: number): void {
    if (slot < this.capacity) return;
    let n = this.capacity * 2;
    while (n <= slot) n *= 2;
    const f = new Float64Array(n * F);
    f.set(this.f);
    this.f = f;
    this.i = new Int32Array(f.buffer);
    const links = new Int32Array(n * 2);
    links.set(this.links);
    this.links = links;
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
    this.links[2 * slot] = NO_SLOT;
    this.links[2 * slot + 1] = NO_SLOT;
    if (clientOrderId !== undefined || slot < this.clientIds.length) this.clientIds[slot] = clientOrderId;
  }

  /**
   * Marks a slot free (its order is forgotten). Only the id is cleared: the rest of the record stays readable
   * until a new order reuses the slot (an operation that closes and forgets an order still reports it).
   */
  clear(slot: number): void {
    this.f[slot * F + F_ID] = 0;
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
    return this.links[2 * slot]!;
  }
  setPrev(slot: number, prev: number): void {
    this.links[2 * slot] = prev;
  }
  next(slot: number): number {
    return this.links[2 * slot + 1]!;
  }
  setNext(slot: number, next: number): void {
    this.links[2 * slot + 1] = next;
  }
  clientOrderId(slot: number): string | undefined {
    return slot < this.clientIds.length ? this.clientIds[slot] : undefined;
  }
}
