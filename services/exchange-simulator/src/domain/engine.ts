/**
 * The matching engine: all symbols' books, the accounts ledger, the journal and market-data feeds, in
 * engine units (ticks, lots, asset units — see symbols.ts). `Exchange` (exchange.ts) wraps it with the
 * decimal-string API the service exposes; benchmarks and replay drive this class directly.
 *
 * Every command runs the same pipeline — validate → reserve funds → match → settle → publish — and either
 * changes state and journals it, or returns a rejection and changes nothing. Single-threaded and synchronous
 * by design: one command at a time, so the journal order *is* the execution order and replay is exact.
 * The commands themselves live in placement.ts, amendment.ts, funds.ts and price-shock.ts; this class owns
 * the state, stamps and times each operation, and delivers its events when it completes.
 */
import { createNoopMetrics } from "@tse/metrics-port";
import { Ledger } from "./accounts.js";
import { amendOrder } from "./amendment.js";
import { type RejectionFault, RejectionInjector } from "./chaos.js";
import * as clockModule from "./clock.js";
import { EngineContext } from "./context.js";
import type {
  AmendOrderCommand,
  AmendOrderResult,
  AssetTotals,
  Balance,
  EngineOptions,
  EngineState,
  PlaceOrderResult,
  PriceShockCommand,
} from "./engine-types.js";
import { EngineStateError, exportEngineState, restoreEngineState } from "./engine-state.js";
import { EventBus } from "./event-bus.js";
import { ACCOUNT_ID, balanceOf, deposit, openAccount, unknownAccount, withdraw } from "./funds.js";
import type { JournalListener, Trade } from "./journal.js";
import type { BookSnapshot, MarketDataListener } from "./market-data.js";
import * as matchingModule from "./matching.js";
import { EngineMetrics } from "./metrics.js";
import type { OrderRef } from "./order.js";
import * as orderModule from "./order.js";
import { OrderBook } from "./order-book.js";
import { OrderIndex, type OrderLocation } from "./order-index.js";
import * as orderIndexModule from "./order-index.js";
import type { PlaceOrderCommand } from "./order-validation.js";
import { CancelledOrder, OrderHandle } from "./order-ref.js";
import * as placementModule from "./placement.js";
import { priceShock } from "./price-shock.js";
import { type Rejection, type Result, reject } from "./rejections.js";
import { type CompiledConfig, compileConfig, DEFAULT_CONFIG } from "./symbols.js";

// Local copies of the imported constants and helpers of the order path: see "Local copies" in order.ts.
const { epochMs, monotonicMs } = clockModule;
const { closeOrder } = matchingModule;
const { CANCELLED, isOpenFlags, ORDER_STATUSES, SELF_TRADE_PREVENTIONS, statusCodeOf } = orderModule;
const { NOT_HELD } = orderIndexModule;
const { placeOrder } = placementModule;

export type {
  AmendOrderCommand,
  AmendOrderResult,
  AssetTotals,
  Balance,
  EngineOptions,
  EngineState,
  LevelState,
  OrderAllocationState,
  OrderState,
  PlaceOrderAccepted,
  PlaceOrderResult,
  PriceShockCommand,
} from "./engine-types.js";

/**
 * Order operations timed for exchange_matching_engine_latency_seconds under load: one in 16 (plus one per
 * millisecond, see beginTimed). A clock read costs ~45 ns on Node 20 and a histogram observation as much
 * again — together a tenth of an operation — while 1 in 16 still gives tens of thousands of samples per
 * second on a busy engine.
 */
export const DEFAULT_LATENCY_SAMPLING = 16;

/**
 * Order operations of one synchronous run that may share a reading of the default clock (see beginTimed).
 * A clock read costs ~45 ns on Node 20, a tenth of an operation, while the operations of a burst follow each
 * other within a microsecond and are stamped in whole milliseconds. Injected clocks are called every time.
 */
