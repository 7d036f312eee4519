/**
 * What an open order holds locked. The amount is a function of the order alone — never stored per order:
 *   sell:        remaining × baseUnitsPerLot            (base asset)
 *   limit buy:   price × remaining × quoteUnitsPerTickLot (quote asset, at the order's own limit)
 *   market buy:  locked only for the duration of its operation (see engine.ts), nothing afterwards
 * A fill below a buy's limit releases the difference immediately (Ledger.settle), so the formula holds after
 * every fill; fees are charged in the received asset, so nothing extra is locked for them.
 */
import { checkedProduct, type Ledger } from "./accounts.js";
import { BUY, MARKET, type Order } from "./order.js";
import type { Instrument } from "./symbols.js";

/** Units to lock for `lots` at `price`, or −1 if the amount exceeds the safe-integer range. */
export function lockAmount(inst: Instrument, sideCode: number, price: number, lots: number): number {
  return sideCode === BUY ? checkedProduct(price, lots, inst.quoteUnitsPerTickLot) : checkedProduct(lots, inst.baseUnitsPerLot, 1);
}

/** Asset index an order of side `sideCode` locks. */
export function lockAsset(inst: Instrument, sideCode: number): number {
  return sideCode === BUY ? inst.quote.index : inst.base.index;
}

/** Releases whatever `order` still holds for its remaining quantity (before it closes). */
export function releaseRemaining(ledger: Ledger, order: Order): void {
  if (order.remaining === 0) return;
  if (order.sideCode === BUY && order.typeCode === MARKET) return; // released by the operation itself
  const inst = order.book.instrument;
  ledger.release(order.account, lockAsset(inst, order.sideCode), lockAmount(inst, order.sideCode, order.price, order.remaining));
}
