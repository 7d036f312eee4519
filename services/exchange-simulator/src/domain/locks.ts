/**
 * What an open order holds locked. The amount is a function of the order alone — never stored per order:
 *   sell:        remaining × baseUnitsPerLot            (base asset)
 *   limit buy:   price × remaining × quoteUnitsPerTickLot (quote asset, at the order's own limit)
 *   market buy:  locked only for the duration of its operation (see engine.ts), nothing afterwards
 * A fill below a buy's limit releases the difference immediately (Ledger.settle), so the formula holds after
 * every fill; fees are charged in the received asset, so nothing extra is locked for them.
 */
import type { Ledger } from "./accounts.js";
import * as accountsModule from "./accounts.js";
import * as orderModule from "./order.js";
import type { OrderStore } from "./order-store.js";
import type { Instrument } from "./symbols.js";

// Local copies of imported constants and helpers: see "Local copies" in order.ts.
const { checkedProduct } = accountsModule;
const { BUY, MARKET, sideCodeOf, typeCodeOf } = orderModule;

/** Units to lock for `lots` at `price`, or −1 if the amount exceeds the safe-integer range. */
export function lockAmount(inst: Instrument, sideCode: number, price: number, lots: number): number {
  return sideCode === BUY ? checkedProduct(price, lots, inst.quoteUnitsPerTickLot) : checkedProduct(lots, inst.baseUnitsPerLot, 1);
}

/** Asset index an order of side `sideCode` locks. */
export function lockAsset(inst: Instrument, sideCode: number): number {
  return sideCode === BUY ? inst.quote.index : inst.base.index;
}

/** Releases whatever the order in `slot` of `inst` still holds for its remaining quantity (before it closes). */
export function releaseRemaining(ledger: Ledger, store: OrderStore, slot: number, inst: Instrument): void {
  const remaining = store.remaining(slot);
  if (remaining === 0) return;
  const flags = store.flags(slot);
  const sideCode = sideCodeOf(flags);
  if (sideCode === BUY && typeCodeOf(flags) === MARKET) return; // released by the operation itself
  const account = ledger.byIndex[store.accountIndex(slot)]!;
  ledger.release(account, lockAsset(inst, sideCode), lockAmount(inst, sideCode, store.price(slot), remaining));
}
