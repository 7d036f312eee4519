/**
 * Price-time matching. An incoming order walks the opposite side from the best level, and within a level
 * from the oldest order, filling until it is done, the next level is beyond its limit, or self-trade
 * prevention stops it. Each fill settles both accounts and appends one Trade; a level's market-data delta is
 * published once, after the walk leaves it.
 *
 * Cost: O(1) per fill (the maker is the level's head; unlinking it is O(1)) and O(1) per emptied level
 * (it is the best, i.e. the last element of the sorted level array). The only allocation per fill is the Trade
 * record (plus market-data messages while someone listens).
 */
import { feeOf } from "./accounts.js";
import type { BookSide } from "./book-side.js";
import type { EngineContext } from "./context.js";
import type { ExpiryReason, Trade } from "./journal.js";
import { releaseRemaining } from "./locks.js";
import {
  BUY,
  CANCELLED,
  EXPIRED,
  FILLED,
  MARKET,
  type Order,
  PARTIALLY_FILLED,
  SELL,
  SIDES,
  STP_CANCEL_MAKER,
  STP_CANCEL_TAKER,
  STP_NONE,
} from "./order.js";
import type { OrderBook } from "./order-book.js";
import type { PriceLevel } from "./price-level.js";

/**
 * Matches `taker` (already accepted, funds locked, not on the book) against the opposite side up to `limit`
 * (ignored for market orders). Appends trades to `out`. Returns true if self-trade prevention stopped it.
 */
export function matchIncoming(ctx: EngineContext, book: OrderBook, taker: Order, limit: number, out: Trade[]): boolean {
  const side = book.oppositeOf(taker.sideCode);
  const isMarket = taker.typeCode === MARKET;
  const takerIsBuy = taker.sideCode === BUY;
  const stp = taker.stpCode;
  const account = taker.account;
  let stopped = false;
  while (taker.remaining > 0 && !stopped) {
    const level = side.best();
    if (level === undefined) break;
    if (!isMarket && (takerIsBuy ? level.price > limit : level.price < limit)) break;
    let maker = level.head;
    let changed = false;
    while (maker !== null && taker.remaining > 0) {
      const next = maker.next;
      if (maker.account === account && stp !== STP_NONE) {
        if (stp !== STP_CANCEL_TAKER) {
          level.remove(maker);
          closeOrder(ctx, book, maker, EXPIRED, "SELF_TRADE");
          changed = true;
        }
        if (stp !== STP_CANCEL_MAKER) {
          stopped = true;
          break;
        }
      } else {
        fill(ctx, book, level, maker, taker, out);
        changed = true;
      }
      maker = next;
    }
    if (changed) book.publishLevel(side.isBid ? BUY : SELL, level);
    if (level.count === 0) side.removeLevel(level);
  }
  return stopped;
}

function fill(ctx: EngineContext, book: OrderBook, level: PriceLevel, maker: Order, taker: Order, out: Trade[]): void {
  const inst = book.instrument;
  const lots = Math.min(taker.remaining, maker.remaining);
  const price = level.price;
  const baseUnits = lots * inst.baseUnitsPerLot;
  const quoteUnits = price * lots * inst.quoteUnitsPerTickLot;
  maker.remaining -= lots;
  taker.remaining -= lots;
  level.quantity -= lots;

  let makerFee: number;
  let takerFee: number;
  if (taker.sideCode === BUY) {
    // A limit buy locked at its own limit: spending at the (better or equal) maker price frees the rest.
    const lockSpent = taker.typeCode === MARKET ? quoteUnits : taker.price * lots * inst.quoteUnitsPerTickLot;
    takerFee = feeOf(baseUnits, inst.takerFeeBps);
    makerFee = feeOf(quoteUnits, inst.makerFeeBps);
    ctx.ledger.settle(inst.base.index, inst.quote.index, taker.account, maker.account, baseUnits, quoteUnits, lockSpent, takerFee, makerFee);
  } else {
    makerFee = feeOf(baseUnits, inst.makerFeeBps);
    takerFee = feeOf(quoteUnits, inst.takerFeeBps);
    ctx.ledger.settle(inst.base.index, inst.quote.index, maker.account, taker.account, baseUnits, quoteUnits, quoteUnits, makerFee, takerFee);
  }

  const trade: Trade = {
    type: "Trade",
    seq: ctx.nextSeq(),
    ts: ctx.ts,
    tradeId: ++ctx.tradeId,
    symbol: inst.symbol,
    price,
    quantity: lots,
    takerSide: SIDES[taker.sideCode]!,
    makerOrderId: maker.id,
    takerOrderId: taker.id,
    makerAccountId: maker.account.id,
    takerAccountId: taker.account.id,
    makerFee,
    takerFee,
    makerRemaining: maker.remaining,
    takerRemaining: taker.remaining,
  };
  ctx.bus.journal(trade);
  book.recordTrade(trade);
  out.push(trade);

  taker.statusCode = taker.remaining === 0 ? FILLED : PARTIALLY_FILLED;
  if (maker.remaining === 0) {
    level.remove(maker);
    maker.statusCode = FILLED;
    ctx.orders.closed(maker);
  } else {
    maker.statusCode = PARTIALLY_FILLED;
  }
}

