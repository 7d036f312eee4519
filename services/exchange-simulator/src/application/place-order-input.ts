/**
 * The place-order input check of the order-entry hot path. zod (placeOrderBody) defines what is valid and
 * words every error, but costs more than the matching itself; `placeOrderInputFast` accepts the common,
 * plainly valid request by hand and answers undefined for anything else, which then goes through zod. It is
 * stricter than zod, never looser (place-order-input.test.ts checks both agree), so the answer — the
 * accepted input or zod's error naming the field — is always zod's.
 */
import type { PlaceOrderInput } from "./exchange-app.js";

/** What placeOrderBody's `decimal()` accepts. */
const DECIMAL = /^\d+(\.\d+)?$/;
const isDecimal = (v: unknown): v is string => typeof v === "string" && v.length <= 40 && DECIMAL.test(v);
/** placeOrderBody's `id()`: 1–64 characters. */
const isId = (v: unknown): v is string => typeof v === "string" && v.length >= 1 && v.length <= 64;
const isSymbol = (v: unknown): v is string => typeof v === "string" && v.length >= 1 && v.length <= 32;
const isSide = (v: unknown): v is PlaceOrderInput["side"] => v === "BUY" || v === "SELL";
const isType = (v: unknown): v is PlaceOrderInput["type"] => v === "LIMIT" || v === "MARKET";
const isTimeInForce = (v: unknown): v is NonNullable<PlaceOrderInput["timeInForce"]> => v === "GTC" || v === "IOC" || v === "FOK";

const KNOWN: ReadonlySet<string> = new Set(["accountId", "symbol", "side", "type", "quantity", "price", "timeInForce", "postOnly", "clientOrderId"]);

/**
 * `value` as placeOrderBody would parse it, when it plainly is valid; undefined when zod has to decide (it is
 * not an object, has an unknown member, or any member is missing or off). Keys absent in `value` stay absent.
 */
export function placeOrderInputFast(value: unknown): PlaceOrderInput | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  for (const key in v) if (!KNOWN.has(key) || v[key] === undefined) return undefined;
  return placeOrderFieldsFast(v.accountId, v.symbol, v.side, v.type, v.quantity, v.price, v.timeInForce, v.postOnly, v.clientOrderId);
}

/**
 * The same check on the members one by one (undefined: not given), for a caller that has them as fields of
 * something else — a protobuf message — and should not build a body object just to have it checked.
 */
export function placeOrderFieldsFast(
  accountId: unknown,
  symbol: unknown,
  side: unknown,
  type: unknown,
  quantity: unknown,
  price: unknown,
  timeInForce: unknown,
  postOnly: unknown,
  clientOrderId: unknown,
): PlaceOrderInput | undefined {
  if (!isId(accountId) || !isSymbol(symbol) || !isSide(side) || !isType(type) || !isDecimal(quantity)) return undefined;
  const input: PlaceOrderInput = { accountId, symbol, side, type, quantity };
  if (price !== undefined) {
    if (!isDecimal(price)) return undefined;
    input.price = price;
  }
  if (timeInForce !== undefined) {
    if (!isTimeInForce(timeInForce)) return undefined;
    input.timeInForce = timeInForce;
  }
  if (postOnly !== undefined) {
    if (typeof postOnly !== "boolean") return undefined;
    input.postOnly = postOnly;
  }
  if (clientOrderId !== undefined) {
    if (!isId(clientOrderId)) return undefined;
    input.clientOrderId = clientOrderId;
  }
  return input;
}
