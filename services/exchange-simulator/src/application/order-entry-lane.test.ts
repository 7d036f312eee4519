import { createRecordingMetrics, type RecordingMetrics } from "@tse/metrics-port/testing";
import { MemoryEventLog } from "@tse/storage";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Exchange, MatchingEngine, seededRandom } from "../domain/index.js";
import type { FillDto, OrderDto } from "./dto.js";
import { ExchangeFailure } from "./errors.js";
import { ExchangeApp, type OrderEntry, type PlaceOrderInput } from "./exchange-app.js";
import { GroupCommit } from "./group-commit.js";
import type { OrderEntrySink } from "./order-entry-lane.js";

/** An entry's answer as data: the order and fills (copies), or the failure's identity. */
type Answer = { order: OrderDto; fills: FillDto[] } | { error: unknown };

const failure = (err: unknown) =>
  err instanceof ExchangeFailure ? { kind: err.kind, reason: err.reason, message: err.message, field: err.field } : { thrown: String(err) };

interface EngineSetup {
  readonly retainClosedOrders?: number;
  /** Injected EXCHANGE_BUSY rejections (seeded, so both apps reject the same orders). */
  readonly busy?: number;
}

const FUNDED = ["a", "b", "c"];

/** The engines' clock: the same instant for both apps, moved on by the test between batches. */
let now = 1_700_000_000_000;

async function makeApp(setup: EngineSetup): Promise<{ app: ExchangeApp; metrics: RecordingMetrics }> {
  const metrics = createRecordingMetrics();
  const engine = new MatchingEngine({
    metrics,
    clock: () => now,
    random: seededRandom(7),
    ...(setup.retainClosedOrders === undefined ? {} : { retainClosedOrders: setup.retainClosedOrders }),
  });
  const exchange = new Exchange(engine);
  const journal = new GroupCommit(new MemoryEventLog());
  exchange.subscribeJournal(journal.record);
  const app = new ExchangeApp(exchange, journal);
  for (const id of [...FUNDED, "poor"]) await app.createAccount(id);
  for (const id of FUNDED) {
    await app.deposit({ accountId: id, asset: "USD", amount: "1000000" });
    await app.deposit({ accountId: id, asset: "BTC", amount: "100" });
    await app.deposit({ accountId: id, asset: "ETH", amount: "1000" });
  }
  await app.deposit({ accountId: "poor", asset: "USD", amount: "1" });
  await app.haltTrading("ETH-BTC");
  if (setup.busy) app.injectRejections({ fraction: setup.busy, reason: "EXCHANGE_BUSY" });
  return { app, metrics };
}

/** The general path: ExchangeApp.orderEntryBatch, every answer a fresh DTO. */
async function generalAnswers(app: ExchangeApp, entries: readonly OrderEntry[]): Promise<Answer[]> {
  return app.orderEntryBatch(entries, (outcomes) =>
    outcomes.map((o): Answer => (o.ok ? { order: o.value.order, fills: o.value.fills } : { error: failure(o.error) })),
  );
}

/** The lane's answers. */
async function laneAnswers(app: ExchangeApp, entries: readonly OrderEntry[]): Promise<Answer[]> {
  const answers: Answer[] = [];
  const sink: OrderEntrySink = {
    answer(order, fills, fillCount) {
      answers.push({ order: { ...order }, fills: fills.slice(0, fillCount).map((f) => ({ ...f })) });
    },
    failure(error) {
      answers.push({ error: failure(error) });
    },
  };
  await app.orderEntryLane((lane) => {
    for (const e of entries) {
      if ("place" in e) lane.place(e.place, sink);
      else lane.cancel(e.cancel, sink);
    }
  });
  return answers;
}

// Requests around a small book, so they trade, rest, get cancelled and collide on client order ids; plus the
// inputs the lane leaves to the general path (unknown symbols, prices off the tick, malformed numbers).
/** Mostly `usual`, sometimes `odd`. */
const mostly = <T>(usual: readonly T[], odd: readonly T[]) =>
  fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...usual) }, { weight: 1, arbitrary: fc.constantFrom(...odd) });
