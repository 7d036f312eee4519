/**
 * The matching engine's configuration, command and result types (engine units: ticks, lots, asset units).
 */
import type { MetricsPort } from "@tse/metrics-port";
import type { ListenerErrorHandler } from "./event-bus.js";
import type { Trade } from "./journal.js";
import type { OrderRef, SelfTradePrevention } from "./order.js";
import type { Rejection } from "./rejections.js";
import type { ExchangeConfig } from "./symbols.js";

export interface EngineOptions {
  /** Assets and symbols (default: USD, BTC, ETH; BTC-USD, ETH-USD, ETH-BTC). */
  readonly config?: ExchangeConfig;
  /** Where metrics go (default: a no-op port). */
  readonly metrics?: MetricsPort;
  /**
   * Milliseconds since the epoch, read once per operation. Default: the monotonic clock the latency metric
   * reads anyway, anchored at process start (saves a second clock read per order), one reading of which
   * serves up to OPERATIONS_PER_CLOCK_READ consecutive order operations of one synchronous run (engine.ts).
   * Replay pins the journal's.
   */
  readonly clock?: () => number;
  /** Random source for injected rejection faults (default Math.random; pass a seeded one for reproducible chaos). */
  readonly random?: () => number;
  /** Self-trade prevention for orders that do not choose (default CANCEL_TAKER). */
  readonly selfTradePrevention?: SelfTradePrevention;
  /** Closed orders kept findable by id / client order id (default 10,000; older ones are forgotten). */
  readonly retainClosedOrders?: number;
  /** Trades kept per symbol for `recentTrades` (default 1,000). */
  readonly recentTrades?: number;
  /** Account that executes price shocks (default "house"); opened and funded on first use. */
  readonly houseAccountId?: string;
  /**
   * Time one order operation in this many for exchange_matching_engine_latency_seconds (default 16; 1: every
   * one), plus any operation that starts a millisecond or more after the last timed one — so a quiet engine
   * still times every operation (a pause inside one synchronous run of operations is noticed within
   * OPERATIONS_PER_CLOCK_READ operations, see engine.ts). A clock read costs ~45 ns on Node 20 and an observation about as much, a
   * noticeable share of a sub-microsecond operation. The histogram's _count counts samples, not operations
   * (use exchange_orders_total for rates); its distribution is unbiased, since which operations are timed
   * does not depend on how long they take.
   */
  readonly latencySampling?: number;
  /** Receives errors thrown by journal / market-data listeners (default: rethrown asynchronously). */
  readonly onListenerError?: ListenerErrorHandler;
}

export interface PlaceOrderAccepted {
  readonly ok: true;
  /** The order (a live view: it keeps changing as it trades; see OrderRef). The engine returns the result object itself here (order-ref.ts). */
  readonly order: OrderRef;
  /** Fills of this operation, in execution order. */
  readonly trades: readonly Trade[];
  /** True when this was a retry of an existing client order id: nothing happened, the original is returned. */
  readonly duplicate: boolean;
}
export type PlaceOrderResult = PlaceOrderAccepted | Rejection;

export interface AmendOrderCommand {
  readonly accountId: string;
  readonly orderId: number;
  /** New limit price in ticks. */
  readonly price?: number;
  /** New total quantity in lots (filled + open); must exceed what already filled. */
  readonly quantity?: number;
}
export type AmendOrderResult = { readonly ok: true; readonly order: OrderRef; readonly trades: readonly Trade[] } | Rejection;

export interface PriceShockCommand {
  readonly symbol: string;
  /** Signed percent, in (−100, 1000], not 0: +5 buys every ask up to 5 % above the best ask; −5 sells into every bid down to 5 % below the best bid. */
  readonly percent: number;
}

export interface Balance {
  readonly asset: string;
  /** Asset units. */
  readonly available: number;
  readonly locked: number;
}

export interface AssetTotals {
  readonly asset: string;
  /** Σ available + locked over all accounts. */
  readonly held: number;
  readonly fees: number;
  /** Deposits − withdrawals. Invariant: held + fees === supply. */
  readonly supply: number;
}

/** [price in ticks, the level's orders first to last in time priority as [orderId, remaining lots]]. */
export type LevelState = readonly [price: number, orders: ReadonlyArray<readonly [orderId: number, remaining: number]>];

/**
 * One order held by the engine (open, or closed and still retained): id, account, symbol, packed flags
 * (side/type/tif/postOnly/stp/status, see order.ts), price, quantity, remaining, client order id (null: none),
 * createdAt and updatedAt (engine clock, ms since the epoch). Exports always carry the timestamps; states
 * exported before orders had them restore with 0 ("unknown").
 */
export type OrderState = readonly [
  id: number,
  accountId: string,
  symbol: string,
  flags: number,
  price: number,
  quantity: number,
  remaining: number,
  clientOrderId: string | null,
  createdAt?: number,
  updatedAt?: number,
];

/**
 * A deterministic dump of everything replay must reproduce — and everything `MatchingEngine.fromState` needs to
 * rebuild an engine that behaves identically (snapshots). Plain JSON: numbers, strings, booleans, arrays.
 */
export interface EngineState {
  readonly books: ReadonlyArray<{
    readonly symbol: string;
    readonly halted: boolean;
    readonly bids: readonly LevelState[];
    readonly asks: readonly LevelState[];
    /** Sequence number of the symbol's last market-data message. */
    readonly mdSeq: number;
    /** The recent-trades ring, oldest first. */
    readonly trades: readonly Trade[];
  }>;
  /** Accounts in opening order, balances per asset (configuration order). */
  readonly balances: ReadonlyArray<readonly [accountId: string, ReadonlyArray<readonly [available: number, locked: number]>]>;
  readonly fees: readonly number[];
  readonly supply: readonly number[];
  readonly lastSeq: number;
  readonly ordersAccepted: number;
  readonly lastTradeId: number;
  /** Every order held (open and retained closed), in slot order. */
  readonly orders: readonly OrderState[];
  /** Order-id allocation (see order-index.ts): ids handed out next and closed orders in eviction order. */
  readonly orderIds: OrderAllocationState;
}

export interface OrderAllocationState {
  /** Slots ever used (the next fresh id is used + 1). */
  readonly used: number;
  /** Freed slots as the id their next order receives; the last is reused first. */
  readonly free: readonly number[];
  /** Retained closed orders' ids, oldest (next to be forgotten) first. */
  readonly retained: readonly number[];
}
