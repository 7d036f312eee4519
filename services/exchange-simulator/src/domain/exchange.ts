/**
 * The exchange as the application layer sees it: the matching engine behind an API of decimal strings and
 * immutable views. Parses every price, quantity and amount against the symbol's tick and lot (or the asset's
 * decimals) and rejects bad input with a reason naming the field; formats every number on the way out.
 *
 * Journal events stay in engine units (they are for persistence and replay, see journal.ts); market data is
 * formatted here for clients.
 */
import type { RejectionFault } from "./chaos.js";
import { type Balance, type EngineOptions, type EngineState, MatchingEngine } from "./engine.js";
import type { JournalEvent, JournalListener } from "./journal.js";
import type { OrderRef, OrderType, SelfTradePrevention, Side, TimeInForce } from "./order.js";
import { type Rejection, type Result, reject } from "./rejections.js";
import { replayJournal } from "./replay.js";
import type { Instrument } from "./symbols.js";
import { parseAmount, parsePrice, parseQuantity } from "./units.js";
import {
  type BalanceView,
  type BookView,
  balanceView,
  bookView,
  type MarketDataView,
  marketDataView,
  type OrderView,
  orderView,
  type TradeView,
  tradeView,
} from "./views.js";

export interface PlaceOrderRequest {
  readonly accountId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly type: OrderType;
  readonly timeInForce?: TimeInForce;
  readonly postOnly?: boolean;
  /** Decimal string, a multiple of the tick size; required for limit orders, absent for market orders. */
  readonly price?: string;
  /** Decimal string in the base asset, a multiple of the lot size. */
  readonly quantity: string;
  readonly clientOrderId?: string;
  readonly selfTradePrevention?: SelfTradePrevention;
}

export interface AmendOrderRequest {
  readonly accountId: string;
  readonly orderId: number;
  readonly price?: string;
  /** New total quantity (filled + open). */
  readonly quantity?: string;
}

export interface OrderExecution {
  readonly order: OrderView;
  readonly trades: readonly TradeView[];
}

export interface PlacedOrder extends OrderExecution {
  /** True for a retry of a known client order id: nothing new happened. */
  readonly duplicate: boolean;
}

export interface SymbolInfo {
  readonly symbol: string;
  readonly base: string;
  readonly quote: string;
  readonly tickSize: string;
  readonly lotSize: string;
  readonly minQuantity: string;
  readonly makerFeeBps: number;
  readonly takerFeeBps: number;
  readonly halted: boolean;
}

export class Exchange {
  readonly engine: MatchingEngine;

  constructor(engineOrOptions: MatchingEngine | EngineOptions = {}) {
    this.engine = engineOrOptions instanceof MatchingEngine ? engineOrOptions : new MatchingEngine(engineOrOptions);
  }

  /**
   * Rebuilds an exchange from its journal (see replay.ts); throws JournalReplayError if it does not replay
   * exactly. With `snapshot` (an exported engine state), starts from it and replays only the events after it.
   */
  static restore(events: Iterable<JournalEvent>, options: EngineOptions & { readonly snapshot?: EngineState } = {}): Exchange {
    const { snapshot, ...engineOptions } = options;
    return new Exchange(replayJournal(events, engineOptions, snapshot));
  }

  symbols(): SymbolInfo[] {
    return this.engine.config.instruments.map((inst) => ({
      symbol: inst.symbol,
      base: inst.base.code,
      quote: inst.quote.code,
      tickSize: inst.config.tickSize,
      lotSize: inst.config.lotSize,
      minQuantity: inst.config.minQuantity,
      makerFeeBps: inst.makerFeeBps,
      takerFeeBps: inst.takerFeeBps,
      halted: this.engine.isHalted(inst.symbol),
    }));
  }

  // ── accounts ──────────────────────────────────────────────────────────────────────────────────────────

  openAccount(accountId: string): Result<{ readonly accountId: string }> {
    return this.engine.openAccount(accountId);
  }

  deposit(req: { readonly accountId: string; readonly asset: string; readonly amount: string }): Result<BalanceView> {
    return this.moveFunds(req, (units) => this.engine.deposit(req.accountId, req.asset, units));
  }

  withdraw(req: { readonly accountId: string; readonly asset: string; readonly amount: string }): Result<BalanceView> {
    return this.moveFunds(req, (units) => this.engine.withdraw(req.accountId, req.asset, units));
  }

  balances(accountId: string): Result<readonly BalanceView[]> {
    const r = this.engine.balances(accountId);
    if (!r.ok) return r;
    return { ok: true, value: r.value.map((b) => balanceView(b, this.engine.config.asset(b.asset)!)) };
  }

  // ── orders ────────────────────────────────────────────────────────────────────────────────────────────

  placeOrder(req: PlaceOrderRequest): Result<PlacedOrder> {
    const inst = this.engine.config.instrument(req.symbol);
    if (inst === undefined) {
      this.engine.countRejection(undefined, "UNKNOWN_SYMBOL");
      return unknownSymbol(req.symbol);
    }
    let price: number | undefined;
    if (req.price !== undefined) {
      const p = parsePrice(inst, req.price);
      if (typeof p !== "number") return this.rejected(inst, p);
      price = p;
    }
    const quantity = parseQuantity(inst, req.quantity);
    if (typeof quantity !== "number") return this.rejected(inst, quantity);
    const r = this.engine.placeOrder({ ...req, price, quantity });
    if (!r.ok) return r;
    return { ok: true, value: { order: orderView(r.order, inst), trades: r.trades.map((t) => tradeView(t, inst)), duplicate: r.duplicate } };
  }

