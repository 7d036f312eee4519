/**
 * Business metrics of the matching engine, declared against the metrics port (so the domain depends on no
 * metrics library). Handles are bound once per symbol at start-up. The per-order counters (orders, trades,
 * traded quantity) are not even `inc` calls on the order path: it bumps plain numbers, and the port receives
 * the difference whenever something reads its values (`Counter.foldBeforeRead`: every scrape) — with a few
 * hundred nanoseconds per operation, a port call per order was a few per cent of the engine's time.
 * Rejections and latency samples are rare enough to go to the port at once. Book gauges are computed when a
 * scrape asks for them (`onCollect`), not maintained per order.
 */
import {
  type BoundCounter,
  type BoundHistogram,
  type Counter,
  defineCounter,
  defineGauge,
  defineHistogram,
  type MetricsPort,
} from "@tse/metrics-port";
import type { BookSide } from "./book-side.js";
import { ORDER_TYPES, SIDES } from "./order.js";
import type { OrderBook } from "./order-book.js";
import type { RejectReason } from "./rejections.js";

/** Label value for requests naming a symbol the exchange does not list (keeps the label set bounded). */
export const UNKNOWN_SYMBOL_LABEL = "_unknown";

export const ordersTotal = defineCounter({
  name: "exchange_orders_total",
  help: "Orders accepted by the matching engine (rejections are counted in exchange_orders_rejected_total).",
  labelNames: ["symbol", "order_type", "side"] as const,
});

export const ordersRejectedTotal = defineCounter({
  name: "exchange_orders_rejected_total",
  help: "Order placements and amendments rejected, by reason code.",
  labelNames: ["symbol", "reason"] as const,
});

export const tradesTotal = defineCounter({
  name: "exchange_trades_total",
  help: "Trades (fills between a resting and an incoming order).",
  labelNames: ["symbol"] as const,
});

export const tradedQuantityTotal = defineCounter({
  name: "exchange_traded_quantity_total",
  help: "Traded quantity in units of the symbol's base asset.",
  labelNames: ["symbol"] as const,
});

export const orderBookDepth = defineGauge({
  name: "exchange_order_book_depth",
  help: "Quantity resting on one side of the book, in units of the base asset.",
  labelNames: ["symbol", "side"] as const,
});

export const restingOrders = defineGauge({
  name: "exchange_resting_orders",
  help: "Orders resting on one side of the book.",
  labelNames: ["symbol", "side"] as const,
});

export const bestPrice = defineGauge({
  name: "exchange_best_price",
  help: "Best bid or ask price in units of the quote asset; absent while that side is empty.",
  labelNames: ["symbol", "side"] as const,
});

/** 1 µs … 10 ms: one matching operation takes about a microsecond; a deep sweep takes longer. */
export const MATCHING_LATENCY_BUCKETS: readonly number[] = Object.freeze([
  0.000001, 0.0000025, 0.000005, 0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
]);

export const matchingLatencySeconds = defineHistogram({
  name: "exchange_matching_engine_latency_seconds",
  help: "Time the matching engine spends on one order operation (place, amend, cancel), events included.",
  unit: "seconds",
  labelNames: ["symbol"] as const,
  buckets: MATCHING_LATENCY_BUCKETS,
});

/** Every metric this module declares (for docs and registration checks). */
export const EXCHANGE_METRICS = [
  ordersTotal,
  ordersRejectedTotal,
  tradesTotal,
  tradedQuantityTotal,
  orderBookDepth,
  restingOrders,
  bestPrice,
  matchingLatencySeconds,
] as const;

/** Orders accepted by typeCode * 2 + sideCode, then trades, then traded lots (see SymbolMetrics.counts). */
const TRADES = ORDER_TYPES.length * SIDES.length;
const TRADED_LOTS = TRADES + 1;

/** Prepared handles for one symbol. */
export class SymbolMetrics {
  /** Handles of exchange_orders_total, indexed by typeCode * 2 + sideCode. */
  private readonly orders: BoundCounter[];
  private readonly tradeCount: BoundCounter;
  private readonly traded: BoundCounter;
  private readonly rejections = new Map<RejectReason, BoundCounter>();
  readonly latency: BoundHistogram;
  /** Counted since start-up: orders by typeCode * 2 + sideCode, trades (TRADES), traded lots (TRADED_LOTS). */
  private readonly counts = new Float64Array(TRADED_LOTS + 1);
  /** The part of `counts` already handed to the port. */
  private readonly folded = new Float64Array(TRADED_LOTS + 1);

