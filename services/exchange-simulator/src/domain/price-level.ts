/**
 * One price level: a FIFO of resting orders threaded through the orders' records (intrusive doubly linked
 * list of slots, see order-store.ts), plus running totals. Append, remove-anywhere and pop-front are O(1) —
 * the property the peer (nodejs-order-book) lacks: its per-level array makes cancel and fill cost
 * O(orders at the level).
 */
import * as orderStoreModule from "./order-store.js";
import type { OrderStore } from "./order-store.js";
import * as smiModule from "./smi.js";

// Local copies of imported constants and helpers: see "Local copies" in order.ts.
const { NO_SLOT } = orderStoreModule;
const { smi } = smiModule;

export class PriceLevel {
  /** First and last order (slots) in time priority; NO_SLOT when the level is empty. */
  head = NO_SLOT;
  tail = NO_SLOT;
  /** Σ remaining lots of the orders at this level. */
  quantity = 0;
  /** Number of orders at this level. */
  count = 0;

  readonly price: number;

  constructor(price: number) {
    this.price = smi(price); // copied into every trade and market-data message (see smi.ts)
  }

  /** Puts the order in `slot` at the back of the queue (lowest time priority). */
  append(store: OrderStore, slot: number): void {
    const tail = this.tail;
    store.setPrev(slot, tail);
    store.setNext(slot, NO_SLOT);
    if (tail === NO_SLOT) this.head = slot;
    else store.setNext(tail, slot);
    this.tail = slot;
    this.quantity += store.remaining(slot);
    this.count++;
  }

  /** Unlinks the order in `slot` (which must be at this level) and subtracts its remaining quantity. */
  remove(store: OrderStore, slot: number): void {
    const prev = store.prev(slot);
    const next = store.next(slot);
    if (prev === NO_SLOT) this.head = next;
    else store.setNext(prev, next);
    if (next === NO_SLOT) this.tail = prev;
    else store.setPrev(next, prev);
    store.setPrev(slot, NO_SLOT);
    store.setNext(slot, NO_SLOT);
    this.quantity -= store.remaining(slot);
    this.count--;
  }

  /** Slots from first to last in time priority (snapshots and tests; not used on the matching path). */
  *orders(store: OrderStore): IterableIterator<number> {
    for (let s = this.head; s !== NO_SLOT; s = store.next(s)) yield s;
  }
}
