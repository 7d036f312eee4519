/**
 * The application's answers: plain, protocol-neutral records with decimal strings and the wire spellings of
 * enumerations (BUY/SELL, LIMIT/MARKET). REST serialises them as they are; gRPC maps them field by field.
 * Ids are strings on the way out (clients must treat them as opaque).
 */
import type { BalanceView, LevelView, MarketDataView, OrderView, Rejection, TradeView } from "../domain/index.js";
import type { PlaceOrderInput } from "./exchange-app.js";

export type WireSide = "BUY" | "SELL";
export type WireOrderType = "LIMIT" | "MARKET";
export type WireTimeInForce = "GTC" | "IOC" | "FOK";
export type WireOrderStatus = "NEW" | "PARTIALLY_FILLED" | "FILLED" | "CANCELLED" | "REJECTED" | "EXPIRED";

export interface OrderDto {
  /** null for a REJECTED order: a rejected request creates no order. */
  orderId: string | null;
  clientOrderId?: string;
  accountId: string;
  symbol: string;
  side: WireSide;
  type: WireOrderType;
  timeInForce: WireTimeInForce;
  postOnly: boolean;
  /** Absent for market orders. */
  price?: string;
  quantity: string;
  filledQuantity: string;
  remainingQuantity: string;
  status: WireOrderStatus;
  /** Set when status is REJECTED: the domain's reason code and a sentence for humans. */
  rejectReason?: string;
  rejectMessage?: string;
  /** Milliseconds since the epoch, from the engine's clock: when the order was accepted (or rejected). */
  createdAtMs: number;
  /** Milliseconds since the epoch: its last change (fill, amendment, cancel, expiry); = createdAtMs until then. */
  updatedAtMs: number;
}

/** One execution of an order, from that order's side. */
export interface FillDto {
  tradeId: string;
  orderId: string;
  price: string;
  quantity: string;
  fee: string;
  feeAsset: string;
  maker: boolean;
}

export interface TradeDto {
  tradeId: string;
  symbol: string;
  price: string;
  quantity: string;
  takerSide: WireSide;
  /** Milliseconds since the epoch. */
  timestamp: number;
}

export type LevelDto = [price: string, quantity: string];

export interface BookDto {
  symbol: string;
  /** Market-data sequence this book reflects; stream deltas with a higher sequence apply on top. */
  sequence: number;
  bids: LevelDto[];
  asks: LevelDto[];
}

export interface BalanceDto {
  asset: string;
  available: string;
  locked: string;
}

export interface SymbolDto {
  symbol: string;
  baseAsset: string;
  quoteAsset: string;
  tickSize: string;
  lotSize: string;
  minQuantity: string;
  makerFeeBps: number;
  takerFeeBps: number;
  halted: boolean;
}

export type MarketDataDto =
  | { kind: "deltas"; symbol: string; sequence: number; side: WireSide; price: string; quantity: string }
  | { kind: "trade"; symbol: string; sequence: number; trade: TradeDto };

export const wireSide = (side: "buy" | "sell"): WireSide => (side === "buy" ? "BUY" : "SELL");
export const domainSide = (side: WireSide): "buy" | "sell" => (side === "BUY" ? "buy" : "sell");

/**
 * Every order answer has the same keys (an absent clientOrderId or price is an undefined member, which JSON
 * leaves out): one object shape is cheaper to build, serialise and encode on the order-entry hot path than
 * spreads that make a different shape per combination.
 */
export function orderDto(o: OrderView): OrderDto {
  return {
    orderId: String(o.orderId),
    clientOrderId: o.clientOrderId,
    accountId: o.accountId,
    symbol: o.symbol,
    side: wireSide(o.side),
    type: o.type === "limit" ? "LIMIT" : "MARKET",
    timeInForce: o.timeInForce,
    postOnly: o.postOnly,
    price: o.price,
    quantity: o.quantity,
    filledQuantity: o.filledQuantity,
    remainingQuantity: o.remainingQuantity,
    status: o.status,
    createdAtMs: o.createdAt,
    updatedAtMs: o.updatedAt,
  };
}

/**
 * The answer to an order the market or the account refused (a business rejection, see errors.ts): the
 * request as an order with status REJECTED, stamped `at` (wall clock: rejections are not journaled).
 */
export function rejectedOrder(input: PlaceOrderInput, r: Rejection, at: number): OrderDto {
  return {
    orderId: null,
    ...(input.clientOrderId === undefined ? {} : { clientOrderId: input.clientOrderId }),
    accountId: input.accountId,
    symbol: input.symbol,
    side: input.side,
    type: input.type,
    timeInForce: input.timeInForce ?? (input.type === "MARKET" ? "IOC" : "GTC"),
    postOnly: input.postOnly ?? false,
    ...(input.price === undefined ? {} : { price: input.price }),
    quantity: input.quantity,
    filledQuantity: "0",
    remainingQuantity: input.quantity,
    status: "REJECTED",
    rejectReason: r.reason,
    rejectMessage: r.message,
    createdAtMs: at,
    updatedAtMs: at,
  };
}

/** The fills of `orderId` among `trades` (it may be the taker or, after an amendment, either side). */
export function fillsOf(orderId: number, trades: readonly TradeView[]): FillDto[] {
  return trades.map((t) => {
    const maker = t.makerOrderId === orderId;
    return {
      tradeId: String(t.tradeId),
      orderId: String(orderId),
      price: t.price,
      quantity: t.quantity,
      fee: maker ? t.makerFee : t.takerFee,
      feeAsset: maker ? t.makerFeeAsset : t.takerFeeAsset,
      maker,
    };
  });
}

export function tradeDto(t: Pick<TradeView, "tradeId" | "symbol" | "price" | "quantity" | "takerSide" | "ts">): TradeDto {
  return {
    tradeId: String(t.tradeId),
    symbol: t.symbol,
    price: t.price,
    quantity: t.quantity,
    takerSide: wireSide(t.takerSide),
    timestamp: t.ts,
  };
}

export const levelDto = (l: LevelView): LevelDto => [l.price, l.quantity];

export const balanceDto = (b: BalanceView): BalanceDto => ({ asset: b.asset, available: b.available, locked: b.locked });

const ZERO = /^0(\.0*)?$/;

export function marketDataDto(e: MarketDataView): MarketDataDto {
  if (e.type === "book") {
    // "0" (not "0.0000") removes the level, as the contract says.
    const quantity = ZERO.test(e.quantity) ? "0" : e.quantity;
    return { kind: "deltas", symbol: e.symbol, sequence: e.seq, side: wireSide(e.side), price: e.price, quantity };
  }
  return { kind: "trade", symbol: e.symbol, sequence: e.seq, trade: tradeDto(e) };
}