export const OPERATIONS_PER_CLOCK_READ = 8;
/** The module's own copy (see "Local copies" in order.ts). */
const READING_SHARED_BY = OPERATIONS_PER_CLOCK_READ;

export class MatchingEngine {
  readonly config: CompiledConfig;
  readonly houseAccountId: string;
  private readonly ctx: EngineContext;
  private readonly books: readonly OrderBook[];
  private readonly bookBySymbol = new Map<string, OrderBook>();
  private readonly metrics: EngineMetrics;
  private readonly clock: (() => number) | undefined;
  private readonly latencySampling: number;
  private untilSample = 1;
  /** The symbol and book of the last order placement (see bookOf). */
  private lastSymbol: string | undefined = undefined;
  private lastBook: OrderBook | undefined = undefined;
  /** Clock reading (clock.ts monotonicMs) at the start of the current operation. */
  private started = 0;
  /** Clock reading (clock.ts monotonicMs) at the start of the last timed operation. */
  private lastTimed = Number.NEGATIVE_INFINITY;
  /** Order operations that may still reuse the current reading (`started`, `ctx.ts`); 0: read the clock. */
  private readingReuses = 0;
  /** `ctx.seq` when the current reading was taken: a burst of journal events (a sweep) ends its reuse. */
  private readingSeq = 0;
  /** Whether a microtask to end the current reading's reuse is queued. */
  private readingExpiryQueued = false;
  /** Ends the reuse of the current reading: run as a microtask, i.e. once the synchronous run that took it ends. */
  private readonly expireReading = (): void => {
    this.readingReuses = 0;
    this.readingExpiryQueued = false;
  };

  constructor(options: EngineOptions = {}) {
    this.config = compileConfig(options.config ?? DEFAULT_CONFIG);
    const stp = SELF_TRADE_PREVENTIONS.indexOf(options.selfTradePrevention ?? "CANCEL_TAKER");
    if (stp < 0) throw new RangeError(`unknown selfTradePrevention ${JSON.stringify(options.selfTradePrevention)}`);
    this.houseAccountId = options.houseAccountId ?? "house";
    if (!ACCOUNT_ID.test(this.houseAccountId)) throw new RangeError(`invalid houseAccountId ${JSON.stringify(this.houseAccountId)}`);
    this.clock = options.clock;
    this.latencySampling = options.latencySampling ?? DEFAULT_LATENCY_SAMPLING;
    if (!Number.isInteger(this.latencySampling) || this.latencySampling < 1) {
      throw new RangeError(`latencySampling must be an integer ≥ 1 (got ${options.latencySampling})`);
    }
    const bus = new EventBus(options.onListenerError);
    const ledger = new Ledger(this.config.assets.length);
    const orders = new OrderIndex(options.retainClosedOrders ?? 10_000, ledger.byIndex);
    this.ctx = new EngineContext(
      this.config,
      ledger,
      orders,
      bus,
      new RejectionInjector(options.random ?? Math.random),
      stp,
      this.houseAccountId,
    );
    this.metrics = new EngineMetrics(options.metrics ?? createNoopMetrics(), () => this.books);
    this.books = this.config.instruments.map((inst) => {
      const lotsPerUnit = 10 ** inst.quantityDecimals / inst.lotUnits;
      const book = new OrderBook(inst, orders, this.metrics.forSymbol(inst.symbol, lotsPerUnit), bus, options.recentTrades ?? 1000);
      this.bookBySymbol.set(inst.symbol, book);
      return book;
    });
  }

  // ── accounts ──────────────────────────────────────────────────────────────────────────────────────────

  openAccount(accountId: string): Result<{ readonly accountId: string }> {
    this.begin();
    const r = openAccount(this.ctx, accountId);
    this.ctx.bus.flush();
    return r;
  }

  /** Credits `amount` asset units. */
  deposit(accountId: string, asset: string, amount: number): Result<Balance> {
    this.begin();
    const r = deposit(this.ctx, accountId, asset, amount);
    this.ctx.bus.flush();
    return r;
  }

