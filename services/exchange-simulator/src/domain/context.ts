/**
 * The state every engine command works on: configuration, ledger, order index, event bus, fault injector,
 * policies, and the counters that number journal events and trades. The command modules (placement.ts,
 * amendment.ts, funds.ts, price-shock.ts) are functions of this context; MatchingEngine owns it.
 */
import type { Ledger } from "./accounts.js";
import type { RejectionInjector } from "./chaos.js";
import type { EventBus } from "./event-bus.js";
import type { OrderIndex } from "./order-index.js";
import type { CompiledConfig } from "./symbols.js";

export class EngineContext {
  /** Sequence number of the last journal event. */
  seq = 0;
  /** Id of the last trade. */
  tradeId = 0;
  /** Orders accepted so far. */
  ordersAccepted = 0;
  /** Clock reading of the operation in progress (every event of one operation carries it). */
  ts = 0;

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
}
