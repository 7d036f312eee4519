/**
 * Plain snapshots for the application layer, with prices, quantities and amounts as decimal strings. Unlike
 * the engine's live OrderRef, a view never changes after it is made.
 */
import type { Balance } from "./engine.js";
import type { Trade } from "./journal.js";
import type { BookSnapshot, MarketDataEvent } from "./market-data.js";
import type { OrderRef, OrderStatus, OrderType, SelfTradePrevention, Side, TimeInForce } from "./order.js";
import type { Asset, CompiledConfig, Instrument } from "./symbols.js";
import { formatAmount, formatPrice, formatQuantity } from "./units.js";

export interface OrderView {
  readonly orderId: number;
  readonly clientOrderId?: string;
  readonly accountId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  readonly postOnly: boolean;
  readonly selfTradePrevention: SelfTradePrevention;
  /** Limit price; absent for market orders. */
  readonly price?: string;
  readonly quantity: string;
  readonly filledQuantity: string;
  /** Open quantity while the order is open; what was left unfilled once it closed. */
  readonly remainingQuantity: string;
  readonly status: OrderStatus;
  /** Milliseconds since the epoch (engine clock) of the command that created the order. */
  readonly createdAt: number;
  /** Milliseconds since the epoch (engine clock) of the order's last change: creation, fill, amendment, cancel or expiry. */
  readonly updatedAt: number;
}

export interface TradeView {
  readonly tradeId: number;
  readonly symbol: string;
  readonly price: string;
  readonly quantity: string;
  readonly takerSide: Side;
  readonly makerOrderId: number;
  readonly takerOrderId: number;
  readonly makerAccountId: string;
  readonly takerAccountId: string;
  readonly makerFee: string;
  readonly makerFeeAsset: string;
  readonly takerFee: string;
  readonly takerFeeAsset: string;
  /** Milliseconds since the epoch. */
  readonly ts: number;
}

export interface BalanceView {
  readonly asset: string;
  readonly available: string;
  readonly locked: string;
}

export interface LevelView {
  readonly price: string;
  readonly quantity: string;
  readonly orders: number;
}

export interface BookView {
  readonly symbol: string;
  /** Market-data sequence number this snapshot reflects: apply deltas with a higher seq. */
  readonly seq: number;
  readonly bids: readonly LevelView[];
  readonly asks: readonly LevelView[];
}

export type MarketDataView =
  | {
      readonly type: "book";
      readonly symbol: string;
      readonly seq: number;
      readonly side: Side;
      readonly price: string;
      /** "0…" removes the level. */
      readonly quantity: string;
      readonly orders: number;
    }
  | {
      readonly type: "trade";
      readonly symbol: string;
      readonly seq: number;
      readonly tradeId: number;
      readonly price: string;
      readonly quantity: string;
      readonly takerSide: Side;
      readonly ts: number;
    };

export function orderView(order: OrderRef, inst: Instrument): OrderView {
  return {
    orderId: order.id,
    ...(order.clientOrderId === undefined ? {} : { clientOrderId: order.clientOrderId }),
    accountId: order.account.id,
    symbol: inst.symbol,
    side: order.side,
    type: order.type,
    timeInForce: order.timeInForce,
    postOnly: order.postOnly,
    selfTradePrevention: order.selfTradePrevention,
    ...(order.type === "limit" ? { price: formatPrice(inst, order.price) } : {}),
    quantity: formatQuantity(inst, order.quantity),
    filledQuantity: formatQuantity(inst, order.filled),
    remainingQuantity: formatQuantity(inst, order.remaining),
    status: order.status,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
  };
}

export function tradeView(trade: Trade, inst: Instrument): TradeView {
  // The buyer pays its fee in the base asset, the seller in the quote asset.
  const makerIsBuyer = trade.takerSide === "sell";
  const makerAsset = makerIsBuyer ? inst.base : inst.quote;
  const takerAsset = makerIsBuyer ? inst.quote : inst.base;
  return {
    tradeId: trade.tradeId,
    symbol: trade.symbol,
    price: formatPrice(inst, trade.price),
    quantity: formatQuantity(inst, trade.quantity),
    takerSide: trade.takerSide,
    makerOrderId: trade.makerOrderId,
    takerOrderId: trade.takerOrderId,
    makerAccountId: trade.makerAccountId,
    takerAccountId: trade.takerAccountId,
    makerFee: formatAmount(makerAsset, trade.makerFee),
    makerFeeAsset: makerAsset.code,
    takerFee: formatAmount(takerAsset, trade.takerFee),
    takerFeeAsset: takerAsset.code,
    ts: trade.ts,
  };
}

export function balanceView(balance: Balance, asset: Asset): BalanceView {
  return { asset: balance.asset, available: formatAmount(asset, balance.available), locked: formatAmount(asset, balance.locked) };
}

export function bookView(snapshot: BookSnapshot, inst: Instrument): BookView {
  const level = (l: { price: number; quantity: number; orders: number }): LevelView => ({
    price: formatPrice(inst, l.price),
    quantity: formatQuantity(inst, l.quantity),
    orders: l.orders,
  });
  return { symbol: snapshot.symbol, seq: snapshot.seq, bids: snapshot.bids.map(level), asks: snapshot.asks.map(level) };
}

export function marketDataView(event: MarketDataEvent, config: CompiledConfig): MarketDataView {
  const inst = config.instrument(event.symbol)!;
  if (event.type === "book") {
    return { ...event, price: formatPrice(inst, event.price), quantity: formatQuantity(inst, event.quantity) };
  }
  return { ...event, price: formatPrice(inst, event.price), quantity: formatQuantity(inst, event.quantity) };
}
