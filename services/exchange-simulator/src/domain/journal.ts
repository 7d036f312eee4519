/**
 * The journal: every state change of the engine as an append-only sequence of events, numbered from 1
 * without gaps. All numbers are exact integers in engine units (price in ticks, quantity in lots, amounts and
 * fees in asset units), so events serialise to JSON losslessly.
 *
 * Each operation appends one *command* event (what was asked and accepted: AccountOpened, Deposited,
 * Withdrawn, OrderAccepted, OrderAmended, OrderCancelled, TradingHalted, TradingResumed, PriceShock) followed
 * by the *derived* events it caused (Trade, OrderExpired, and for a price shock the house account's
 * opening, deposit and order). Replay (replay.ts) re-executes the command events on a fresh engine and checks
 * that it derives exactly the same events — so a journal proves itself while it restores the state.
 * Rejected requests change nothing and are not journaled.
 */
import type { OrderType, SelfTradePrevention, Side, TimeInForce } from "./order.js";

interface EventBase {
  /** Position in the journal, 1, 2, 3, … */
  readonly seq: number;
  /** Engine clock (ms since the epoch) when the operation ran; all events of one operation share it. */
  readonly ts: number;
}

export interface AccountOpened extends EventBase {
  readonly type: "AccountOpened";
  readonly accountId: string;
}

export interface Deposited extends EventBase {
  readonly type: "Deposited";
  readonly accountId: string;
  readonly asset: string;
  /** Asset units. */
  readonly amount: number;
}

export interface Withdrawn extends EventBase {
  readonly type: "Withdrawn";
  readonly accountId: string;
  readonly asset: string;
  readonly amount: number;
}

export interface OrderAccepted extends EventBase {
  readonly type: "OrderAccepted";
  readonly orderId: number;
  readonly accountId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly orderType: OrderType;
  readonly timeInForce: TimeInForce;
  readonly postOnly: boolean;
  readonly selfTradePrevention: SelfTradePrevention;
  /** Limit price in ticks; 0 for market orders. */
  readonly price: number;
  /** Lots. */
  readonly quantity: number;
  readonly clientOrderId?: string;
}

export interface OrderAmended extends EventBase {
  readonly type: "OrderAmended";
  readonly orderId: number;
  readonly accountId: string;
  readonly symbol: string;
  /** New limit price (ticks) and new total quantity (lots). */
  readonly price: number;
  readonly quantity: number;
  /** True when only the quantity went down, so the order kept its place in the queue. */
  readonly priorityKept: boolean;
}

export interface OrderCancelled extends EventBase {
  readonly type: "OrderCancelled";
  readonly orderId: number;
  readonly accountId: string;
  readonly symbol: string;
  /** Lots that were still open. */
  readonly remaining: number;
}

export type ExpiryReason = "IOC" | "MARKET" | "SELF_TRADE";

export interface OrderExpired extends EventBase {
  readonly type: "OrderExpired";
  readonly orderId: number;
  readonly accountId: string;
  readonly symbol: string;
  readonly remaining: number;
  /** IOC: an IOC remainder; MARKET: a market order's unfillable remainder; SELF_TRADE: self-trade prevention. */
  readonly reason: ExpiryReason;
}

export interface Trade extends EventBase {
  readonly type: "Trade";
  /** Engine-wide, 1, 2, 3, … */
  readonly tradeId: number;
  readonly symbol: string;
  /** Ticks (always the resting order's price). */
  readonly price: number;
  /** Lots. */
  readonly quantity: number;
  /** Side of the incoming (taker) order. */
  readonly takerSide: Side;
  readonly makerOrderId: number;
  readonly takerOrderId: number;
  readonly makerAccountId: string;
  readonly takerAccountId: string;
  /**
   * Fees in units of the asset each side receives: the buyer pays in the base asset, the seller in the quote
   * asset (so a buy never has to lock more quote than its notional).
   */
  readonly makerFee: number;
  readonly takerFee: number;
  /** Lots still open on each order after this fill. */
  readonly makerRemaining: number;
  readonly takerRemaining: number;
}

export interface TradingHalted extends EventBase {
  readonly type: "TradingHalted";
  readonly symbol: string;
}

export interface TradingResumed extends EventBase {
  readonly type: "TradingResumed";
  readonly symbol: string;
}

export interface PriceShock extends EventBase {
  readonly type: "PriceShock";
  readonly symbol: string;
  /** Signed percent: +5 buys the asks up to 5 % above the best ask, −5 sells the bids down to 5 % below the best bid. */
  readonly percent: number;
  readonly houseAccountId: string;
}

export type JournalEvent =
  | AccountOpened
  | Deposited
  | Withdrawn
  | OrderAccepted
  | OrderAmended
  | OrderCancelled
  | OrderExpired
  | Trade
  | TradingHalted
  | TradingResumed
  | PriceShock;

export type JournalEventType = JournalEvent["type"];

/** Event types that start an operation (everything else is derived from the command before it). */
export const COMMAND_EVENT_TYPES: ReadonlySet<JournalEventType> = new Set<JournalEventType>([
  "AccountOpened",
  "Deposited",
  "Withdrawn",
  "OrderAccepted",
  "OrderAmended",
  "OrderCancelled",
  "TradingHalted",
  "TradingResumed",
  "PriceShock",
]);

export type JournalListener = (event: JournalEvent) => void;

/** An in-memory journal: subscribe it to an engine (`engine.subscribeJournal(j.append)`) to keep every event. */
export class MemoryJournal {
  private readonly list: JournalEvent[] = [];

  readonly append = (event: JournalEvent): void => {
    this.list.push(event);
  };

  get length(): number {
    return this.list.length;
  }

  /** All events, or those with seq > `afterSeq`. */
  events(afterSeq = 0): readonly JournalEvent[] {
    if (afterSeq <= 0) return this.list;
    const first = this.list.findIndex((e) => e.seq > afterSeq);
    return first < 0 ? [] : this.list.slice(first);
  }
}

/**
 * True when two events carry the same fields and values. Fields whose value is undefined count as absent,
 * so an event survives a JSON round trip unchanged.
 */
export function sameEvent(a: JournalEvent, b: JournalEvent): boolean {
  const ra = a as unknown as Record<string, unknown>;
  const rb = b as unknown as Record<string, unknown>;
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
  for (const k of keys) if (ra[k] !== rb[k]) return false;
  return true;
}