  cancelOrder(req: { readonly accountId: string; readonly orderId: number }): Result<OrderView> {
    const r = this.engine.cancelOrder(req.accountId, req.orderId);
    return r.ok ? { ok: true, value: this.view(r.value) } : r;
  }

  amendOrder(req: AmendOrderRequest): Result<OrderExecution> {
    const order = this.engine.getOrder(req.orderId);
    const inst = order === undefined ? undefined : this.engine.config.instrument(order.book.instrument.symbol);
    let price: number | undefined;
    let quantity: number | undefined;
    if (inst !== undefined) {
      if (req.price !== undefined) {
        const p = parsePrice(inst, req.price);
        if (typeof p !== "number") return this.rejected(inst, p);
        price = p;
      }
      if (req.quantity !== undefined) {
        const q = parseQuantity(inst, req.quantity);
        if (typeof q !== "number") return this.rejected(inst, q);
        quantity = q;
      }
    }
    // An unknown order (or one of another account) is rejected by the engine, which checks ownership first.
    const r = this.engine.amendOrder({ accountId: req.accountId, orderId: req.orderId, price, quantity });
    if (!r.ok) return r;
    const i = inst!;
    return { ok: true, value: { order: orderView(r.order, i), trades: r.trades.map((t) => tradeView(t, i)) } };
  }

  getOrder(req: { readonly accountId: string; readonly orderId: number }): Result<OrderView> {
    const order = this.engine.getOrder(req.orderId);
    if (order === undefined || order.account.id !== req.accountId) {
      return reject("UNKNOWN_ORDER", `no order ${req.orderId} for account ${req.accountId}`, "orderId");
    }
    return { ok: true, value: this.view(order) };
  }

  getOrderByClientId(req: { readonly accountId: string; readonly clientOrderId: string }): Result<OrderView> {
    const order = this.engine.getOrderByClientId(req.accountId, req.clientOrderId);
    if (order === undefined) return reject("UNKNOWN_ORDER", `no order with clientOrderId ${req.clientOrderId}`, "clientOrderId");
    return { ok: true, value: this.view(order) };
  }

  openOrders(req: { readonly accountId: string; readonly symbol?: string }): OrderView[] {
    return this.engine.openOrders(req).map((o) => this.view(o));
  }

  // ── market data ───────────────────────────────────────────────────────────────────────────────────────

  bookSnapshot(symbol: string, depth?: number): Result<BookView> {
    const inst = this.engine.config.instrument(symbol);
    const snapshot = this.engine.bookSnapshot(symbol, depth);
    if (inst === undefined || snapshot === undefined) return unknownSymbol(symbol);
    return { ok: true, value: bookView(snapshot, inst) };
  }

  recentTrades(symbol: string, limit?: number): Result<readonly TradeView[]> {
    const inst = this.engine.config.instrument(symbol);
    const trades = this.engine.recentTrades(symbol, limit);
    if (inst === undefined || trades === undefined) return unknownSymbol(symbol);
    return { ok: true, value: trades.map((t) => tradeView(t, inst)) };
  }

  /** Formatted book deltas and trades of one symbol (or all). Returns the unsubscribe function. */
  subscribeMarketData(listener: (event: MarketDataView) => void, symbol?: string): () => void {
    const config = this.engine.config;
    return this.engine.subscribeMarketData((e) => listener(marketDataView(e, config)), symbol);
  }

  /** Raw journal events (engine units) for persistence. */
  subscribeJournal(listener: JournalListener): () => void {
    return this.engine.subscribeJournal(listener);
  }

  // ── chaos hooks ───────────────────────────────────────────────────────────────────────────────────────

  haltTrading(symbol: string): Result<{ readonly changed: boolean }> {
    return this.engine.haltTrading(symbol);
  }

  resumeTrading(symbol: string): Result<{ readonly changed: boolean }> {
    return this.engine.resumeTrading(symbol);
  }

  injectRejections(fault: RejectionFault | undefined): void {
    this.engine.injectRejections(fault);
  }

  priceShock(req: { readonly symbol: string; readonly percent: number }): Result<OrderExecution> {
    const inst = this.engine.config.instrument(req.symbol);
    const r = this.engine.priceShock(req);
    if (!r.ok) return r;
    return { ok: true, value: { order: orderView(r.order, inst!), trades: r.trades.map((t) => tradeView(t, inst!)) } };
  }

  // ── internals ─────────────────────────────────────────────────────────────────────────────────────────

  private view(order: OrderRef): OrderView {
    return orderView(order, this.engine.config.instrument(order.book.instrument.symbol)!);
  }

  /** Input refused before reaching the engine still counts in exchange_orders_rejected_total. */
  private rejected(inst: Instrument, rejection: Rejection): Rejection {
    this.engine.countRejection(inst.symbol, rejection.reason);
    return rejection;
  }

  private moveFunds(
    req: { readonly asset: string; readonly amount: string },
    move: (units: number) => Result<Balance>,
  ): Result<BalanceView> {
    const asset = this.engine.config.asset(req.asset);
    if (asset === undefined) return reject("UNKNOWN_ASSET", `unknown asset ${JSON.stringify(req.asset)}`, "asset");
    const units = parseAmount(asset, req.amount);
    if (typeof units !== "number") return units;
    const r = move(units);
    return r.ok ? { ok: true, value: balanceView(r.value, asset) } : r;
  }
}

function unknownSymbol(symbol: string): Rejection {
  return reject("UNKNOWN_SYMBOL", `unknown symbol ${JSON.stringify(symbol)}`, "symbol");
}
