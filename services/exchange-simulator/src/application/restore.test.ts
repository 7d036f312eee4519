import { createRecordingMetrics } from "@tse/metrics-port/testing";
import { MemoryEventLog } from "@tse/storage";
import { describe, expect, it } from "vitest";
import { Exchange, type JournalEvent } from "../domain/index.js";
import { restoreExchange } from "./restore.js";

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
});
