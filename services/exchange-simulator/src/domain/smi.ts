/**
 * Numbers that go into objects the engine allocates per operation (journal events, trades, results).
 *
 * V8 keeps an object field of small integers ("Smis", 32-bit on Node's 64-bit builds) inline in the object,
 * but a field that has ever held a non-Smi number is switched, for every object of that shape, to a
 * representation that allocates a separate 16-byte HeapNumber box on *each* store. A number read from a
 * Float64Array is such a non-Smi, even when it is 7: the order records (order-store.ts) are Float64Arrays, so
 * without this conversion an order id, a remaining quantity or a fill size costs a box wherever it is copied
 * into an event — a trade carried eight of them, doubling its size. Allocation volume is what the garbage
 * collector and the CPU caches pay for, so on the order path every number bound for an object goes through
 * `smi`. Values beyond the 32-bit range (ids after billions of orders, large fees) stay exact doubles and
 * are simply boxed again. Timestamps (ms since the epoch) never fit and are always boxed.
 */

/** `v` as a 32-bit integer when it is one (same value), else `v` unchanged. */
export function smi(v: number): number {
  return v === (v | 0) ? v | 0 : v;
}