const symbols = mostly(["BTC-USD", "BTC-USD", "ETH-USD"], ["ETH-BTC", "NOPE"]);
const prices = mostly(
  ["100", "100.00", "100.01", "100.02", "99.99", "100.03", "100.010"],
  [undefined, "100.005", "0", "0.00", "-1", "1e2", "", "99999999999999999999", "30000.50"],
);
const quantities = mostly(["0.0001", "0.001", "0.002", "0.0030", "0.01", "0.5", "1"], ["0.00015", "0", "100000", "1.", "9007199254740993"]);
const place: fc.Arbitrary<OrderEntry> = fc
  .record({
    accountId: mostly(["a", "b", "c"], ["poor", "ghost"]),
    symbol: symbols,
    side: fc.constantFrom("BUY", "SELL"),
    type: mostly(["LIMIT"], ["MARKET"]),
    quantity: quantities,
    price: prices,
    timeInForce: mostly([undefined, "GTC"], ["IOC", "FOK"]),
    postOnly: mostly([undefined], [true, false]),
    clientOrderId: fc.constantFrom(undefined, undefined, undefined, "c-1", "c-2", "bad id"),
  })
  .map((r) => {
    const input: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) if (v !== undefined) input[k] = v;
    return { place: input as unknown as PlaceOrderInput };
  });
const cancel: fc.Arbitrary<OrderEntry> = fc
  .oneof(fc.integer({ min: 1, max: 40 }).map(String), fc.constantFrom("0", "x", "007", "99999999999999999"))
  .map((id) => ({ cancel: id }));
const batches = fc.array(fc.array(fc.oneof({ weight: 4, arbitrary: place }, { weight: 1, arbitrary: cancel }), { minLength: 1, maxLength: 60 }), {
  minLength: 1,
  maxLength: 3,
});

describe("OrderEntryLane", () => {
  beforeEach(() => {
    // Business rejections are stamped with the wall clock: the same instant for both paths.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(1_700_000_123_456);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it.each<[string, EngineSetup]>([
    ["default engine", {}],
    ["orders forgotten as they close, injected rejections", { retainClosedOrders: 0, busy: 0.1 }],
    ["few closed orders retained", { retainClosedOrders: 3 }],
  ])("answers every entry as the general path does, with the same effects (%s)", async (_, setup) => {
    let placements = 0;
    let general = 0;
    await fc.assert(
      fc.asyncProperty(batches, async (entryBatches) => {
        const reference = await makeApp(setup);
        const lane = await makeApp(setup);
        // Placements the lane hands to the general path (ExchangeApp's place).
        const handedOver = vi.spyOn(lane.app as unknown as { place(input: PlaceOrderInput): unknown }, "place");
        for (const entries of entryBatches) {
          now += 1;
          const expected = await generalAnswers(reference.app, entries);
          const actual = await laneAnswers(lane.app, entries);
          expect(actual).toEqual(expected);
        }
        expect(lane.app.exchange.engine.exportState()).toEqual(reference.app.exchange.engine.exportState());
        for (const name of ["exchange_orders_total", "exchange_orders_rejected_total", "exchange_trades_total"]) {
          expect(lane.metrics.series(name)).toEqual(reference.metrics.series(name));
        }
        placements += entryBatches.flat().filter((e) => "place" in e).length;
        general += handedOver.mock.calls.length;
      }),
      { numRuns: 100 },
    );
    // Not vacuous: most placements took the lane's own path.
    expect(placements).toBeGreaterThan(500);
    expect(general / placements).toBeLessThan(0.4);
  });

  it("reads a placed order's fields at once: a later entry of the batch changes the order, not its answer", async () => {
    const { app } = await makeApp({});
    const answers = await laneAnswers(
      app,
      [
        { place: { accountId: "a", symbol: "BTC-USD", side: "BUY", type: "LIMIT", price: "100.00", quantity: "0.0030" } },
        { place: { accountId: "b", symbol: "BTC-USD", side: "SELL", type: "LIMIT", price: "100.00", quantity: "0.0010" } },
        { cancel: "1" },
      ],
    );
    expect(answers.map((a) => ("order" in a ? [a.order.status, a.order.filledQuantity, a.fills.length] : a))).toEqual([
      ["NEW", "0.0000", 0],
      ["FILLED", "0.0010", 1],
      ["CANCELLED", "0.0010", 0],
    ]);
    const fill = (answers[1] as { fills: FillDto[] }).fills[0]!;
    expect(fill).toEqual({ tradeId: "1", orderId: "2", price: "100.00", quantity: "0.0010", fee: "0.000200", feeAsset: "USD", maker: false });
  });

  it("refuses the whole batch, running nothing, once the event log has failed", async () => {
    const log = new MemoryEventLog();
    const exchange = new Exchange();
    const journal = new GroupCommit(log);
    exchange.subscribeJournal(journal.record);
    const app = new ExchangeApp(exchange, journal);
    log.append = () => Promise.reject(new Error("disk on fire"));
    await expect(app.createAccount("a")).rejects.toThrow(/disk on fire/);
    const run = vi.fn();
    await expect(app.orderEntryLane(run)).rejects.toMatchObject({ kind: "unavailable", reason: "JOURNAL_UNAVAILABLE" });
    expect(run).not.toHaveBeenCalled();
  });
});
