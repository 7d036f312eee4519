/**
 * One instrument's prices and quantities as decimal strings, for the order-entry hot path: parsing without
 * building a rejection (an input it refuses takes the general path, Exchange.placeOrder, which words and
 * counts the rejection), and formatting with the strings of recent prices and of small quantities cached —
 * an order flow repeats a few price levels and lot counts, and formatScaled allocates four strings per call.
 *
 * Every answer is exactly what units.ts answers for the same input (instrument-strings.test.ts checks it).
 */
import { formatScaled, parseScaled } from "./decimal.js";
import type { Asset, Instrument } from "./symbols.js";
import { formatAmount, formatPrice, formatQuantity } from "./units.js";

/** Prices remembered per instrument; the cache starts over when full (a moving market leaves old prices). */
const PRICE_CACHE = 4096;
/** Quantities below this many lots are formatted once. */
const QUANTITY_CACHE = 1024;

export class InstrumentStrings {
  private readonly prices = new Map<number, string>();
  private readonly quantities: (string | undefined)[] = new Array(QUANTITY_CACHE).fill(undefined);
  private readonly zeroFee: readonly [base: string, quote: string];

  constructor(readonly inst: Instrument) {
    this.zeroFee = [formatAmount(inst.base, 0), formatAmount(inst.quote, 0)];
  }

  /** `text` in ticks when parsePrice accepts it; −1 when it would refuse it (the caller takes the general path). */
  priceTicks(text: string): number {
    return steps(text, this.inst.priceDecimals, this.inst.tickUnits);
  }

  /** `text` in lots when parseQuantity accepts it; −1 when it would refuse it. */
  quantityLots(text: string): number {
    return steps(text, this.inst.quantityDecimals, this.inst.lotUnits);
  }

  /** formatPrice(inst, ticks). */
  price(ticks: number): string {
    let s = this.prices.get(ticks);
    if (s === undefined) {
      if (this.prices.size >= PRICE_CACHE) this.prices.clear();
      s = formatPrice(this.inst, ticks);
      this.prices.set(ticks, s);
    }
    return s;
  }

  /** formatQuantity(inst, lots). */
  quantity(lots: number): string {
    if (lots >= 0 && lots < QUANTITY_CACHE && (lots | 0) === lots) {
      let s = this.quantities[lots];
      if (s === undefined) {
        s = formatQuantity(this.inst, lots);
        this.quantities[lots] = s;
      }
      return s;
    }
    return formatQuantity(this.inst, lots);
  }

  /** formatAmount(asset, units) for a fee in the instrument's base or quote asset. */
  fee(asset: Asset, units: number): string {
    if (units === 0) {
      if (asset === this.inst.base) return this.zeroFee[0];
      if (asset === this.inst.quote) return this.zeroFee[1];
    }
    return formatScaled(units, asset.decimals);
  }
}

/** parseSteps of units.ts without the rejection: the whole number of steps, or −1. */
function steps(text: string, decimals: number, stepUnits: number): number {
  const units = parseScaled(text, decimals);
  if (typeof units !== "number" || units === 0 || units % stepUnits !== 0) return -1;
  return units / stepUnits;
}
