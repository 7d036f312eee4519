/**
 * Price-time matching. An incoming order walks the opposite side from the best level, and within a level
 * from the oldest order, filling until it is done, the next level is beyond its limit, or self-trade
 * prevention stops it. Each fill settles both accounts and appends one Trade; a level's market-data delta is
 * published once, after the walk leaves it.
 *
 * Cost: O(1) per fill (the maker is the level's head; unlinking it is O(1)) and O(1) per emptied level
 * (it is the best, i.e. the last element of the sorted level array). The only allocation per fill is the Trade
 * record (plus market-data messages while someone listens); the trade metrics are counted once per order.
 */
import * as accountsModule from "./accounts.js";
import type { BookSide } from "./book-side.js";
import type { EngineContext } from "./context.js";
import type { ExpiryReason, Trade } from "./journal.js";
import * as locksModule from "./locks.js";
import * as orderModule from "./order.js";
import type { OrderBook } from "./order-book.js";
import * as orderStoreModule from "./order-store.js";
import * as smiModule from "./smi.js";

// Local copies of imported constants and helpers: see "Local copies" in order.ts.
const { feeOf } = accountsModule;
const { releaseRemaining } = locksModule;
const {
  BUY,
  CANCELLED,
  EXPIRED,
  FILLED,
  MARKET,
  PARTIALLY_FILLED,
  SELL,
  SIDES,
  STP_CANCEL_MAKER,
  STP_CANCEL_TAKER,
  STP_NONE,
  sideCodeOf,
  stpCodeOf,
  typeCodeOf,
} = orderModule;
const { NO_SLOT } = orderStoreModule;
const { smi } = smiModule;

/**
 * Matches the order in slot `taker` (already accepted, funds locked, not on the book) against the opposite
 * side up to `limit` (ignored for market orders). Adds its trades to the operation's (`ctx.addTrade`).
 * Returns true if self-trade prevention stopped it.
 *
 * Everything about the taker is read once, before the walk, and its remaining quantity, status and update
 * time are written back once, after it: a fill only touches the maker's record.
 */
export function matchIncoming(ctx: EngineContext, book: OrderBook, taker: number, limit: number): boolean {
  const store = book.store;
  const inst = book.instrument;
  const flags = store.flags(taker);
  const takerSide = sideCodeOf(flags);
  const side = book.oppositeOf(takerSide);
  const isMarket = typeCodeOf(flags) === MARKET;
  const takerIsBuy = takerSide === BUY;
  const stp = stpCodeOf(flags);
  const takerAccountIndex = store.accountIndex(taker);
  const accounts = ctx.ledger.byIndex;
  const takerAccount = accounts[takerAccountIndex]!;
  const takerId = smi(store.id(taker));
  // A limit buy locked at its own limit: spending at the (better or equal) maker price frees the rest.
  const takerLockPrice = takerIsBuy && !isMarket ? store.price(taker) : -1;
  const takerSideName = SIDES[takerSide]!;
  const ts = ctx.ts;
  let takerLeft = store.remaining(taker);
  let stopped = false;
  let fills = 0;
  let filledLots = 0;
  while (takerLeft > 0 && !stopped) {
    const level = side.best();
    if (level === undefined) break;
    if (!isMarket && (takerIsBuy ? level.price > limit : level.price < limit)) break;
    const price = level.price;
    let maker = level.head;
    let changed = false;
    while (maker !== NO_SLOT && takerLeft > 0) {
      const next = store.next(maker);
      const makerAccountIndex = store.accountIndex(maker);
      if (stp !== STP_NONE && makerAccountIndex === takerAccountIndex) {
        if (stp !== STP_CANCEL_TAKER) {
          level.remove(store, maker);
          closeOrder(ctx, book, maker, EXPIRED, "SELF_TRADE");
          changed = true;
        }
        if (stp !== STP_CANCEL_MAKER) {
          stopped = true;
          break;
        }
        maker = next;
        continue;
      }
      // ── one fill at the maker's price ──
      const makerAccount = accounts[makerAccountIndex]!;
      const makerId = smi(store.id(maker)); // read first: with nothing retained, closing forgets the order at once
      const makerLeft = store.remaining(maker);
      const lots = Math.min(takerLeft, makerLeft);
      const makerRemaining = makerLeft - lots;
      takerLeft -= lots;
      level.quantity -= lots;
      store.setRemaining(maker, makerRemaining);
      store.touch(maker, ts);
      // The maker's book and index changes first: unlinking it writes the next maker's record, which thereby
      // starts loading while the settlement below runs (the makers of a level are scattered in memory).
      if (makerRemaining === 0) {
        level.remove(store, maker);
        store.setStatus(maker, FILLED);
        ctx.orders.closed(maker);
      } else {
        store.setStatus(maker, PARTIALLY_FILLED);
      }
      const baseUnits = lots * inst.baseUnitsPerLot;
      const quoteUnits = price * lots * inst.quoteUnitsPerTickLot;
      let makerFee: number;
      let takerFee: number;
      if (takerIsBuy) {
        const lockSpent = isMarket ? quoteUnits : takerLockPrice * lots * inst.quoteUnitsPerTickLot;
        takerFee = feeOf(baseUnits, inst.takerFeeBps);
        makerFee = feeOf(quoteUnits, inst.makerFeeBps);
        ctx.ledger.settle(inst.base.index, inst.quote.index, takerAccount, makerAccount, baseUnits, quoteUnits, lockSpent, takerFee, makerFee);
      } else {
        makerFee = feeOf(baseUnits, inst.makerFeeBps);
        takerFee = feeOf(quoteUnits, inst.takerFeeBps);
        ctx.ledger.settle(inst.base.index, inst.quote.index, makerAccount, takerAccount, baseUnits, quoteUnits, quoteUnits, makerFee, takerFee);
      }
      const trade: Trade = {
        type: "Trade",
        seq: ctx.nextSeq(),
        ts,
        tradeId: ++ctx.tradeId,
        symbol: inst.symbol,
        price,
        quantity: smi(lots),
        takerSide: takerSideName,
        makerOrderId: makerId,
        takerOrderId: takerId,
        makerAccountId: makerAccount.id,
        takerAccountId: takerAccount.id,
        makerFee: smi(makerFee),
        takerFee: smi(takerFee),
        makerRemaining: smi(makerRemaining),
        takerRemaining: smi(takerLeft),
      };
      ctx.bus.journal(trade);
      book.recordTrade(trade);
      ctx.addTrade(trade);
      fills++;
      filledLots += lots;
      changed = true;
      maker = next;
    }
    if (changed) book.publishLevel(side.isBid ? BUY : SELL, level);
    if (level.count === 0) side.removeLevel(level);
  }
  if (fills > 0) {
    store.setRemaining(taker, takerLeft);
    store.setStatus(taker, takerLeft === 0 ? FILLED : PARTIALLY_FILLED);
    store.touch(taker, ts);
    book.metrics.trades(fills, filledLots);
  }
  return stopped;
}

