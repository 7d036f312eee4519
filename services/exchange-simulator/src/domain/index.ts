/**
 * The exchange simulator's domain: matching, accounts, journal and market data — pure, synchronous, with
 * metrics through @tse/metrics-port only. The application layer uses `Exchange` (decimal strings in and out);
 * `MatchingEngine` is the same engine in integer units (benchmarks, replay, tooling).
 */
export { Exchange, type AmendOrderRequest, type OrderExecution, type PlacedOrder, type PlaceOrderRequest, type SymbolInfo } from "./exchange.js";
export {
  DEFAULT_LATENCY_SAMPLING,
  MatchingEngine,
  type AmendOrderCommand,
  type AmendOrderResult,
  type AssetTotals,
  type Balance,
  type EngineOptions,
  type EngineState,
  type LevelState,
  type OrderAllocationState,
  type OrderState,
  type PlaceOrderAccepted,
  type PlaceOrderResult,
  type PriceShockCommand,
} from "./engine.js";
export type { PlaceOrderCommand } from "./order-validation.js";
export type { OrderRef, OrderStatus, OrderType, SelfTradePrevention, Side, TimeInForce } from "./order.js";
export { REJECT_REASONS, type Rejection, type RejectReason, type Result } from "./rejections.js";
export { ConfigError, DEFAULT_CONFIG, type AssetConfig, type ExchangeConfig, type SymbolConfig } from "./symbols.js";
export {
  COMMAND_EVENT_TYPES,
  MemoryJournal,
  type AccountOpened,
  type Deposited,
  type ExpiryReason,
  type JournalEvent,
  type JournalEventType,
  type JournalListener,
  type OrderAccepted,
  type OrderAmended,
  type OrderCancelled,
  type OrderExpired,
  type PriceShock,
  type Trade,
  type TradingHalted,
  type TradingResumed,
  type Withdrawn,
} from "./journal.js";
export { JournalReplayError, replayJournal } from "./replay.js";
export { EngineStateError } from "./engine-state.js";
export {
  L2Book,
  type ApplyResult,
  type BookDelta,
  type BookSnapshot,
  type LevelSnapshot,
  type MarketDataEvent,
  type MarketDataListener,
  type TradeTick,
} from "./market-data.js";
export type { BalanceView, BookView, LevelView, MarketDataView, OrderView, TradeView } from "./views.js";
export { seededRandom, type RejectionFault } from "./chaos.js";
export type { ListenerErrorHandler } from "./event-bus.js";
export {
  bestPrice,
  EXCHANGE_METRICS,
  MATCHING_LATENCY_BUCKETS,
  matchingLatencySeconds,
  orderBookDepth,
  ordersRejectedTotal,
  ordersTotal,
  restingOrders,
  tradedQuantityTotal,
  tradesTotal,
  UNKNOWN_SYMBOL_LABEL,
} from "./metrics.js";
