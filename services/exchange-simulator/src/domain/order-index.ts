/**
 * Orders by id: every open order, plus the most recently closed ones (filled, cancelled, expired) so that
 * `getOrder` and client-order-id idempotency keep working for a while after an order closes.
 *
 * Ids are generational slot handles, not hash keys: an order lives in slot `s` of the OrderStore and its
 * id is `s + 1 + generation × SLOT_SPACE`, so a lookup is one record read plus an id comparison — no
 * hashing, no probing. (A Map<number, Order> churning through millions of ids cost ~200–400 ns per insert +
 * delete on Node 20, a third of an order's whole cost.) Freed slots are reused last-in first-out, so a new
 * order lands in a slot the CPU cache still holds. Each reuse bumps the slot's generation; a slot whose
 * generation would push ids past 2^53 is retired, so ids stay unique exact integers forever. The free stack
 * holds the *next id* of each freed slot (the slot is `(id − 1) mod SLOT_SPACE`), so no per-slot generation
 * table exists. Ids are deterministic (replay reproduces them) but not chronological.
 *
 * Closed orders are retained in a ring of fixed capacity; when it is full the oldest closed order is
 * forgotten (its slot freed, its client order id released). Memory stays bounded however long the engine runs.
 */
import type { Account } from "./accounts.js";
import type { OrderAllocationState } from "./engine-types.js";
import { isOpenFlags } from "./order.js";
import { OrderStore } from "./order-store.js";

/** Maximum number of orders held at once (open + retained closed). */
export const SLOT_SPACE = 2 ** 22;
/** Ids beyond this are never issued (the last generation of every slot). */
const MAX_ID = Number.MAX_SAFE_INTEGER - SLOT_SPACE;

/**
 * `(id − 1) mod SLOT_SPACE` for ids ≥ 1. Ids are doubles (they exceed 2^31), and `%` on doubles is a call
 * to fmod (~20 ns); dividing by a power of two and flooring is exact and takes a few cycles.
 */
