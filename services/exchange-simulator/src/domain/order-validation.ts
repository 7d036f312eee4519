/**
 * Validation of an order request in engine units. Produces the packed flags the order will carry, or a
 * rejection naming the field at fault. Pure: looks at the request and the instrument only.
 */
import * as accountsModule from "./accounts.js";
import type { OrderType, SelfTradePrevention, Side, TimeInForce } from "./order.js";
import * as orderModule from "./order.js";
import type { Rejection } from "./rejections.js";
import * as rejectionsModule from "./rejections.js";
import type { Instrument } from "./symbols.js";

// Local copies of imported constants and helpers: see "Local copies" in order.ts.
const { checkedProduct } = accountsModule;
const { BUY, GTC, IOC, LIMIT, MARKET, packFlags, SELF_TRADE_PREVENTIONS, SELL, TIMES_IN_FORCE } = orderModule;
const { reject } = rejectionsModule;

/** An order request in engine units (see Exchange for the decimal-string form). */
export interface PlaceOrderCommand {
  readonly accountId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly type: OrderType;
  /** Default GTC for limit orders, IOC for market orders (market orders accept IOC or FOK). */
  readonly timeInForce?: TimeInForce;
  /** Limit orders only: reject instead of taking liquidity. Requires GTC. */
  readonly postOnly?: boolean;
  /** Limit price in ticks; required for limit orders, absent for market orders. */
  readonly price?: number;
  /** Quantity in lots of the base asset. */
  readonly quantity: number;
  /** Caller's id, unique per account: a retry with identical parameters returns the original order. */
  readonly clientOrderId?: string;
  /** Defaults to the engine's policy (CANCEL_TAKER unless configured). */
  readonly selfTradePrevention?: SelfTradePrevention;
}

const CLIENT_ORDER_ID = /^[\x21-\x7e]{1,64}$/;

export function validateClientOrderId(id: string | undefined): Rejection | undefined {
  if (id === undefined || (typeof id === "string" && CLIENT_ORDER_ID.test(id))) return undefined;
  return reject("INVALID_CLIENT_ORDER_ID", "clientOrderId must be 1–64 printable ASCII characters without spaces", "clientOrderId");
}

/** Checks a limit price in ticks. */
export function validatePrice(price: unknown): Rejection | undefined {
  if (typeof price === "number" && Number.isSafeInteger(price) && price > 0) return undefined;
  if (price === undefined) return reject("INVALID_PRICE", "a limit order needs a price", "price");
  return reject("INVALID_PRICE", `price must be a positive whole number of ticks (got ${String(price)})`, "price");
}

/** Checks a quantity in lots against the instrument's minimum. */
export function validateQuantity(inst: Instrument, quantity: unknown): Rejection | undefined {
  if (typeof quantity !== "number" || !Number.isSafeInteger(quantity) || quantity <= 0) {
    return reject("INVALID_QUANTITY", `quantity must be a positive whole number of lots (got ${String(quantity)})`, "quantity");
  }
  if (quantity < inst.minLots) {
    return reject("BELOW_MIN_QUANTITY", `quantity is below the minimum of ${inst.config.minQuantity} ${inst.base.code}`, "quantity");
  }
  return undefined;
}

/** Checks that an order's value stays within the exact-integer range (so every later fill is exact). */
export function validateNotional(inst: Instrument, price: number, quantity: number): Rejection | undefined {
  if (checkedProduct(price, quantity, inst.quoteUnitsPerTickLot) >= 0 && checkedProduct(quantity, inst.baseUnitsPerLot, 1) >= 0) {
    return undefined;
  }
  return reject("INVALID_QUANTITY", "order value is too large to settle exactly", "quantity");
}

/**
 * Checks an order request; returns the packed flags of the order it describes (decode with sideCodeOf & co.;
 * the price is `cmd.price ?? 0`, the quantity `cmd.quantity`) or the first problem found. Allocates nothing
 * on success: this runs for every order.
 */
export function validateOrder(inst: Instrument, cmd: PlaceOrderCommand, defaultStp: number): number | Rejection {
  // Direct comparisons rather than indexOf: this is the hot path of every order.
  const side = cmd.side;
  const sideCode = side === "buy" ? BUY : side === "sell" ? SELL : -1;
  if (sideCode < 0) return reject("INVALID_SIDE", `side must be "buy" or "sell" (got ${JSON.stringify(cmd.side)})`, "side");
  const type = cmd.type;
  const typeCode = type === "limit" ? LIMIT : type === "market" ? MARKET : -1;
  if (typeCode < 0) return reject("INVALID_ORDER_TYPE", `type must be "limit" or "market" (got ${JSON.stringify(cmd.type)})`, "type");
  const tif = cmd.timeInForce;
  const tifCode = tif === undefined ? (typeCode === MARKET ? IOC : GTC) : TIMES_IN_FORCE.indexOf(tif);
  if (tifCode < 0) {
    return reject("INVALID_TIME_IN_FORCE", `timeInForce must be GTC, IOC or FOK (got ${JSON.stringify(cmd.timeInForce)})`, "timeInForce");
  }
  if (typeCode === MARKET && tifCode === GTC) {
    return reject("INVALID_TIME_IN_FORCE", "market orders never rest: timeInForce must be IOC or FOK", "timeInForce");
  }
  const postOnly = cmd.postOnly === true;
  if (cmd.postOnly !== undefined && typeof cmd.postOnly !== "boolean") {
    return reject("INVALID_ORDER_TYPE", "postOnly must be a boolean", "postOnly");
  }
  if (postOnly && typeCode !== LIMIT) return reject("INVALID_ORDER_TYPE", "only limit orders can be post-only", "postOnly");
  if (postOnly && tifCode !== GTC) return reject("INVALID_TIME_IN_FORCE", "post-only orders must be GTC", "timeInForce");
  const stpCode = cmd.selfTradePrevention === undefined ? defaultStp : SELF_TRADE_PREVENTIONS.indexOf(cmd.selfTradePrevention);
  if (stpCode < 0) {
    return reject(
      "INVALID_SELF_TRADE_PREVENTION",
      `selfTradePrevention must be one of ${SELF_TRADE_PREVENTIONS.join(", ")} (got ${JSON.stringify(cmd.selfTradePrevention)})`,
      "selfTradePrevention",
    );
  }
  let price = 0;
  if (typeCode === LIMIT) {
    const bad = validatePrice(cmd.price);
    if (bad) return bad;
    price = cmd.price!;
  } else if (cmd.price !== undefined) {
    return reject("INVALID_PRICE", "market orders take no price", "price");
  }
  const badQty = validateQuantity(inst, cmd.quantity);
  if (badQty) return badQty;
  const badValue = validateNotional(inst, price, cmd.quantity);
  if (badValue) return badValue;
  const badId = validateClientOrderId(cmd.clientOrderId);
  if (badId) return badId;
  return packFlags(sideCode, typeCode, tifCode, postOnly, stpCode);
}

