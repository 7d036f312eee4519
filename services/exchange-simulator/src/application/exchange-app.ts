/**
 * The exchange's use cases, shared by the REST and gRPC adapters: accounts, orders, market data and the
 * chaos hooks, over the domain's `Exchange`, with durability.
 *
 * Every state-changing command runs the same way: refuse at once if the event log has failed (fail-stop),
 * execute synchronously on the engine (one command at a time — the journal order is the execution order),
 * then wait until the event log holds every journal event up to the engine's current seq (group commit) and
 * only then answer. A rejected command changes nothing; it still waits for the seq it observed, so an answer
 * never depends on state that could still be lost (e.g. the original of a duplicate client order id).
 *
 * Answer semantics:
 *  - malformed input, unknown symbol/asset → ExchangeFailure "invalid"; unknown account/order → "not_found";
 *  - a well-formed order the market or the account refuses (INSUFFICIENT_FUNDS, POST_ONLY_WOULD_TAKE,
 *    FOK_NOT_FILLABLE, NO_LIQUIDITY, TRADING_HALTED, EXCHANGE_BUSY, …) → an order with status REJECTED;
 *  - the event log failed → ExchangeFailure "unavailable" (and nothing was acknowledged).
 */
import { randomUUID } from "node:crypto";
import type { Exchange, PlaceOrderRequest, RejectReason, Result } from "../domain/index.js";
import {
  type BalanceDto,
  type BookDto,
  balanceDto,
  domainSide,
  type FillDto,
  fillsOf,
  levelDto,
  type MarketDataDto,
  marketDataDto,
  type OrderDto,
  orderDto,
  rejectedOrder,
  type SymbolDto,
  type TradeDto,
  tradeDto,
  type WireOrderType,
  type WireSide,
  type WireTimeInForce,
} from "./dto.js";
import { BUSINESS_REJECTIONS, ExchangeFailure, failureOf } from "./errors.js";
import type { GroupCommit } from "./group-commit.js";
import { OrderEntryLane } from "./order-entry-lane.js";
import { ownerOf, parseOrderId } from "./order-ids.js";

export interface PlaceOrderInput {
  accountId: string;
  symbol: string;
  side: WireSide;
  type: WireOrderType;
  quantity: string;
  price?: string;
  timeInForce?: WireTimeInForce;
  postOnly?: boolean;
  clientOrderId?: string;
}

export interface PlaceOrderOutput {
  order: OrderDto;
  fills: FillDto[];
}

/** One request of an order-entry batch: place an order, or cancel one by id. */
export type OrderEntry = { readonly place: PlaceOrderInput } | { readonly cancel: string };

/** Each entry's own answer: what placeOrder / cancelOrder would have answered it alone, or its failure. */
export type EntryOutcome = { readonly ok: true; readonly value: PlaceOrderOutput } | { readonly ok: false; readonly error: unknown };

export interface AmendOrderInput {
  orderId: string;
  /** New total quantity (filled + open). */
  quantity?: string;
  price?: string;
}

/** The fills of an order entry that executed none (shared: answers are never mutated). */
const NO_FILLS = Object.freeze([]) as unknown as FillDto[];

export const DEFAULT_BOOK_DEPTH = 50;
export const DEFAULT_TRADES_LIMIT = 100;

/** What a market-data subscriber gets: the books at the moment of subscribing, then every change. */
export interface MarketDataSubscription {
  snapshots: BookDto[];
  unsubscribe(): void;
}

function unwrap<T>(r: Result<T>): T {
  if (!r.ok) throw failureOf(r);
  return r.value;
}

export class ExchangeApp {
  private readonly lane: OrderEntryLane;

  constructor(
    readonly exchange: Exchange,
    private readonly journal: GroupCommit,
  ) {
    this.lane = new OrderEntryLane(exchange, { place: (input) => this.place(input) });
  }

  // ── accounts ──────────────────────────────────────────────────────────────────────────────────────────

  createAccount(accountId: string = randomUUID()): Promise<{ accountId: string }> {
    return this.write(() => ({ accountId: unwrap(this.exchange.openAccount(accountId)).accountId }));
  }

  deposit(input: { accountId: string; asset: string; amount: string }): Promise<BalanceDto> {
    return this.write(() => balanceDto(unwrap(this.exchange.deposit(input))));
  }

  /** Takes available funds out (never what open orders lock); INSUFFICIENT_FUNDS is a conflict, nothing changes. */
  withdraw(input: { accountId: string; asset: string; amount: string }): Promise<BalanceDto> {
    return this.write(() => balanceDto(unwrap(this.exchange.withdraw(input))));
  }

