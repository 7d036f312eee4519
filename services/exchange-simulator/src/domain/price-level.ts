/**
 * One price level: a FIFO of resting orders threaded through the orders themselves (intrusive doubly linked
 * list), plus running totals. Append, remove-anywhere and pop-front are O(1) — the property the peer
 * (nodejs-order-book) lacks: its per-level array makes cancel and fill cost O(orders at the level).
 */
import type { Order } from "./order.js";

export class PriceLevel {
  head: Order | null = null;
  tail: Order | null = null;
  /** Σ remaining lots of the orders at this level. */
  quantity = 0;
  /** Number of orders at this level. */
  count = 0;

  constructor(readonly price: number) {}

  /** Puts `order` at the back of the queue (lowest time priority). */
  append(order: Order): void {
    order.prev = this.tail;
    order.next = null;
    if (this.tail === null) this.head = order;
    else this.tail.next = order;
    this.tail = order;
    this.quantity += order.remaining;
    this.count++;
  }

  /** Unlinks `order` (which must be at this level) and subtracts its remaining quantity. */
  remove(order: Order): void {
    const { prev, next } = order;
    if (prev === null) this.head = next;
    else prev.next = next;
    if (next === null) this.tail = prev;
    else next.prev = prev;
    order.prev = null;
    order.next = null;
    this.quantity -= order.remaining;
    this.count--;
  }

  /** Orders from first to last in time priority (snapshots and tests; not used on the matching path). */
  *orders(): IterableIterator<Order> {
    for (let o = this.head; o !== null; o = o.next) yield o;
  }
}
