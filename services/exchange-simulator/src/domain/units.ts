/**
 * Conversions between the decimal strings of the API and the engine's integers, per symbol and asset.
 * Parsing returns a typed rejection naming the field ("price", "quantity", "amount"); "30000.50" at a tick of
 * 0.01 is 3,000,050 ticks, "30000.505" is INVALID_PRICE (too many decimals), "30000.55" at a tick of 0.1 is
 * INVALID_PRICE (not a multiple of the tick).
 */
import { describeProblem, formatScaled, parseScaled } from "./decimal.js";
import { type Rejection, reject } from "./rejections.js";
import type { Asset, Instrument } from "./symbols.js";

function parseSteps(
  text: unknown,
  decimals: number,
  stepUnits: number,
  stepName: "tick" | "lot",
  step: string,
  field: string,
  reason: "INVALID_PRICE" | "INVALID_QUANTITY",
): number | Rejection {
  const units = parseScaled(text as string, decimals);
  if (typeof units !== "number") return reject(reason, `${field} ${JSON.stringify(text)} ${describeProblem(units, decimals)}`, field);
  if (units === 0) return reject(reason, `${field} must be greater than zero`, field);
  if (units % stepUnits !== 0) return reject(reason, `${field} ${text} is not a multiple of the ${stepName} size ${step}`, field);
  return units / stepUnits;
}

/** A price string → ticks, or INVALID_PRICE naming `field`. */
export function parsePrice(inst: Instrument, text: unknown, field = "price"): number | Rejection {
  return parseSteps(text, inst.priceDecimals, inst.tickUnits, "tick", inst.config.tickSize, field, "INVALID_PRICE");
}

/** A quantity string → lots, or INVALID_QUANTITY naming `field`. */
export function parseQuantity(inst: Instrument, text: unknown, field = "quantity"): number | Rejection {
  return parseSteps(text, inst.quantityDecimals, inst.lotUnits, "lot", inst.config.lotSize, field, "INVALID_QUANTITY");
}

/** An amount string → asset units, or INVALID_AMOUNT. */
export function parseAmount(asset: Asset, text: unknown, field = "amount"): number | Rejection {
  const units = parseScaled(text as string, asset.decimals);
  if (typeof units !== "number") {
    return reject("INVALID_AMOUNT", `${field} ${JSON.stringify(text)} ${describeProblem(units, asset.decimals)}`, field);
  }
  if (units === 0) return reject("INVALID_AMOUNT", `${field} must be greater than zero`, field);
  return units;
}

export function formatPrice(inst: Instrument, ticks: number): string {
  return formatScaled(ticks * inst.tickUnits, inst.priceDecimals);
}

export function formatQuantity(inst: Instrument, lots: number): string {
  return formatScaled(lots * inst.lotUnits, inst.quantityDecimals);
}

export function formatAmount(asset: Asset, units: number): string {
  return formatScaled(units, asset.decimals);
}