  balances(accountId: string): BalanceDto[] {
    return unwrap(this.exchange.balances(accountId)).map(balanceDto);
  }

  // ── orders ────────────────────────────────────────────────────────────────────────────────────────────

  placeOrder(input: PlaceOrderInput): Promise<PlaceOrderOutput> {
    return this.write(() => this.place(input));
  }

  /**
   * Order entry in bulk, the general way: every entry runs on the engine in order, each answered exactly as
   * placeOrder / cancelOrder would answer it alone (a bad entry fails alone), then ONE wait makes the whole
   * batch durable (group commit) before any answer is given. If the event log fails, the promise rejects
   * ("unavailable"): nothing of the batch is acknowledged. The gRPC adapter runs its batches through
   * orderEntryLane instead, which answers exactly as this does (order-entry-lane.test.ts compares them).
   *
   * `prepare` turns the outcomes into the answer right after the batch ran — synchronously, while they are
   * fresh — and that answer is what the promise resolves with, once durable.
   */
  async orderEntryBatch<T>(entries: readonly OrderEntry[], prepare: (outcomes: readonly EntryOutcome[]) => T): Promise<T> {
    this.refuseIfFailed();
    const outcomes: EntryOutcome[] = new Array(entries.length);
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i]!;
      try {
        const value = "place" in entry ? this.place(entry.place) : { order: this.cancel(entry.cancel), fills: NO_FILLS };
        outcomes[i] = { ok: true, value };
      } catch (error) {
        outcomes[i] = { ok: false, error };
      }
    }
    const answer = prepare(outcomes);
    await this.durable();
    return answer;
  }

  /**
   * orderEntryBatch without answer objects, for an adapter that encodes each answer the moment it exists:
   * `run` executes the entries in order through the lane (order-entry-lane.ts), which hands every answer to
   * a sink right after the entry ran, and returns the adapter's answer; that answer is what the promise
   * resolves with once the whole batch is durable (one wait). Rejects ("unavailable") if the event log has
   * failed (then nothing runs) or fails: nothing of the batch is acknowledged.
   */
  orderEntryLane<T>(run: (lane: OrderEntryLane) => T): Promise<T> {
    let answer: T;
    try {
      this.refuseIfFailed();
      answer = run(this.lane);
    } catch (err) {
      return Promise.reject(err);
    }
    // Not async: only the answer waits for durability, not `run` and what it holds (the decoded requests).
    return this.durable().then(() => answer);
  }

  getOrder(orderId: string): OrderDto {
    const id = parseOrderId(orderId);
    return orderDto(unwrap(this.exchange.getOrder({ accountId: ownerOf(this.exchange.engine, id), orderId: id })));
  }

  cancelOrder(orderId: string): Promise<OrderDto> {
    return this.write(() => this.cancel(orderId));
  }

  amendOrder(input: AmendOrderInput): Promise<PlaceOrderOutput> {
    return this.write(() => {
      const id = parseOrderId(input.orderId);
      const r = this.exchange.amendOrder({
        accountId: ownerOf(this.exchange.engine, id),
        orderId: id,
        ...(input.price === undefined ? {} : { price: input.price }),
        ...(input.quantity === undefined ? {} : { quantity: input.quantity }),
      });
      const { order, trades } = unwrap(r);
      return { order: orderDto(order), fills: fillsOf(order.orderId, trades) };
    });
  }

  // ── market data ───────────────────────────────────────────────────────────────────────────────────────

  symbols(): SymbolDto[] {
    return this.exchange.symbols().map((s) => ({
      symbol: s.symbol,
      baseAsset: s.base,
      quoteAsset: s.quote,
      tickSize: s.tickSize,
      lotSize: s.lotSize,
      minQuantity: s.minQuantity,
      makerFeeBps: s.makerFeeBps,
      takerFeeBps: s.takerFeeBps,
      halted: s.halted,
    }));
  }

  orderBook(symbol: string, depth = DEFAULT_BOOK_DEPTH): BookDto {
    const book = unwrap(this.exchange.bookSnapshot(symbol, depth));
    return { symbol: book.symbol, sequence: book.seq, bids: book.bids.map(levelDto), asks: book.asks.map(levelDto) };
  }

  trades(symbol: string, limit = DEFAULT_TRADES_LIMIT): TradeDto[] {
    return unwrap(this.exchange.recentTrades(symbol, limit)).map(tradeDto);
  }

  /**
   * Snapshots of `symbols` (empty: all) at `depth` (0: full book), then every book delta and trade after
   * them. Snapshot and subscription happen in the same synchronous step, so nothing falls between them.
   */
  subscribeMarketData(symbols: readonly string[], depth: number, listener: (event: MarketDataDto) => void): MarketDataSubscription {
    const known = new Set(this.exchange.symbols().map((s) => s.symbol));
    for (const s of symbols) {
      if (!known.has(s)) throw new ExchangeFailure("invalid", "UNKNOWN_SYMBOL", `unknown symbol ${JSON.stringify(s)}`, "symbols");
    }
    const wanted = symbols.length === 0 ? [...known] : [...new Set(symbols)];
    const snapshots = wanted.map((s) => this.orderBook(s, depth === 0 ? Number.POSITIVE_INFINITY : depth));
    const forward = (e: Parameters<Parameters<Exchange["subscribeMarketData"]>[0]>[0]) => listener(marketDataDto(e));
    const unsubscribes =
      symbols.length === 0 ? [this.exchange.subscribeMarketData(forward)] : wanted.map((s) => this.exchange.subscribeMarketData(forward, s));
    return {
      snapshots,
      unsubscribe: () => {
        for (const u of unsubscribes) u();
      },
    };
  }

  // ── chaos hooks (journaled where they change state) ───────────────────────────────────────────────────

  haltTrading(symbol: string): Promise<{ changed: boolean }> {
    return this.write(() => unwrap(this.exchange.haltTrading(symbol)));
  }

  resumeTrading(symbol: string): Promise<{ changed: boolean }> {
    return this.write(() => unwrap(this.exchange.resumeTrading(symbol)));
  }

  /** Rejects `fraction` of order placements with `reason` (undefined stops it). Not state: not journaled. */
  injectRejections(fault: { fraction: number; reason: RejectReason } | undefined): void {
    this.exchange.injectRejections(fault && { probability: fault.fraction, reason: fault.reason });
  }

  /** The house account sweeps the book `percent` away from the touch. */
  priceShock(symbol: string, percent: number): Promise<PlaceOrderOutput> {
    return this.write(() => {
      const { order, trades } = unwrap(this.exchange.priceShock({ symbol, percent }));
      return { order: orderDto(order), fills: fillsOf(order.orderId, trades) };
    });
  }

  /** Halted symbols (start-up resumes them: a halt is a chaos fault whose timer died with the process). */
  haltedSymbols(): string[] {
    return this.exchange.symbols().filter((s) => s.halted).map((s) => s.symbol);
  }

  // ── internals ─────────────────────────────────────────────────────────────────────────────────────────

  /** Fail-stop check, synchronous command, then wait for durability of everything the command observed. */
  private async write<T>(command: () => T): Promise<T> {
    this.refuseIfFailed();
    let result: T;
    let failure: unknown;
    try {
      result = command();
    } catch (err) {
      failure = err;
    }
    await this.durable();
    if (failure !== undefined) throw failure;
    return result!;
  }

  /** Fail-stop: once the event log has failed, no command runs until a restart. */
  private refuseIfFailed(): void {
    const failed = this.journal.failed;
    if (failed) throw new ExchangeFailure("unavailable", "JOURNAL_UNAVAILABLE", failed.message);
  }

  /** Waits until every journal event up to the engine's current seq is durable. */
  private async durable(): Promise<void> {
    try {
      await this.journal.whenDurable(this.exchange.engine.lastSeq);
    } catch (err) {
      throw new ExchangeFailure("unavailable", "JOURNAL_UNAVAILABLE", (err as Error).message);
    }
  }

  /** The placement itself (synchronous, not yet durable): callers wait for durability before answering. */
  private place(input: PlaceOrderInput): PlaceOrderOutput {
    const req: PlaceOrderRequest = {
      accountId: input.accountId,
      symbol: input.symbol,
      side: domainSide(input.side),
      type: input.type === "LIMIT" ? "limit" : "market",
      quantity: input.quantity,
      price: input.price,
      timeInForce: input.timeInForce,
      postOnly: input.postOnly,
      clientOrderId: input.clientOrderId,
    };
    const r = this.exchange.placeOrder(req);
    if (!r.ok) {
      if (BUSINESS_REJECTIONS.has(r.reason)) return { order: rejectedOrder(input, r, Date.now()), fills: NO_FILLS }; // not journaled: wall clock
      throw failureOf(r);
    }
    const { order, trades, duplicate } = r.value;
    // A retried client order id returns the original order; its fills were reported the first time.
    return { order: orderDto(order), fills: duplicate || trades.length === 0 ? NO_FILLS : fillsOf(order.orderId, trades) };
  }

  /** The cancellation itself (synchronous, not yet durable). */
  private cancel(orderId: string): OrderDto {
    const id = parseOrderId(orderId);
    return orderDto(unwrap(this.exchange.cancelOrder({ accountId: ownerOf(this.exchange.engine, id), orderId: id })));
  }
}
