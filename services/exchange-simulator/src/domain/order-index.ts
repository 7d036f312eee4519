/**
 * Orders by id: every open order, plus the most recently closed ones (filled, cancelled, expired) so that
 * `getOrder` and client-order-id idempotency keep working for a while after an order closes.
 *
 * Ids are generational slot handles, not hash keys: an order's id is `s + 1 + generation × SLOT_SPACE` for
 * its *id slot* `s`, so a lookup is one array read plus an id comparison — no hashing, no probing. (A
 * Map<number, Order> churning through millions of ids cost ~200–400 ns per insert + delete on Node 20, a
 * third of an order's whole cost.) An id slot is freed when its order is forgotten, and freed id slots are
 * reused last-in first-out; each reuse bumps the slot's generation, and a slot whose generation would push
 * ids past 2^53 is retired, so ids stay unique exact integers forever. The free stack holds the *next id* of
 * each freed slot (the slot is `(id − 1) mod SLOT_SPACE`), so no per-slot generation table exists. Ids are
 * deterministic — replay reproduces them, so this allocation order is part of the journal's contract — but
 * not chronological.
 *
 * Closed orders are retained in a ring of fixed capacity; when it is full the oldest closed order is
 * forgotten (its id slot freed, its client order id released). Memory stays bounded however long the engine runs.
 *
 * Where the records are: an id slot is not a record. Open orders' records live in `store`, closed ones'
 * in `closedStore` at their ring position, and `loc` maps each id slot to its order's record. Why the
 * indirection: a new order gets the id slot freed when the ring forgot the order closed `retainClosed` closes
 * ago, a record nothing has touched since — far out of every CPU cache. With the indirection the new order
 * takes the record most recently freed instead (a closing order's record is freed as soon as it is copied
 * into the ring), which the cache still holds, and forgetting an order touches no record at all: the ring is
 * written in sequence. The price is one read of `loc` (4 bytes per id slot, dense) per lookup by id.
 */
import type { Account } from "./accounts.js";
import type { OrderAllocationState } from "./engine-types.js";
import * as orderModule from "./order.js";
import { OrderStore } from "./order-store.js";
import * as smiModule from "./smi.js";

// Local copies of imported and exported constants (this module's code uses SLOTS and ABSENT, not the
// exported SLOT_SPACE and NOT_HELD): see "Local copies" in order.ts.
const { isOpenFlags } = orderModule;
const { smi } = smiModule;
const SLOTS = 2 ** 22;
const ABSENT = -1;

/** Maximum number of orders held at once (open + retained closed). */
export const SLOT_SPACE = SLOTS;
/** Ids beyond this are never issued (the last generation of every slot). */
const MAX_ID = Number.MAX_SAFE_INTEGER - SLOTS;
/** `loc` of an id slot whose order is not held (never used, or forgotten). */
export const NOT_HELD = ABSENT;

/** 1 / SLOT_SPACE, exactly (a power of two). */
const PER_SLOT_SPACE = 1 / SLOTS;

/**
 * `(id − 1) mod SLOT_SPACE` for ids ≥ 1. Ids are doubles (they exceed 2^31), and `%` on doubles is a call
 * to fmod (~20 ns); scaling by a power of two and flooring is exact and takes a few cycles (a multiplication
 * by the exact reciprocal rather than a division, which alone takes ~15).
 */
function slotOfId(id: number): number {
  const x = id - 1;
  // `| 0`: the slot is below 2^22, and an int32 crosses calls and lands in objects without a HeapNumber box (smi.ts).
  return (x - Math.floor(x * PER_SLOT_SPACE) * SLOTS) | 0;
}

/**
 * Where a held order's record is, as one number: `r ≥ 0` is record `r` of `store` (an open order), `≤ −2` is
 * ring position `−2 − loc` of `closedStore` (a retained closed order); NOT_HELD (−1) otherwise.
 */
export type OrderLocation = number;

/** An order of a snapshot (see OrderIndex.restore). */
export interface RestoredOrder {
  readonly id: number;
  readonly bookIndex: number;
  readonly account: Account;
  readonly flags: number;
  readonly price: number;
  readonly quantity: number;
  readonly remaining: number;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly clientOrderId: string | undefined;
}

export class OrderIndex {
  /** Records of open orders (resting, or mid-match). Their record index is what the engine calls a slot. */
  readonly store = new OrderStore();
  /** Records of retained closed orders, at their position in the ring. */
  readonly closedStore: OrderStore;
  /**
   * The retained closed orders' ids by ring position (0: position unused) — the same ids as in their
   * records, but 8 bytes apart instead of 64: forgetting the oldest reads its id here, without loading
   * the record (last touched `retainClosed` closes ago) that is about to be overwritten anyway.
   */
  private readonly ringIds: Float64Array;
  /** Id slots ever used; those below it are held (see `loc`) or free, those above were never used. */
  private used = 0;
  /** Freed id slots as the id their next order receives, a LIFO stack. */
  private free = new Float64Array(1024);
  private freeCount = 0;
  /** Per id slot: its order's location (OrderLocation). */
  private loc = new Int32Array(1024);
  /** Records of `store` ever used, and the freed ones (a LIFO stack: the last freed is the one still cached). */
  private records = 0;
  private freeRecords = new Int32Array(1024);
  private freeRecordCount = 0;
  /** Next ring position to fill (the oldest retained closed order, once the ring is full). */
  private ringNext = 0;
  private openCount = 0;

