/**
 * The state every engine command works on: configuration, ledger, order index, event bus, fault injector,
 * policies, and the counters that number journal events and trades. The command modules (placement.ts,
 * amendment.ts, funds.ts, price-shock.ts) are functions of this context; MatchingEngine owns it.
 */
import type { Ledger } from "./accounts.js";
import type { RejectionInjector } from "./chaos.js";
import type { EventBus } from "./event-bus.js";
import type { Trade } from "./journal.js";
import type { OrderIndex } from "./order-index.js";
import type { CompiledConfig } from "./symbols.js";

/** The module's own reference to EMPTY_TRADES (see "Local copies" in order.ts). */
const NO_TRADES: readonly Trade[] = Object.freeze([]);
/** Shared empty trade list for operations that did not trade (never mutated). */
export const EMPTY_TRADES: readonly Trade[] = NO_TRADES;

export class EngineContext {
  /** Sequence number of the last journal event. */
  seq = 0;
  /** Id of the last trade. */
  tradeId = 0;
  /** Orders accepted so far. */
  ordersAccepted = 0;
  /** Clock reading of the operation in progress (every event of one operation carries it). */
  ts = 0;
  /**
   * Trades of the operation in progress (matching appends with `addTrade`, the operation takes them with
   * `takeTrades`). A scratch list rather than a fresh array per operation: an array that grows by push
   * allocates room for 17 elements at once, while `takeTrades` allocates exactly what the result holds.
   */
  private readonly tradeScratch: (Trade | undefined)[] = [];
  private tradeCount = 0;

  constructor(
    readonly config: CompiledConfig,
    readonly ledger: Ledger,
    readonly orders: OrderIndex,
    readonly bus: EventBus,
    readonly faults: RejectionInjector,
    /** Packed self-trade-prevention code for orders that do not choose. */
    readonly defaultStp: number,
    readonly houseAccountId: string,
  ) {}

  nextSeq(): number {
    return ++this.seq;
  }

  addTrade(trade: Trade): void {
    this.tradeScratch[this.tradeCount++] = trade;
  }

  /** The trades added since the last call, as a new array of exactly that length (none: the shared empty list). */
  takeTrades(): readonly Trade[] {
    const n = this.tradeCount;
    if (n === 0) return NO_TRADES;
    const scratch = this.tradeScratch;
    const trades = scratch.slice(0, n) as Trade[];
    for (let i = 0; i < n; i++) scratch[i] = undefined; // the scratch must not keep trades alive
    this.tradeCount = 0;
    return trades;
  }
}