function slotOfId(id: number): number {
  const x = id - 1;
  return x - Math.floor(x / SLOT_SPACE) * SLOT_SPACE;
}

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
  readonly store = new OrderStore();
  /** Slots ever used; slots below it hold an order or are free (id 0), slots above were never used. */
  private used = 0;
  /** Freed slots as the id their next order receives, a LIFO stack. */
  private free = new Float64Array(1024);
  private freeCount = 0;
  /** Closed orders still findable: their ids, and whether they carry a client order id. */
  private readonly ringIds: Float64Array;
  private readonly ringClientIds: Uint8Array;
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
    this.ringIds = new Float64Array(retainClosed);
    this.ringClientIds = new Uint8Array(retainClosed);
  }

  /** The slot of order `id`, or −1 if the index does not hold it. */
  slotOf(id: number): number {
    if (!(id >= 1)) return -1;
    const slot = slotOfId(id);
    if (!(slot < this.used) || (slot | 0) !== slot) return -1; // NaN, fractional or never used
    return this.store.id(slot) === id ? slot : -1;
  }

  /** Number of open orders (resting, or mid-match). */
  get open(): number {
    return this.openCount;
  }

  /** The id for the next order, or −1 if SLOT_SPACE orders are already held. Call `add` with it right away. */
  nextId(): number {
    if (this.freeCount > 0) return this.free[this.freeCount - 1]!;
    return this.used < SLOT_SPACE ? this.used + 1 : -1;
  }

  /**
   * Stores a new (open) order whose id came from `nextId`, at `ts` (ms); returns its slot. Positional
   * arguments rather than an object: this runs for every order.
   */
  add(id: number, bookIndex: number, account: Account, flags: number, price: number, quantity: number, ts: number, clientOrderId: string | undefined): number {
    const slot = slotOfId(id);
    if (slot === this.used) {
      this.store.ensure(slot);
      this.used++;
    } else {
      this.freeCount--; // nextId handed out the top of the free stack
    }
    this.store.init(slot, id, bookIndex, account.index, flags, price, quantity, ts, clientOrderId);
    this.openCount++;
    if (clientOrderId !== undefined) {
      if (account.clientOrders === undefined) account.clientOrders = new Map();
      account.clientOrders.set(clientOrderId, id);
    }
    return slot;
  }

  /** Call once when the order in `slot` closes: it stays findable until `retainClosed` later orders have closed. */
  closed(slot: number): void {
    this.openCount--;
    const id = this.store.id(slot);
    const hasClientId = this.store.clientOrderId(slot) !== undefined;
    const n = this.ringIds.length;
    if (n === 0) {
      this.forget(id, hasClientId);
      return;
    }
    const i = this.ringNext;
    const evicted = this.ringIds[i]!;
    if (evicted !== 0) this.forget(evicted, this.ringClientIds[i] === 1);
    this.ringIds[i] = id;
    this.ringClientIds[i] = hasClientId ? 1 : 0;
    this.ringNext = i + 1 === n ? 0 : i + 1;
  }

  /** Frees a closed order's slot. Reads the record only to release a client order id. */
  private forget(id: number, hasClientOrderId: boolean): void {
    const slot = slotOfId(id);
    const store = this.store;
    if (hasClientOrderId) {
      const map = this.accounts[store.accountIndex(slot)]!.clientOrders!;
      const clientOrderId = store.clientOrderId(slot)!;
      if (map.get(clientOrderId) === id) map.delete(clientOrderId);
    }
    store.clear(slot);
    const next = id + SLOT_SPACE; // the slot's next generation
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
    const n = this.ringIds.length;
    const retained: number[] = [];
    for (let k = 0; k < n; k++) {
      const id = this.ringIds[(this.ringNext + k) % n]!;
      if (id !== 0) retained.push(id);
    }
    return { used: this.used, free: [...this.free.subarray(0, this.freeCount)], retained };
  }

  /**
   * Loads a snapshot into this empty index: `orders` are every order it held, `allocation` its id state.
   * Retained closed orders keep their eviction order; the snapshot must not retain more than this index does.
   * Returns the orders' slots, in the order given.
   */
  restore(orders: readonly RestoredOrder[], allocation: OrderAllocationState): number[] {
    if (this.used !== 0) throw new Error("OrderIndex.restore needs an empty index");
    const { used, free, retained } = allocation;
    if (!Number.isInteger(used) || used < 0 || used > SLOT_SPACE) throw new RangeError(`snapshot: invalid used slot count ${used}`);
    if (retained.length > this.ringIds.length) {
      throw new RangeError(`snapshot retains ${retained.length} closed orders, this engine only ${this.ringIds.length} (retainClosedOrders)`);
    }
    const store = this.store;
    if (used > 0) store.ensure(used - 1);
    this.used = used;
    const slots = orders.map((order) => {
      const slot = order.id >= 1 ? slotOfId(order.id) : -1;
      if (!(slot >= 0 && slot < used) || (slot | 0) !== slot || store.id(slot) !== 0) {
        throw new RangeError(`snapshot: order id ${order.id} is outside the used slots or taken twice`);
      }
      store.init(slot, order.id, order.bookIndex, order.account.index, order.flags, order.price, order.quantity, order.createdAt, order.clientOrderId);
      store.setRemaining(slot, order.remaining);
      store.setTimes(slot, order.createdAt, order.updatedAt);
      if (isOpenFlags(order.flags)) this.openCount++;
      if (order.clientOrderId !== undefined) {
        const account = order.account;
        if (account.clientOrders === undefined) account.clientOrders = new Map();
        account.clientOrders.set(order.clientOrderId, order.id);
      }
      return slot;
    });
    this.free = new Float64Array(Math.max(1024, free.length));
    this.free.set(free);
    this.freeCount = free.length;
    retained.forEach((id, i) => {
      const slot = this.slotOf(id);
      if (slot < 0 || isOpenFlags(store.flags(slot))) throw new RangeError(`snapshot: retained order ${id} is not a closed order of the snapshot`);
      this.ringIds[i] = id;
      this.ringClientIds[i] = store.clientOrderId(slot) === undefined ? 0 : 1;
    });
    this.ringNext = this.ringIds.length === 0 ? 0 : retained.length % this.ringIds.length;
    return slots;
  }

  /** Slots of every order still held (open and retained), in slot order: for queries and state dumps, not the order path. */
  *all(): IterableIterator<number> {
    for (let s = 0; s < this.used; s++) if (this.store.id(s) !== 0) yield s;
  }
}