  constructor(
    readonly retainClosed: number,
    /** Accounts by index (Ledger.byIndex): forgetting an order releases its client order id there. */
    private readonly accounts: readonly Account[],
  ) {
    if (!Number.isInteger(retainClosed) || retainClosed < 0) {
      throw new RangeError(`retainClosedOrders must be an integer ≥ 0 (got ${retainClosed})`);
    }
    this.closedStore = new OrderStore(Math.max(1, retainClosed));
    this.ringIds = new Float64Array(retainClosed);
  }

  /** The location of order `id`: open, retained closed, or NOT_HELD. */
  locate(id: number): OrderLocation {
    if (!(id >= 1)) return ABSENT;
    const idSlot = slotOfId(id);
    if (!(idSlot < this.used)) return ABSENT; // never used
    const at = this.loc[idSlot]!;
    // The id comparison also rules out NaN, infinite and fractional ids, and older generations of the slot.
    if (at >= 0) return this.store.id(at) === id ? at : ABSENT;
    if (at === ABSENT) return ABSENT;
    return this.ringIds[-2 - at] === id ? at : ABSENT;
  }

  /** The slot (record in `store`) of the open order `id`, or −1 if no open order has that id. */
  openSlotOf(id: number): number {
    const at = this.locate(id);
    return at >= 0 ? at : -1;
  }

  /** The store holding the record at `at` (a location other than NOT_HELD). */
  storeAt(at: OrderLocation): OrderStore {
    return at >= 0 ? this.store : this.closedStore;
  }

  /** The record index within `storeAt(at)`. */
  slotAt(at: OrderLocation): number {
    return at >= 0 ? at : -2 - at;
  }

  /** Number of open orders (resting, or mid-match). */
  get open(): number {
    return this.openCount;
  }

  /** The id for the next order, or −1 if SLOT_SPACE orders are already held. Call `add` with it right away. */
  nextId(): number {
    if (this.freeCount > 0) return smi(this.free[this.freeCount - 1]!);
    return this.used < SLOTS ? this.used + 1 : -1;
  }

  /**
   * Stores a new (open) order whose id came from `nextId`; returns its slot. The caller stamps its times
   * (`store.setTimes`): a timestamp is a double, and passing one to a function that is not inlined boxes it.
   * Positional arguments rather than an object: this runs for every order.
   */
  add(id: number, bookIndex: number, account: Account, flags: number, price: number, quantity: number, clientOrderId: string | undefined): number {
    const idSlot = slotOfId(id);
    if (idSlot === this.used) this.useIdSlot(idSlot);
    else this.freeCount--; // nextId handed out the top of the free stack
    const slot = this.freeRecordCount > 0 ? this.freeRecords[--this.freeRecordCount]! : this.newRecord();
    this.store.init(slot, id, bookIndex, account.index, flags, price, quantity, 0, clientOrderId);
    this.loc[idSlot] = slot;
    this.openCount++;
    if (clientOrderId !== undefined) indexClientOrderId(account, clientOrderId, id);
    return slot;
  }

  // The rare parts of `add`, out of line: V8 inlines a call by its whole size, and `add` runs on every order
  // (see keepIfForgotten in order-ref.ts).

  /** Takes the next never-used id slot. */
  private useIdSlot(idSlot: number): void {
    if (idSlot === this.loc.length) this.loc = grown(this.loc);
    this.used++;
  }

  /** A record never used before. */
  private newRecord(): number {
    const slot = this.records++;
    this.store.ensure(slot);
    return slot;
  }

  /**
   * Call once when the order in `slot` closes. Its record moves to the ring (or, with nothing retained, the
   * order is forgotten at once) and the slot is free for the next order; the record's fields stay intact
   * until then (an operation that closes an order may still report it).
   */
  closed(slot: number): void {
    this.openCount--;
    const store = this.store;
    const id = store.id(slot);
    const idSlot = slotOfId(id);
    const n = this.retainClosed;
    if (n === 0) {
      this.loc[idSlot] = ABSENT; // its record is free at once, and the next order's would match the id
      this.forget(id, store, slot);
    } else {
      const at = this.ringNext;
      const ring = this.closedStore;
      const evicted = this.ringIds[at]!;
      if (evicted !== 0) this.forget(evicted, ring, at);
      ring.copyFrom(store, slot, at);
      this.ringIds[at] = id;
      this.loc[idSlot] = -2 - at;
      this.ringNext = at + 1 === n ? 0 : at + 1;
    }
    if (this.freeRecordCount === this.freeRecords.length) this.freeRecords = grown(this.freeRecords);
    this.freeRecords[this.freeRecordCount++] = slot;
  }

