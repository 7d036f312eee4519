/**
 * Restoring an engine from its journal. Each command event is re-executed on a fresh engine, with the clock
 * pinned to the event's timestamp; the events the engine produces must equal the journal's, event for event
 * (same seq, same fields). Any difference — a gap, a command the engine now rejects, a different fill —
 * throws JournalReplayError naming the first diverging sequence number, rather than silently restoring a
 * state that differs from the one that was acknowledged.
 */
import { epochMs, monotonicMs } from "./clock.js";
import { type EngineOptions, type EngineState, MatchingEngine } from "./engine.js";
import { COMMAND_EVENT_TYPES, type JournalEvent, sameEvent } from "./journal.js";

export class JournalReplayError extends Error {
  override name = "JournalReplayError";
  constructor(
    readonly seq: number,
    message: string,
  ) {
    super(`journal replay diverged at seq ${seq}: ${message}`);
  }
}

/**
 * Builds an engine whose books, balances, orders and counters equal those of the engine that wrote `events`
 * (which must start at seq 1 — or, given `from` (an exported state, e.g. a snapshot), right after its lastSeq:
 * the engine is then loaded from that state and only the later events are re-executed). `options` must describe the same configuration (symbols, fees, house account);
 * During replay the journal's timestamps are the clock; afterwards the engine runs on `options.clock` (default:
 * wall-clock milliseconds), never earlier than the last replayed event, so events written after a restart carry
 * current times. Metrics and listeners attach as usual.
 */
export function replayJournal(events: Iterable<JournalEvent>, options: EngineOptions = {}, from?: EngineState): MatchingEngine {
  let now = 0;
  let replaying = true;
  const live = options.clock ?? (() => epochMs(monotonicMs()));
  const engineOptions: EngineOptions = { ...options, clock: () => (replaying ? now : Math.max(now, live())) };
  const engine = from === undefined ? new MatchingEngine(engineOptions) : MatchingEngine.fromState(from, engineOptions);
  const base = engine.lastSeq;
  const produced: JournalEvent[] = [];
  engine.subscribeJournal((e) => produced.push(e));

  const input = Array.isArray(events) ? (events as JournalEvent[]) : [...events];
  let i = 0;
  while (i < input.length) {
    const command = input[i]!;
    if (command.seq !== base + i + 1) throw new JournalReplayError(base + i + 1, `expected seq ${base + i + 1}, found ${command.seq}`);
    if (!COMMAND_EVENT_TYPES.has(command.type)) {
      throw new JournalReplayError(command.seq, `${command.type} is derived and must follow the command that caused it`);
    }
    now = command.ts;
    produced.length = 0;
    const outcome = execute(engine, command);
    if (!outcome.ok) {
      throw new JournalReplayError(command.seq, `${command.type} was rejected on replay (${outcome.reason}: ${outcome.message})`);
    }
    if (produced.length === 0) throw new JournalReplayError(command.seq, `${command.type} changed nothing on replay`);
    for (const event of produced) {
      const expected = input[event.seq - base - 1];
      if (expected === undefined) throw new JournalReplayError(event.seq, `replay produced ${event.type}, the journal ends before it`);
      if (!sameEvent(event, expected)) {
        throw new JournalReplayError(event.seq, `replay produced ${JSON.stringify(event)}, the journal has ${JSON.stringify(expected)}`);
      }
    }
    i += produced.length;
  }
  replaying = false;
  // The replayed operations were counted like live ones; fold them into the metrics port now, while a
  // restart's port still ignores them (application/replay-metrics.ts), not at the first scrape after it.
  engine.flushMetrics();
  return engine;
}

type Outcome = { readonly ok: true } | { readonly ok: false; readonly reason: string; readonly message: string };

function execute(engine: MatchingEngine, e: JournalEvent): Outcome {
  switch (e.type) {
    case "AccountOpened":
      return engine.openAccount(e.accountId);
    case "Deposited":
      return engine.deposit(e.accountId, e.asset, e.amount);
    case "Withdrawn":
      return engine.withdraw(e.accountId, e.asset, e.amount);
    case "OrderAccepted":
      return engine.placeOrder({
        accountId: e.accountId,
        symbol: e.symbol,
        side: e.side,
        type: e.orderType,
        timeInForce: e.timeInForce,
        postOnly: e.postOnly,
        ...(e.orderType === "limit" ? { price: e.price } : {}),
        quantity: e.quantity,
        selfTradePrevention: e.selfTradePrevention,
        ...(e.clientOrderId === undefined ? {} : { clientOrderId: e.clientOrderId }),
      });
    case "OrderAmended":
      return engine.amendOrder({ accountId: e.accountId, orderId: e.orderId, price: e.price, quantity: e.quantity });
    case "OrderCancelled":
      return engine.cancelOrder(e.accountId, e.orderId);
    case "TradingHalted":
      return engine.haltTrading(e.symbol);
    case "TradingResumed":
      return engine.resumeTrading(e.symbol);
    case "PriceShock":
      if (e.houseAccountId !== engine.houseAccountId) {
        return { ok: false, reason: "CONFIG", message: `journal's house account is ${e.houseAccountId}, the engine's ${engine.houseAccountId}` };
      }
      return engine.priceShock({ symbol: e.symbol, percent: e.percent });
    default:
      return { ok: false, reason: "DERIVED", message: `${e.type} is not a command` };
  }
}