  /** Debits `amount` asset units from the available balance. */
  withdraw(accountId: string, asset: string, amount: number): Result<Balance> {
    this.begin();
    const r = withdraw(this.ctx, accountId, asset, amount);
    this.ctx.bus.flush();
    return r;
  }

  balances(accountId: string): Result<readonly Balance[]> {
    if (this.ctx.ledger.get(accountId) === undefined) return unknownAccount(accountId);
    return { ok: true, value: this.config.assets.map((a) => balanceOf(this.ctx, accountId, a.index)) };
  }

  /** Per-asset totals; `held + fees === supply` always (the conservation invariant). */
  assetTotals(): AssetTotals[] {
    const l = this.ctx.ledger;
    return this.config.assets.map((a) => ({ asset: a.code, held: l.heldBy(a.index), fees: l.fees[a.index]!, supply: l.supply[a.index]! }));
  }

  // ── orders ────────────────────────────────────────────────────────────────────────────────────────────

  placeOrder(cmd: PlaceOrderCommand): PlaceOrderResult {
    const timed = this.beginTimed();
    const book = this.bookOf(cmd.symbol);
    if (book === undefined) {
      this.metrics.rejectedUnknownSymbol("UNKNOWN_SYMBOL");
      return reject("UNKNOWN_SYMBOL", `unknown symbol ${JSON.stringify(cmd.symbol)}`, "symbol");
    }
    const result = placeOrder(this.ctx, book, cmd, true);
    this.finish(book, result, timed);
    return result;
  }

  cancelOrder(accountId: string, orderId: number): Result<OrderRef> {
    const timed = this.beginTimed();
    const slot = this.openOrderOf(accountId, orderId);
    if (typeof slot !== "number") return slot;
    const store = this.ctx.orders.store;
    const book = this.books[store.bookIndex(slot)]!;
    // Read before closing: a closed order's record is free for the next order (order-index.ts).
    const account = this.ctx.ledger.byIndex[store.accountIndex(slot)]!;
    const clientOrderId = store.clientOrderId(slot);
    book.unrest(slot);
    closeOrder(this.ctx, book, slot, CANCELLED);
    const result = new CancelledOrder(slot, orderId, account, book, clientOrderId);
    this.finish(book, result, timed);
    return result;
  }

  /**
   * Changes an open order's price and/or total quantity. Lowering only the quantity keeps its place in the
   * queue; any price change or a quantity increase sends it to the back of its (new) level, and a new price
   * that crosses the book trades immediately, like a new order (post-only orders are rejected instead).
   */
  amendOrder(cmd: AmendOrderCommand): AmendOrderResult {
    const timed = this.beginTimed();
    const slot = this.openOrderOf(cmd.accountId, cmd.orderId);
    if (typeof slot !== "number") return slot;
    const book = this.books[this.ctx.orders.store.bookIndex(slot)]!;
    const result = amendOrder(this.ctx, this.books, slot, cmd);
    this.finish(book, result, timed);
    return result;
  }

  /** The order `orderId` while the engine holds it (open, or closed and retained), as a live OrderRef. */
  getOrder(orderId: number): OrderRef | undefined {
    const at = this.ctx.orders.locate(orderId);
    return at === NOT_HELD ? undefined : this.orderRef(at);
  }

  getOrderByClientId(accountId: string, clientOrderId: string): OrderRef | undefined {
    const id = this.ctx.ledger.get(accountId)?.clientOrders?.get(clientOrderId);
    return id === undefined ? undefined : this.getOrder(id);
  }