  /**
   * Frees the id slot of order `id`, whose record is `slot` of `store`, and releases its client order id.
   * `loc` is left as it is: an order forgotten from the ring still points at its ring position, which
   * `locate` (and `all`) see now holds another order's id. Clearing it would be one more write per close to an
   * entry last touched `retainClosed` closes ago — out of the nearer caches, so a wait. The entry is
   * overwritten when the id slot's next generation is handed out.
   */
  private forget(id: number, store: OrderStore, slot: number): void {
    const clientOrderId = store.clientOrderId(slot);
    if (clientOrderId !== undefined) {
      const map = this.accounts[store.accountIndex(slot)]!.clientOrders!;
      if (map.get(clientOrderId) === id) map.delete(clientOrderId);
    }
    const next = id + SLOTS; // the slot's next generation
    if (next > MAX_ID) return; // generations exhausted: retire the slot
    if (this.freeCount === this.free.length) {
      const bigger = new Float64Array(this.free.length * 2);
      bigger.set(this.free);
      this.free = bigger;
    }
    this.free[this.freeCount++] = next;
  }

  /** The id allocation state, for snapshots (see OrderAllocationState). */
  exportAllocation(): OrderAllocationState {
    const n = this.retainClosed;
    const retained: number[] = [];
    for (let k = 0; k < n; k++) {
      const id = this.ringIds[(this.ringNext + k) % n]!;
      if (id !== 0) retained.push(id);
    }
    return { used: this.used, free: [...this.free.subarray(0, this.freeCount)], retained };
  }

  /**
   * Loads a snapshot into this empty index: `orders` are every order it held (open ones and the retained
   * closed ones), `allocation` its id state. Retained closed orders keep their eviction order; the snapshot
   * must not retain more than this index does. Returns the orders' locations, in the order given.
   */
  restore(orders: readonly RestoredOrder[], allocation: OrderAllocationState): OrderLocation[] {
    if (this.used !== 0) throw new Error("OrderIndex.restore needs an empty index");
    const { used, free, retained } = allocation;
    if (!Number.isInteger(used) || used < 0 || used > SLOTS) throw new RangeError(`snapshot: invalid used slot count ${used}`);
    if (retained.length > this.retainClosed) {
      throw new RangeError(`snapshot retains ${retained.length} closed orders, this engine only ${this.retainClosed} (retainClosedOrders)`);
    }
    const ringPosition = new Map(retained.map((id, i) => [id, i]));
    let capacity = this.loc.length;
    while (capacity < used) capacity *= 2;
    this.loc = new Int32Array(capacity).fill(ABSENT);
    this.used = used;
    const locations = orders.map((order): OrderLocation => {
      const idSlot = order.id >= 1 ? slotOfId(order.id) : -1;
      if (!(idSlot >= 0 && idSlot < used && Number.isInteger(order.id)) || this.loc[idSlot] !== ABSENT) {
        throw new RangeError(`snapshot: order id ${order.id} is outside the used slots or taken twice`);
      }
      let store: OrderStore;
      let slot: number;
      let at: OrderLocation;
      if (isOpenFlags(order.flags)) {
        store = this.store;
        slot = this.records++;
        store.ensure(slot);
        at = slot;
        this.openCount++;
      } else {
        const position = ringPosition.get(order.id);
        if (position === undefined) throw new RangeError(`snapshot: closed order ${order.id} is not among the retained ones`);
        store = this.closedStore;
        slot = position;
        at = -2 - position;
        this.ringIds[position] = order.id;
        ringPosition.delete(order.id);
      }
      store.init(slot, order.id, order.bookIndex, order.account.index, order.flags, order.price, order.quantity, order.createdAt, order.clientOrderId);
      store.setRemaining(slot, order.remaining);
      store.setTimes(slot, order.createdAt, order.updatedAt);
      this.loc[idSlot] = at;
      if (order.clientOrderId !== undefined) {
        const account = order.account;
        if (account.clientOrders === undefined) account.clientOrders = new Map();
        account.clientOrders.set(order.clientOrderId, order.id);
      }
      return at;
    });
    for (const id of ringPosition.keys()) throw new RangeError(`snapshot: retained order ${id} is not a closed order of the snapshot`);
    this.free = new Float64Array(Math.max(1024, free.length));
    this.free.set(free);
    this.freeCount = free.length;
    this.ringNext = this.retainClosed === 0 ? 0 : retained.length % this.retainClosed;
    return locations;
  }

  /** Locations of every order still held (open and retained), in id-slot order: for queries and state dumps, not the order path. */
  *all(): IterableIterator<OrderLocation> {
    for (let s = 0; s < this.used; s++) {
      const at = this.loc[s]!;
      if (at === ABSENT) continue;
      // A forgotten order's entry may still name its old ring position (see forget): held only if the order
      // there now has this id slot.
      if (at < 0 && slotOfId(this.ringIds[-2 - at]!) !== s) continue;
      yield at;
    }
  }
}

/** Makes order `id` findable by its account's client order id. */
function indexClientOrderId(account: Account, clientOrderId: string, id: number): void {
  if (account.clientOrders === undefined) account.clientOrders = new Map();
  account.clientOrders.set(clientOrderId, id);
}

/** A copy of `a` with twice the length. */
function grown(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(a.length * 2);
  bigger.set(a);
  return bigger;
}
