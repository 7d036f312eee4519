import { createRecordingMetrics } from "@tse/metrics-port/testing";
import { type JsonValue, MemoryEventLog } from "@tse/storage";
import { describe, expect, it } from "vitest";
import { Exchange, type JournalEvent } from "../domain/index.js";
import { RestoreError, restoreExchange } from "./restore.js";

/** Writes a little history (an account, a deposit, two resting orders and a trade) into an event log. */
async function history(): Promise<MemoryEventLog> {
  const log = new MemoryEventLog();
  const journal: JournalEvent[] = [];
  const ex = new Exchange();
  ex.subscribeJournal((e) => journal.push(e));
  ex.openAccount("a");
  ex.openAccount("b");
  ex.deposit({ accountId: "a", asset: "USD", amount: "100000" });
  ex.deposit({ accountId: "b", asset: "BTC", amount: "10" });
  ex.placeOrder({ accountId: "a", symbol: "BTC-USD", side: "buy", type: "limit", price: "30000", quantity: "1" });
  ex.placeOrder({ accountId: "b", symbol: "BTC-USD", side: "sell", type: "limit", price: "30000", quantity: "0.5" });
  ex.placeOrder({ accountId: "b", symbol: "BTC-USD", side: "sell", type: "limit", price: "31000", quantity: "1" });
  await log.append(journal.map((e) => ({ type: e.type, data: JSON.parse(JSON.stringify(e)) })));
  return log;
}

describe("restoreExchange", () => {
  it("rebuilds the book but starts counters from zero: replay is history, not traffic", async () => {
    const metrics = createRecordingMetrics();
    const { exchange, events } = await restoreExchange(await history(), { metrics });
    expect(events).toBeGreaterThan(5);
    expect(exchange.bookSnapshot("BTC-USD", 10).ok).toBe(true);
    metrics.expectCounter("exchange_orders_total").toBe(0);
    metrics.expectCounter("exchange_trades_total").toBe(0);
    expect(metrics.histogramSnapshot("exchange_matching_engine_latency_seconds").count).toBe(0);
    // Current-state gauges describe the restored book.
    await metrics.collect();
    metrics.expectGauge("exchange_resting_orders", { symbol: "BTC-USD", side: "buy" }).toBe(1);
    // Live traffic after the restore counts as usual.
    exchange.placeOrder({ accountId: "a", symbol: "BTC-USD", side: "buy", type: "limit", price: "29000", quantity: "0.1" });
    metrics.expectCounter("exchange_orders_total").toBe(1);
    expect(metrics.histogramSnapshot("exchange_matching_engine_latency_seconds").count).toBe(1);
  });

  it("loads the latest snapshot and replays only the events after it, counters still starting from zero", async () => {
    const log = await history();
    const full = await restoreExchange(log, {});
    const atSnapshot = await restoreExchange(log, {});
    await log.saveSnapshot(log.lastSeq(), atSnapshot.exchange.engine.exportState() as unknown as JsonValue);
    // One more command after the snapshot: the restart must replay exactly it.
    const later: JournalEvent[] = [];
    atSnapshot.exchange.subscribeJournal((e) => later.push(e));
    atSnapshot.exchange.placeOrder({ accountId: "a", symbol: "BTC-USD", side: "buy", type: "limit", price: "29000", quantity: "0.1" });
    await log.append(later.map((e) => ({ type: e.type, data: JSON.parse(JSON.stringify(e)) })));

    const metrics = createRecordingMetrics();
    const restored = await restoreExchange(log, { metrics });
    expect(restored).toMatchObject({ snapshotSeq: full.exchange.engine.lastSeq, events: later.length });
    expect(restored.snapshotRejected).toBeUndefined();
    expect(restored.exchange.engine.exportState()).toEqual(atSnapshot.exchange.engine.exportState());
    metrics.expectCounter("exchange_orders_total").toBe(0);
    await metrics.collect();
    metrics.expectGauge("exchange_resting_orders", { symbol: "BTC-USD", side: "buy" }).toBe(2);
  });

  it("falls back to the whole log when the snapshot cannot be loaded", async () => {
    const log = await history();
    const { exchange } = await restoreExchange(log, {});
    const state = exchange.engine.exportState();
    const broken = { ...state, balances: [...state.balances, state.balances[0]!] }; // an account twice
    await log.saveSnapshot(log.lastSeq(), broken as unknown as JsonValue);
    const restored = await restoreExchange(log, {});
    expect(restored.snapshotSeq).toBe(0);
    expect(restored.snapshotRejected).toMatch(/account "a" appears twice/);
    expect(restored.events).toBe(log.lastSeq());
    expect(restored.exchange.engine.exportState()).toEqual(state);
  });

  it("refuses a snapshot that is not the engine state of its seq", async () => {
    const log = await history();
    await log.saveSnapshot(2, { lastSeq: 3 });
    await expect(restoreExchange(log, {})).rejects.toThrow(RestoreError);
  });
});