  /**
   * Open orders, optionally of one account and/or symbol, in book order: symbol by symbol, bids then asks,
   * best price first, oldest first within a price. Walks the books: for queries, not for the order path.
   */
  openOrders(filter: { readonly accountId?: string; readonly symbol?: string } = {}): OrderRef[] {
    const out: OrderRef[] = [];
    const store = this.ctx.orders.store;
    const account = filter.accountId === undefined ? undefined : this.ctx.ledger.get(filter.accountId);
    if (filter.accountId !== undefined && account === undefined) return out;
    for (const book of this.books) {
      if (filter.symbol !== undefined && book.instrument.symbol !== filter.symbol) continue;
      for (const side of [book.bids, book.asks]) {
        for (const level of side.levels()) {
          for (const s of level.orders(store)) {
            if (account === undefined || store.accountIndex(s) === account.index) out.push(this.orderRef(s));
          }
        }
      }
    }
    return out;
  }

  // ── market data ───────────────────────────────────────────────────────────────────────────────────────

  /** The best `depth` levels per side (default: all), with the market-data sequence number they reflect. */
  bookSnapshot(symbol: string, depth = Number.POSITIVE_INFINITY): BookSnapshot | undefined {
    return this.bookBySymbol.get(symbol)?.snapshot(Math.max(0, depth));
  }

  /** Most recent trades of a symbol, newest first. */
  recentTrades(symbol: string, limit = 100): readonly Trade[] | undefined {
    return this.bookBySymbol.get(symbol)?.recentTrades(limit);
  }

  /** Book deltas and trades of one symbol (or all). Returns the unsubscribe function. */
  subscribeMarketData(listener: MarketDataListener, symbol?: string): () => void {
    if (symbol !== undefined && !this.bookBySymbol.has(symbol)) throw new RangeError(`unknown symbol ${JSON.stringify(symbol)}`);
    return this.ctx.bus.subscribeMarketData(listener, symbol, () => {
      for (const b of this.books) b.mdActive = this.ctx.bus.hasMarketDataListener(b.instrument.symbol);
    });
  }

  /** Every journal event from now on, in order, after the operation that produced it completes. */
  subscribeJournal(listener: JournalListener): () => void {
    return this.ctx.bus.subscribeJournal(listener);
  }

  isHalted(symbol: string): boolean {
    return this.bookBySymbol.get(symbol)?.halted ?? false;
  }

  /** Counts a rejection decided before the engine saw the request (e.g. an unparsable price at the API edge). */
  countRejection(symbol: string | undefined, reason: Rejection["reason"]): void {
    const book = symbol === undefined ? undefined : this.bookBySymbol.get(symbol);
    if (book === undefined) this.metrics.rejectedUnknownSymbol(reason);
    else book.metrics.rejected(reason);
  }

  /** Sequence number of the last journal event. */
  get lastSeq(): number {
    return this.ctx.seq;
  }

  // ── chaos hooks ───────────────────────────────────────────────────────────────────────────────────────

  /** Stops order entry and amendment on a symbol (cancels still work). Journaled. */
  haltTrading(symbol: string): Result<{ readonly changed: boolean }> {
    return this.setHalted(symbol, true);
  }

  resumeTrading(symbol: string): Result<{ readonly changed: boolean }> {
    return this.setHalted(symbol, false);
  }

  /** Rejects a fraction of order placements (undefined stops it). Not journaled: rejections change nothing. */
  injectRejections(fault: RejectionFault | undefined): void {
    this.ctx.faults.set(fault);
  }

  get rejectionFault(): Required<RejectionFault> | undefined {
    return this.ctx.faults.current;
  }

  /**
   * A whale moves the market: the house account is funded (a journaled deposit) and sends an IOC order
   * that takes every resting order up to `percent` away from the touch. Journaled as PriceShock followed by
   * the house's opening, deposit, order and trades, so replay reproduces it.
   */
  priceShock(cmd: PriceShockCommand): PlaceOrderResult {
    const timed = this.beginTimed();
    const book = this.bookBySymbol.get(cmd.symbol);
    if (book === undefined) return reject("UNKNOWN_SYMBOL", `unknown symbol ${JSON.stringify(cmd.symbol)}`, "symbol");
    const result = priceShock(this.ctx, book, cmd.percent);
    this.finish(book, result, timed);
    return result;
  }