/**
 * Closes the open order in `slot` that is not (or no longer) on the book: releases its lock, sets the final
 * status, retires it from the index and journals why (OrderExpired; user cancels journal OrderCancelled
 * themselves).
 */
export function closeOrder(ctx: EngineContext, book: OrderBook, slot: number, status: number, reason?: ExpiryReason): void {
  const store = book.store;
  releaseRemaining(ctx.ledger, store, slot, book.instrument);
  store.setStatus(slot, status);
  store.touch(slot, ctx.ts);
  // Read before `closed`: with nothing retained, closing forgets the order at once.
  const orderId = store.id(slot);
  const remaining = store.remaining(slot);
  const accountIndex = store.accountIndex(slot);
  ctx.orders.closed(slot);
  if (status !== EXPIRED && status !== CANCELLED) return;
  const seq = ctx.nextSeq(); // numbered whether or not anyone listens; built only if someone does
  if (!ctx.bus.journaling) return;
  const accountId = ctx.ledger.byIndex[accountIndex]!.id;
  const symbol = book.instrument.symbol;
  if (status === EXPIRED) {
    ctx.bus.journal({ type: "OrderExpired", seq, ts: ctx.ts, orderId: smi(orderId), accountId, symbol, remaining: smi(remaining), reason: reason ?? "IOC" });
  } else {
    ctx.bus.journal({ type: "OrderCancelled", seq, ts: ctx.ts, orderId: smi(orderId), accountId, symbol, remaining: smi(remaining) });
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
 * What `matchIncoming` would fill for an order of `want` lots by the account with index `accountIndex`, without changing anything:
 * same walk, same self-trade rule. Used for FOK checks and to fund market buys. O(orders it would touch).
 */
export function previewFill(
  book: OrderBook,
  sideCode: number,
  limit: number | undefined,
  want: number,
  accountIndex: number,
  stp: number,
): FillPreview {
  const side = book.oppositeOf(sideCode);
  const store = book.store;
  const f = book.instrument.quoteUnitsPerTickLot;
  let lots = 0;
  let quote = 0;
  for (let i = 0; lots < want; i++) {
    const level = side.fromBest(i);
    if (level === undefined || (limit !== undefined && !side.reachable(level.price, limit))) break;
    for (let o = level.head; o !== NO_SLOT && lots < want; o = store.next(o)) {
      if (stp !== STP_NONE && store.accountIndex(o) === accountIndex) {
        if (stp === STP_CANCEL_MAKER) continue;
        return { lots, quote };
      }
      const take = Math.min(want - lots, store.remaining(o));
      lots += take;
      quote += level.price * take * f;
    }
  }
  return { lots, quote };
}
