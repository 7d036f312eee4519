/**
 * The book of one symbol: bids and asks, the trading-halt flag, the symbol's market-data sequence and a ring
 * of recent trades. It knows how to put an order on the book and take it off (publishing the level change);
 * matching (matching.ts) and the engine's commands decide when.
 */
import { BookSide } from "./book-side.js";
import type { EventBus } from "./event-bus.js";
import type { Trade } from "./journal.js";
import type { BookSnapshot, LevelSnapshot } from "./market-data.js";
import type { SymbolMetrics } from "./metrics.js";
import * as orderModule from "./order.js";
import type { OrderIndex } from "./order-index.js";
import type { OrderStore } from "./order-store.js";
import type { PriceLevel } from "./price-level.js";
import type { Instrument } from "./symbols.js";
import * as smiModule from "./smi.js";

// Local copies of imported constants and helpers: see "Local copies" in order.ts.
const { BUY, SIDES, sideCodeOf } = orderModule;
const { smi } = smiModule;

export class OrderBook {
  readonly bids = new BookSide(true);
  readonly asks = new BookSide(false);
  halted = false;
  /** Sequence number of the last market-data message of this symbol. */
  mdSeq = 0;
  /** Whether anyone listens to this symbol's market data (messages are only built then). */
  mdActive = false;
  private readonly tradeRing: (Trade | undefined)[];
  private tradeNext = 0;

  /** Where the open orders' records live (the engine's one store, shared by all books): `orders.store`. */
  readonly store: OrderStore;

  constructor(
    readonly instrument: Instrument,
    /** The engine's orders by id (shared by all books). */
    readonly orders: OrderIndex,
    readonly metrics: SymbolMetrics,
    private readonly bus: EventBus,
    recentTradeCapacity: number,
  ) {
    this.store = orders.store;
    this.tradeRing = new Array<Trade | undefined>(Math.max(1, recentTradeCapacity)).fill(undefined);
  }

  /** The side an order of side `code` rests on. */
  sideOf(code: number): BookSide {
    return code === BUY ? this.bids : this.asks;
  }

  /** The side an order of side `code` matches against. */
  oppositeOf(code: number): BookSide {
    return code === BUY ? this.asks : this.bids;
  }

  /** Index of this book's instrument (order records store it). */
  get index(): number {
    return this.instrument.index;
  }

  /** Puts the open order in `slot` at the back of its price level. */
  rest(slot: number): void {
    const store = this.store;
    const sideCode = sideCodeOf(store.flags(slot));
    const level = this.sideOf(sideCode).levelFor(store.price(slot));
    level.append(store, slot);
    this.publishLevel(sideCode, level);
  }

  /** Takes the resting order in `slot` off the book (cancel, expiry, re-queue), dropping its level if it empties. */
  unrest(slot: number): void {
    const store = this.store;
    const sideCode = sideCodeOf(store.flags(slot));
    const side = this.sideOf(sideCode);
    const level = side.level(store.price(slot));
    if (level === undefined) throw new Error(`order ${store.id(slot)} is not on the book at ${store.price(slot)}`);
    level.remove(store, slot);
    if (level.count === 0) side.removeLevel(level);
    this.publishLevel(sideCode, level);
  }

  /** Publishes a level's new total (0 once it emptied). */
  publishLevel(sideCode: number, level: PriceLevel): void {
    const seq = ++this.mdSeq;
    if (this.mdActive) {
      this.bus.marketData({
        type: "book",
        symbol: this.instrument.symbol,
        seq,
        side: SIDES[sideCode]!,
        price: level.price,
        quantity: smi(level.quantity),
        orders: level.count,
      });
    }
  }

  /** Records a trade: recent-trades ring and market data (matching counts the trade metrics, once per order). */
  recordTrade(trade: Trade): void {
    this.tradeRing[this.tradeNext] = trade;
    this.tradeNext = this.tradeNext + 1 === this.tradeRing.length ? 0 : this.tradeNext + 1;
    const seq = ++this.mdSeq;
    if (this.mdActive) {
      this.bus.marketData({
        type: "trade",
        symbol: trade.symbol,
        seq,
        tradeId: trade.tradeId,
        price: trade.price,
        quantity: trade.quantity,
        takerSide: trade.takerSide,
        ts: trade.ts,
      });
    }
  }

  /** Up to `limit` most recent trades, newest first. */
  recentTrades(limit: number): Trade[] {
    const out: Trade[] = [];
    const n = this.tradeRing.length;
    for (let i = 1; i <= n && out.length < limit; i++) {
      const t = this.tradeRing[(this.tradeNext - i + n) % n];
      if (t === undefined) break;
      out.push(t);
    }
    return out;
  }

  /** The recent-trades ring, oldest first (snapshots). */
  tradesOldestFirst(): Trade[] {
    return this.recentTrades(this.tradeRing.length).reverse();
  }

  /** Loads a snapshot's recent trades (oldest first; only the newest that fit the ring are kept). */
  restoreTrades(trades: readonly Trade[]): void {
    for (const t of trades.slice(-this.tradeRing.length)) {
      this.tradeRing[this.tradeNext] = t;
      this.tradeNext = this.tradeNext + 1 === this.tradeRing.length ? 0 : this.tradeNext + 1;
    }
  }

  /** The best `depth` levels per side (all levels if depth is Infinity), best first. */
  snapshot(depth: number): BookSnapshot {
    return {
      symbol: this.instrument.symbol,
      seq: this.mdSeq,
      bids: levelsOf(this.bids, depth),
      asks: levelsOf(this.asks, depth),
    };
  }
}

function levelsOf(side: BookSide, depth: number): LevelSnapshot[] {
  const out: LevelSnapshot[] = [];
  const n = Math.min(depth, side.levelCount);
  for (let i = 0; i < n; i++) {
    const l = side.fromBest(i)!;
    out.push({ price: l.price, quantity: l.quantity, orders: l.count });
  }
  return out;
}