  // ── replay support & diagnostics ──────────────────────────────────────────────────────────────────────

  /**
   * Everything replay must reproduce, in a deterministic order, as plain JSON data (see engine-state.ts).
   * O(held orders + accounts + recent trades). `MatchingEngine.fromState` loads it back.
   */
  exportState(): EngineState {
    return exportEngineState(this.ctx, this.books);
  }

  /**
   * An engine in the state `state` (from `exportState`, possibly through JSON) that behaves exactly as the
   * exporting engine did from that point on. `options` must describe the same configuration; listeners and
   * metrics attach as usual. Throws EngineStateError if the state does not fit.
   */
  static fromState(state: EngineState, options: EngineOptions = {}): MatchingEngine {
    const engine = new MatchingEngine(options);
    try {
      restoreEngineState(engine.ctx, engine.books, state);
    } catch (err) {
      engine.close(); // its metrics collector must not outlive it
      if (err instanceof EngineStateError) throw err;
      // A malformed state (missing fields, wrong types) surfaces as a TypeError somewhere inside.
      throw new EngineStateError(`cannot restore engine state: ${(err as Error).message}`, { cause: err });
    }
    return engine;
  }

  /** Stops contributing book gauges to the metrics port. */
  close(): void {
    this.metrics.close();
  }

  /**
   * Hands the order and trade counts so far to the metrics port now. It otherwise receives them whenever its
   * values are read (every scrape, see metrics.ts) — a caller whose port changes behaviour (replay's silenced
   * port is about to count again) folds first.
   */
  flushMetrics(): void {
    this.metrics.fold();
  }

  // ── internals ─────────────────────────────────────────────────────────────────────────────────────────

  /** The OrderRef of the order held at `at` (an OrderLocation: an open order's slot, or a retained closed order). */
  private orderRef(at: OrderLocation): OrderRef {
    const orders = this.ctx.orders;
    const store = orders.storeAt(at);
    const slot = orders.slotAt(at);
    const account = this.ctx.ledger.byIndex[store.accountIndex(slot)]!;
    return new OrderHandle(slot, store.id(slot), account, this.books[store.bookIndex(slot)]!, store.clientOrderId(slot));
  }

  /** The book of `symbol`. Order flow usually repeats a symbol, and a string comparison is cheaper than a Map lookup. */
  private bookOf(symbol: string): OrderBook | undefined {
    if (symbol === this.lastSymbol) return this.lastBook;
    const book = this.bookBySymbol.get(symbol);
    if (book !== undefined) {
      this.lastSymbol = symbol;
      this.lastBook = book;
    }
    return book;
  }

  /**
   * Stamps the operation that starts now; its clock reading (monotonicMs) is left in `started` (a field, not
   * a return value: a double returned by a function that is not inlined is boxed). The default clock is that
   * monotonic reading anchored at the epoch (a journal's timestamps never go backwards).
   */
  private begin(): void {
    const now = monotonicMs();
    this.started = now;
    this.ctx.ts = this.clock === undefined ? epochMs(now) : this.clock();
  }

  /**
   * Like begin, for order operations: true if the latency histogram samples this one (its start is then
   * `lastTimed`). Sampled: every `latencySampling`-th operation, and any that starts a millisecond or more
   * after the last sampled one (so a quiet engine times every operation, a busy one about one in
   * `latencySampling`). Which operations are timed does not depend on how long they take, so the
   * histogram's distribution is an unbiased estimate; its _count is the number of samples. A flag rather
   * than the start time: a double passed to a function that is not inlined is boxed (see smi.ts).
   */
  private beginTimed(): boolean {
    if (--this.untilSample !== 0) {
      if (!this.reuseReading()) this.begin();
      if (this.started - this.lastTimed < 1) return false;
      // A millisecond since the last timed operation (by a reading possibly shared): time this one, from a
      // reading of its own.
    }
    this.begin();
    this.untilSample = this.latencySampling;
    this.lastTimed = this.started;
    return true;
  }