/**
 * Closes an open order that is not (or no longer) on the book: releases its lock, sets the final status,
 * retires it from the index and journals why (OrderExpired; user cancels journal OrderCancelled themselves).
 */
export function closeOrder(ctx: EngineContext, book: OrderBook, order: Order, status: number, reason?: ExpiryReason): void {
  releaseRemaining(ctx.ledger, order);
  order.statusCode = status;
  ctx.orders.closed(order);
  if (status !== EXPIRED && status !== CANCELLED) return;
  const seq = ctx.nextSeq(); // numbered whether or not anyone listens; built only if someone does
  if (!ctx.bus.journaling) return;
  const { id: orderId, remaining } = order;
  const accountId = order.account.id;
  const symbol = book.instrument.symbol;
  if (status === EXPIRED) {
    ctx.bus.journal({ type: "OrderExpired", seq, ts: ctx.ts, orderId, accountId, symbol, remaining, reason: reason ?? "IOC" });
  } else {
    ctx.bus.journal({ type: "OrderCancelled", seq, ts: ctx.ts, orderId, accountId, symbol, remaining });
  }
}

/** Lots resting on `side` at prices a taker limited to `limit` reaches (all levels if `limit` is undefined), stopping once `want` is reached. */
export function liquidityWithin(side: BookSide, limit: number | undefined, want: number): number {
  let lots = 0;
  for (let i = 0; lots < want; i++) {
    const level = side.fromBest(i);
    if (level === undefined || (limit !== undefined && !side.reachable(level.price, limit))) break;
    lots += level.quantity;
  }
  return lots;
}

export interface FillPreview {
  /** Lots that would fill (≤ want). */
  readonly lots: number;
  /** Quote units those fills would cost (or earn). */
  readonly quote: number;
}

/**
 * What `matchIncoming` would fill for an order of `want` lots by `account`, without changing anything:
 * same walk, same self-trade rule. Used for FOK checks and to fund market buys. O(orders it would touch).
 */
export function previewFill(
  book: OrderBook,
  sideCode: number,
  limit: number | undefined,
  want: number,
  account: object,
  stp: number,
): FillPreview {
  const side = book.oppositeOf(sideCode);
  const f = book.instrument.quoteUnitsPerTickLot;
  let lots = 0;
  let quote = 0;
  for (let i = 0; lots < want; i++) {
    const level = side.fromBest(i);
    if (level === undefined || (limit !== undefined && !side.reachable(level.price, limit))) break;
    for (let o = level.head; o !== null && lots < want; o = o.next) {
      if (o.account === account && stp !== STP_NONE) {
        if (stp === STP_CANCEL_MAKER) continue;
        return { lots, quote };
      }
      const take = Math.min(want - lots, o.remaining);
      lots += take;
      quote += level.price * take * f;
    }
  }
  return { lots, quote };
}