  constructor(
    private readonly rejectedCounter: Counter<"symbol" | "reason">,
    port: MetricsPort,
    readonly symbol: string,
    /** Lots per whole base unit (e.g. 10,000 for a 0.0001 lot), to report quantities in base units. */
    private readonly lotsPerUnit: number,
  ) {
    const orders = port.counter(ordersTotal);
    this.orders = [];
    for (const type of ORDER_TYPES) {
      for (const side of SIDES) this.orders.push(orders.bind({ symbol, order_type: type, side }));
    }
    this.tradeCount = port.counter(tradesTotal).bind({ symbol });
    this.traded = port.counter(tradedQuantityTotal).bind({ symbol });
    this.latency = port.histogram(matchingLatencySeconds).bind({ symbol });
  }

  order(typeCode: number, sideCode: number): void {
    this.counts[typeCode * 2 + sideCode]!++;
  }

  /** `count` trades of `lots` lots in total (one order's fills: one call per order, not per fill). */
  trades(count: number, lots: number): void {
    const counts = this.counts;
    counts[TRADES]! += count;
    counts[TRADED_LOTS]! += lots;
  }

  /** Hands what was counted since the last fold to the port. */
  fold(): void {
    const counts = this.counts;
    const folded = this.folded;
    for (let i = 0; i < TRADES; i++) {
      if (counts[i] !== folded[i]) this.orders[i]!.inc(counts[i]! - folded[i]!);
    }
    if (counts[TRADES] !== folded[TRADES]) this.tradeCount.inc(counts[TRADES]! - folded[TRADES]!);
    // Whole lots are summed exactly; only the difference is converted to base units.
    if (counts[TRADED_LOTS] !== folded[TRADED_LOTS]) this.traded.inc((counts[TRADED_LOTS]! - folded[TRADED_LOTS]!) / this.lotsPerUnit);
    folded.set(counts);
  }

  rejected(reason: RejectReason): void {
    let handle = this.rejections.get(reason);
    if (handle === undefined) {
      handle = this.rejectedCounter.bind({ symbol: this.symbol, reason });
      this.rejections.set(reason, handle);
    }
    handle.inc();
  }
}

/** The engine's metrics: per-symbol handles plus the book gauges, refreshed on every collect. */
export class EngineMetrics {
  private readonly rejectedCounter: Counter<"symbol" | "reason">;
  private readonly stopCollecting: () => void;
  private readonly stopFolding: () => void;
  private readonly symbols: SymbolMetrics[] = [];

  constructor(
    private readonly port: MetricsPort,
    private readonly books: () => Iterable<OrderBook>,
  ) {
    this.rejectedCounter = port.counter(ordersRejectedTotal);
    // One fold for every symbol's order and trade counters (registering it on one of them is enough).
    this.stopFolding = port.counter(ordersTotal).foldBeforeRead(() => this.fold());
    const depth = port.gauge(orderBookDepth);
    const resting = port.gauge(restingOrders);
    const best = port.gauge(bestPrice);
    this.stopCollecting = port.onCollect(() => {
      for (const book of this.books()) {
        const inst = book.instrument;
        const lotsPerUnit = 10 ** inst.quantityDecimals / inst.lotUnits;
        const ticksPerUnit = 10 ** inst.priceDecimals / inst.tickUnits;
        for (const [sideName, side] of [["buy", book.bids], ["sell", book.asks]] as const) {
          const labels = { symbol: inst.symbol, side: sideName };
          const { lots, orders } = totals(side);
          depth.set(labels, lots / lotsPerUnit);
          resting.set(labels, orders);
          const top = side.best();
          if (top === undefined) best.remove(labels);
          else best.set(labels, top.price / ticksPerUnit);
        }
      }
    });
  }

  forSymbol(symbol: string, lotsPerUnit: number): SymbolMetrics {
    const metrics = new SymbolMetrics(this.rejectedCounter, this.port, symbol, lotsPerUnit);
    this.symbols.push(metrics);
    return metrics;
  }

  /** Hands every symbol's counts so far to the port now (it otherwise gets them when its values are read). */
  fold(): void {
    for (const s of this.symbols) s.fold();
  }

  /** A rejection that names no listed symbol. */
  rejectedUnknownSymbol(reason: RejectReason): void {
    this.rejectedCounter.inc({ symbol: UNKNOWN_SYMBOL_LABEL, reason });
  }

  /** Stops refreshing the book gauges (the engine is being discarded), after a last fold of its counters. */
  close(): void {
    this.fold();
    this.stopFolding();
    this.stopCollecting();
  }
}

function totals(side: BookSide): { lots: number; orders: number } {
  let lots = 0;
  let orders = 0;
  for (const level of side.levels()) {
    lots += level.quantity;
    orders += level.count;
  }
  return { lots, orders };
}