  /**
   * True if this order operation is stamped with the previous operation's clock reading (`started`, `ctx.ts`
   * as they are), which is allowed — with the default clock only — for the next OPERATIONS_PER_CLOCK_READ − 1
   * operations of the synchronous run that took the reading, as long as they journal fewer than
   * OPERATIONS_PER_CLOCK_READ events in all (so a long sweep is followed by a fresh reading). The first
   * operation after the run ends (an `await`, the next request or message) reads the clock again, so a
   * stamp lags the operation by at most a few operations of one burst — microseconds, while stamps are
   * whole milliseconds — and pauses between bursts are always seen. Operations timed for the latency
   * histogram always read the clock (beginTimed), so their samples are exact.
   */
  private reuseReading(): boolean {
    if (this.readingReuses > 0 && this.ctx.seq - this.readingSeq < READING_SHARED_BY) {
      this.readingReuses--;
      return true;
    }
    if (this.clock !== undefined) return false;
    this.readingReuses = READING_SHARED_BY - 1;
    this.readingSeq = this.ctx.seq;
    if (!this.readingExpiryQueued) {
      this.readingExpiryQueued = true;
      queueMicrotask(this.expireReading);
    }
    return false;
  }

  private finish(book: OrderBook, result: { readonly ok: boolean; readonly reason?: Rejection["reason"] }, timed: boolean): void {
    if (!result.ok) book.metrics.rejected(result.reason!);
    if (timed) book.metrics.latency.observe((monotonicMs() - this.lastTimed) / 1000);
    this.ctx.bus.flush();
  }

  /** The slot of the open order `orderId` of `accountId`, or a rejection (counted in the metrics). */
  private openOrderOf(accountId: string, orderId: number): number | Rejection {
    const orders = this.ctx.orders;
    const at = orders.locate(orderId);
    // The order names its account: comparing ids spares the ledger's Map lookup on the common path.
    if (at >= 0 && isOpenFlags(orders.store.flags(at)) && this.ctx.ledger.byIndex[orders.store.accountIndex(at)]!.id === accountId) return at;
    const account = this.ctx.ledger.get(accountId);
    const store = at === NOT_HELD ? undefined : orders.storeAt(at);
    const slot = orders.slotAt(at);
    let rejection: Rejection | undefined;
    if (account === undefined) rejection = unknownAccount(accountId);
    // Someone else's order is reported as unknown: ids of other accounts are not revealed.
    else if (store === undefined || store.accountIndex(slot) !== account.index) rejection = reject("UNKNOWN_ORDER", `no order ${orderId} for account ${accountId}`, "orderId");
    else if (!isOpenFlags(store.flags(slot))) {
      rejection = reject("ORDER_NOT_OPEN", `order ${orderId} is ${ORDER_STATUSES[statusCodeOf(store.flags(slot))]}`, "orderId");
    }
    if (rejection === undefined) return at;
    this.countRejection(rejection.reason === "ORDER_NOT_OPEN" ? this.books[store!.bookIndex(slot)]!.instrument.symbol : undefined, rejection.reason);
    return rejection;
  }

  private setHalted(symbol: string, halted: boolean): Result<{ readonly changed: boolean }> {
    this.begin();
    const book = this.bookBySymbol.get(symbol);
    if (book === undefined) return reject("UNKNOWN_SYMBOL", `unknown symbol ${JSON.stringify(symbol)}`, "symbol");
    if (book.halted === halted) return { ok: true, value: { changed: false } };
    book.halted = halted;
    this.ctx.bus.journal({ type: halted ? "TradingHalted" : "TradingResumed", seq: this.ctx.nextSeq(), ts: this.ctx.ts, symbol });
    this.ctx.bus.flush();
    return { ok: true, value: { changed: true } };
  }

}

