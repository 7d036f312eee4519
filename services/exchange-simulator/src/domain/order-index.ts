/**
 * Orders by id: every open order, plus the most recently closed ones (filled, cancelled, expired) so that
 * `getOrder` and client-order-id idempotency keep working for a while after an order closes.
 *
 * Ids are generational slot handles, not hash keys: an order lives in `slots[s]` and its id is
 * `s + 1 + generation × SLOT_SPACE`, so a lookup is one array read plus an id comparison — no hashing, no
 * probing, 8 bytes per slot. (A Map<number, Order> churning through millions of ids cost ~200–400 ns per
 * insert + delete on Node 20, a third of an order's whole cost.) Freed slots are reused last-in first-out,
 * so a new order lands in a slot the CPU cache still holds. Each reuse bumps the slot's generation; a slot
 * whose generation would push ids past 2^53 is retired, so ids stay unique exact integers forever.
 * The free stack holds the *next id* of each freed slot (the slot is `(id − 1) mod SLOT_SPACE`), so no
 * per-slot generation table exists: freeing an evicted order touches no cache line but its slot entry.
 * Ids are deterministic (replay reproduces them) but not chronological.
 *
 * Closed orders are retained in a ring of fixed capacity; when it is full the oldest closed order is
 * forgotten (its slot freed, its client order id released). Memory stays bounded however long the engine runs.
 */
import type { OrderAllocationState } from "./engine-types.js";
import type { Order } from "./order.js";

/** Maximum number of orders held at once (open + retained closed). */
export const SLOT_SPACE = 2 ** 22;
/** Ids beyond this are never issued (the last generation of every slot). */
const MAX_ID = Number.MAX_SAFE_INTEGER - SLOT_SPACE;

export class OrderIndex {
  private readonly slots: (Order | undefined)[] = [];
  /** Freed slots as the id their next order receives, a LIFO stack. */
  private free = new Float64Array(1024);
  private freeCount = 0;
  /** Closed orders still findable: their ids, and whether they carry a client order id. */
  private readonly ringIds: Float64Array;
  private readonly ringClientIds: Uint8Array;
  private ringNext = 0;
  private openCount = 0;

  constructor(readonly retainClosed: number) {
    if (!Number.isInteger(retainClosed) || retainClosed < 0) {
      throw new RangeError(`retainClosedOrders must be an integer ≥ 0 (got ${retainClosed})`);
    }
    this.ringIds = new Float64Array(retainClosed);
    this.ringClientIds = new Uint8Array(retainClosed);
  }

  get(id: number): Order | undefined {
    const o = this.slots[(id - 1) % SLOT_SPACE];
    return o !== undefined && o.id === id ? o : undefined;
  }

  /** Number of open orders (resting, or mid-match). */
  get open(): number {
    return this.openCount;
  }

  /** The id for the next order, or −1 if SLOT_SPACE orders are already held. Call `add` with it right away. */
  nextId(): number {
    if (this.freeCount > 0) return this.free[this.freeCount - 1]!;
    return this.slots.length < SLOT_SPACE ? this.slots.length + 1 : -1;
  }

  /** Registers a new (open) order whose id came from `nextId`. */
  add(order: Order): void {
    const slot = (order.id - 1) % SLOT_SPACE;
    if (slot === this.slots.length) {
      this.slots.push(order);
    } else {
      this.freeCount--; // nextId handed out the top of the free stack
      this.slots[slot] = order;
    }
    this.openCount++;
    if (order.clientOrderId !== undefined) {
      const account = order.account;
      if (account.clientOrders === undefined) account.clientOrders = new Map();
      account.clientOrders.set(order.clientOrderId, order);
    }
  }

  /** Call once when an order closes: it stays findable until `retainClosed` later orders have closed. */
  closed(order: Order): void {
    this.openCount--;
    const n = this.ringIds.length;
    if (n === 0) {
      this.forget(order.id, order.clientOrderId !== undefined);
      return;
    }
    const i = this.ringNext;
    const evicted = this.ringIds[i]!;
    if (evicted !== 0) this.forget(evicted, this.ringClientIds[i] === 1);
    this.ringIds[i] = order.id;
    this.ringClientIds[i] = order.clientOrderId === undefined ? 0 : 1;
    this.ringNext = i + 1 === n ? 0 : i + 1;
  }

  /** Frees a closed order's slot. Reads the order itself only to release a client order id. */
  private forget(id: number, hasClientOrderId: boolean): void {
    const slot = (id - 1) % SLOT_SPACE;
    if (hasClientOrderId) {
      const order = this.slots[slot]!;
      const map = order.account.clientOrders!;
      if (map.get(order.clientOrderId!) === order) map.delete(order.clientOrderId!);
    }
    this.slots[slot] = undefined;
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
    return { used: this.slots.length, free: [...this.free.subarray(0, this.freeCount)], retained };
  }

  /**
   * Loads a snapshot into this empty index: `orders` are every order it held, `allocation` its id state.
   * Retained closed orders keep their eviction order; the snapshot must not retain more than this index does.
   */
  restore(orders: readonly Order[], allocation: OrderAllocationState): void {
    if (this.slots.length !== 0) throw new Error("OrderIndex.restore needs an empty index");
    const { used, free, retained } = allocation;
    if (!Number.isInteger(used) || used < 0 || used > SLOT_SPACE) throw new RangeError(`snapshot: invalid used slot count ${used}`);
    if (retained.length > this.ringIds.length) {
      throw new RangeError(`snapshot retains ${retained.length} closed orders, this engine only ${this.ringIds.length} (retainClosedOrders)`);
    }
    this.slots.length = used;
    for (const order of orders) {
      const slot = (order.id - 1) % SLOT_SPACE;
      if (!(slot < used) || this.slots[slot] !== undefined) throw new RangeError(`snapshot: order id ${order.id} is outside the used slots or taken twice`);
      this.slots[slot] = order;
      if (order.isOpen) this.openCount++;
      if (order.clientOrderId !== undefined) {
        const account = order.account;
        if (account.clientOrders === undefined) account.clientOrders = new Map();
        account.clientOrders.set(order.clientOrderId, order);
      }
    }
    this.free = new Float64Array(Math.max(1024, free.length));
    this.free.set(free);
    this.freeCount = free.length;
    retained.forEach((id, i) => {
      const order = this.get(id);
      if (order === undefined || order.isOpen) throw new RangeError(`snapshot: retained order ${id} is not a closed order of the snapshot`);
      this.ringIds[i] = id;
      this.ringClientIds[i] = order.clientOrderId === undefined ? 0 : 1;
    });
    this.ringNext = this.ringIds.length === 0 ? 0 : retained.length % this.ringIds.length;
  }

  /** Every order still held (open and retained), in slot order: for queries and state dumps, not the order path. */
  *all(): IterableIterator<Order> {
    for (const o of this.slots) if (o !== undefined) yield o;
  }
}
