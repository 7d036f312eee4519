/**
 * Conversions between tse.exchange.v1 messages and the application's inputs and answers. Proto3 has no
 * "absent": empty strings and *_UNSPECIFIED enums mean "not given" and are dropped before the request is
 * validated with the same zod schemas REST uses, so both protocols report the same field names.
 */
import type { exchangeV1 } from "@tse/contracts";
import type { z } from "zod";
import type { BalanceDto, BookDto, FillDto, OrderDto, SymbolDto, TradeDto } from "../../application/dto.js";
import type { PlaceOrderInput } from "../../application/exchange-app.js";
import { amendOrderBody, depositBody, placeOrderBody, withdrawalBody } from "../../application/input-schemas.js";
import { placeOrderFieldsFast } from "../../application/place-order-input.js";
import { invalidArgument } from "./status.js";

/**
 * A proto3 field as an optional input: empty strings and *_UNSPECIFIED enums are "not given". An enum number
 * the contract does not know (a newer client) is passed on as it is, for validation to refuse it by name.
 */
function given<T>(value: T, unspecified = ""): T | undefined {
  if (typeof value !== "string") return value;
  // The length test first: it spares the call for the usual short values (BUY, LIMIT, prices, …).
  return value === unspecified || (value.length >= UNSPECIFIED.length && value.endsWith(UNSPECIFIED)) ? undefined : value;
}

const UNSPECIFIED = "_UNSPECIFIED";

function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw invalidArgument(r.error);
  return r.data;
}

/** Drops the keys whose value is undefined (the schemas are strict about what is there, not about undefined). */
const compact = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** Sets `key` only when the field was given: the body has exactly the members the client set. */
function setGiven(body: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== undefined) body[key] = value;
}

/**
 * Validated like a REST body, so both protocols refuse the same input with the same field names: the plainly
 * valid message directly (placeOrderFieldsFast), anything else as a body through zod, which words the error.
 */
export function placeOrderInput(m: exchangeV1.PlaceOrderRequest__Output): PlaceOrderInput {
  const side = given(m.side);
  const type = given(m.type);
  const price = given(m.price);
  const timeInForce = given(m.timeInForce);
  const postOnly = m.postOnly || undefined;
  const clientOrderId = given(m.clientOrderId);
  const fast = placeOrderFieldsFast(m.accountId, m.symbol, side, type, m.quantity, price, timeInForce, postOnly, clientOrderId);
  if (fast) return fast;
  const body: Record<string, unknown> = { accountId: m.accountId, symbol: m.symbol };
  setGiven(body, "side", side);
  setGiven(body, "type", type);
  body.quantity = m.quantity;
  setGiven(body, "price", price);
  setGiven(body, "timeInForce", timeInForce);
  setGiven(body, "postOnly", postOnly);
  setGiven(body, "clientOrderId", clientOrderId);
  return parse(placeOrderBody, body);
}

export function amendInput(m: exchangeV1.AmendOrderRequest__Output): { quantity?: string; price?: string } {
  return parse(amendOrderBody, compact({ quantity: given(m.quantity), price: given(m.price) }));
}

export function depositInput(m: exchangeV1.DepositRequest__Output): { asset: string; amount: string } {
  return parse(depositBody, { asset: m.asset, amount: m.amount });
}

export function withdrawalInput(m: exchangeV1.WithdrawRequest__Output): { asset: string; amount: string } {
  return parse(withdrawalBody, { asset: m.asset, amount: m.amount });
}

export function orderMessage(o: OrderDto): exchangeV1.Order {
  return {
    orderId: o.orderId ?? "",
    clientOrderId: o.clientOrderId ?? "",
    accountId: o.accountId,
    symbol: o.symbol,
    side: o.side,
    type: o.type,
    timeInForce: o.timeInForce,
    postOnly: o.postOnly,
    price: o.price ?? "",
    quantity: o.quantity,
    filledQuantity: o.filledQuantity,
    remainingQuantity: o.remainingQuantity,
    status: o.status,
    rejectReason: o.rejectReason ?? "",
    createdAtMs: o.createdAtMs,
    updatedAtMs: o.updatedAtMs,
  };
}

export const fillMessage = (f: FillDto): exchangeV1.Fill => ({ ...f });

export const tradeMessage = (t: TradeDto): exchangeV1.Trade => ({
  tradeId: t.tradeId,
  symbol: t.symbol,
  price: t.price,
  quantity: t.quantity,
  takerSide: t.takerSide,
  timestampMs: t.timestamp,
});

export const bookMessage = (b: BookDto): exchangeV1.OrderBook => ({
  symbol: b.symbol,
  sequence: b.sequence,
  bids: b.bids.map(([price, quantity]) => ({ price, quantity })),
  asks: b.asks.map(([price, quantity]) => ({ price, quantity })),
});

export const balanceMessage = (b: BalanceDto): exchangeV1.Balance => ({ ...b });

export const symbolMessage = (s: SymbolDto): exchangeV1.SymbolInfo => ({
  symbol: s.symbol,
  baseAsset: s.baseAsset,
  quoteAsset: s.quoteAsset,
  tickSize: s.tickSize,
  lotSize: s.lotSize,
  minQuantity: s.minQuantity,
  makerFeeBps: String(s.makerFeeBps),
  takerFeeBps: String(s.takerFeeBps),
});
