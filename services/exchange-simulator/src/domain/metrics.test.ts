import { createMetrics, type MetricsBackend } from "@tse/metrics-port";
// biome-ignore lint/style/noRestrictedImports: tests read metrics back through the port's recording adapter; production domain code stays on the root export.
import { createRecordingMetrics } from "@tse/metrics-port/testing";
import { describe, expect, it } from "vitest";
import { DEFAULT_LATENCY_SAMPLING, OPERATIONS_PER_CLOCK_READ } from "./engine.js";
import { EXCHANGE_METRICS, MATCHING_LATENCY_BUCKETS } from "./metrics.js";
import { fixture, P30K } from "./test-support/engine-fixture.js";

describe("exchange metrics", () => {
  it("counts accepted orders by symbol, type and side, and trades with their base quantity", () => {
    const metrics = createRecordingMetrics();
    const f = fixture({ metrics });
    f.accepted("alice", "sell", P30K, 5_000); // 0.5 BTC
    f.accepted("bob", "buy", P30K, 2_500);
    f.accepted("bob", "buy", undefined, 1_000);
    metrics.expectCounter("exchange_orders_total", { symbol: "BTC-USD", order_type: "limit", side: "sell" }).toBe(1);
    metrics.expectCounter("exchange_orders_total", { symbol: "BTC-USD", order_type: "limit", side: "buy" }).toBe(1);
    metrics.expectCounter("exchange_orders_total", { symbol: "BTC-USD", order_type: "market", side: "buy" }).toBe(1);
    metrics.expectCounter("exchange_trades_total", { symbol: "BTC-USD" }).toBe(2);
    metrics.expectCounter("exchange_traded_quantity_total", { symbol: "BTC-USD" }).toBeCloseTo(0.35);
  });

  it("counts rejections by reason, with unknown symbols folded into one label value", () => {
    const metrics = createRecordingMetrics();
    const f = fixture({ metrics });
    f.place("bob", "buy", P30K, 0);
    f.place("bob", "buy", P30K, 0);
    f.place("bob", "buy", P30K, 1, { symbol: "NOPE" });
    f.engine.cancelOrder("bob", 999);
    const o = f.accepted("bob", "buy", P30K, 1).order;
    f.engine.cancelOrder("bob", o.id);
    f.engine.cancelOrder("bob", o.id);
    metrics.expectCounter("exchange_orders_rejected_total", { symbol: "BTC-USD", reason: "INVALID_QUANTITY" }).toBe(2);
    metrics.expectCounter("exchange_orders_rejected_total", { symbol: "BTC-USD", reason: "ORDER_NOT_OPEN" }).toBe(1);
    metrics.expectCounter("exchange_orders_rejected_total", { symbol: "_unknown", reason: "UNKNOWN_SYMBOL" }).toBe(1);
    metrics.expectCounter("exchange_orders_rejected_total", { symbol: "_unknown", reason: "UNKNOWN_ORDER" }).toBe(1);
    metrics.expectCounter("exchange_orders_total").toBe(1);
  });

  it("observes one latency sample per order operation in µs-scale buckets (latencySampling 1)", () => {
    const metrics = createRecordingMetrics();
    const f = fixture({ metrics, latencySampling: 1 });
    const o = f.accepted("bob", "buy", P30K, 1).order;
    f.engine.amendOrder({ accountId: "bob", orderId: o.id, quantity: 2 });
    f.engine.cancelOrder("bob", o.id);
    const h = metrics.histogramSnapshot("exchange_matching_engine_latency_seconds", { symbol: "BTC-USD" });
    expect(h.count).toBe(3);
    expect(h.observations.every((s) => s >= 0 && s < 1)).toBe(true);
    expect(h.buckets.map((b) => b.le)).toEqual(MATCHING_LATENCY_BUCKETS);
    expect(MATCHING_LATENCY_BUCKETS[0]).toBe(1e-6);
    expect(MATCHING_LATENCY_BUCKETS.at(-1)).toBe(0.01);
  });

  it("by default times one operation in 16 of a burst, and the first after a pause of a millisecond", async () => {
    const metrics = createRecordingMetrics();
    const f = fixture({ metrics });
    const count = () => metrics.histogramSnapshot("exchange_matching_engine_latency_seconds", { symbol: "BTC-USD" }).count;
    for (let i = 0; i < 160; i++) f.accepted("bob", "buy", P30K - (i % 50), 1);
    const burst = count();
    expect(burst).toBeGreaterThanOrEqual(160 / DEFAULT_LATENCY_SAMPLING);
    expect(burst).toBeLessThan(160); // only a machine taking ≥ 1 ms per order would time them all
    // A pause between bursts, as between requests: the engine's clock reading does not outlive a synchronous run.
    const pause = async () => {
      const until = performance.now() + 1.5;
      while (performance.now() < until) await new Promise((resolve) => setTimeout(resolve, 1));
    };
    await pause();
    f.accepted("bob", "buy", P30K, 1); // timed: the first after a pause
    f.accepted("bob", "buy", P30K, 1); // not timed: right after a timed one
    expect(count()).toBe(burst + 1);
    await pause();
    f.accepted("bob", "buy", P30K, 1);
    expect(count()).toBe(burst + 2);
    // Inside one synchronous run, a pause is noticed by the first operation that reads the clock again.
    const busyWait = () => {
      const until = performance.now() + 1.5;
      while (performance.now() < until); // the pause itself is what is tested
    };
    busyWait();
    for (let i = 0; i < OPERATIONS_PER_CLOCK_READ; i++) f.accepted("bob", "buy", P30K, 1);
    expect(count()).toBe(burst + 3);
    expect(() => fixture({ latencySampling: 0 })).toThrow(RangeError);
  });

  it("refreshes book gauges on collect: depth in base units, resting orders, best prices", async () => {
    const metrics = createRecordingMetrics();
    const f = fixture({ metrics });
    f.accepted("alice", "sell", P30K + 50, 10_000);
    f.accepted("alice", "sell", P30K + 60, 5_000);
    f.accepted("bob", "buy", P30K - 50, 2_000);
    await metrics.collect();
    metrics.expectGauge("exchange_order_book_depth", { symbol: "BTC-USD", side: "sell" }).toBeCloseTo(1.5);
    metrics.expectGauge("exchange_order_book_depth", { symbol: "BTC-USD", side: "buy" }).toBeCloseTo(0.2);
    metrics.expectGauge("exchange_resting_orders", { symbol: "BTC-USD", side: "sell" }).toBe(2);
    metrics.expectGauge("exchange_best_price", { symbol: "BTC-USD", side: "sell" }).toBeCloseTo(30_000.5);
    metrics.expectGauge("exchange_best_price", { symbol: "BTC-USD", side: "buy" }).toBeCloseTo(29_999.5);
    metrics.expectNoSeries("exchange_best_price", { symbol: "ETH-USD" }); // empty sides have no best price
    metrics.expectGauge("exchange_order_book_depth", { symbol: "ETH-USD", side: "buy" }).toBe(0);
  });

  it("stops contributing gauges once the engine is closed", async () => {
    const metrics = createRecordingMetrics();
    const f = fixture({ metrics });
    f.engine.close();
    await metrics.collect();
    expect(metrics.series("exchange_resting_orders")).toEqual([]);
  });

  it("declares valid, uniquely named metrics (registering them twice is idempotent)", () => {
    const backend: MetricsBackend = (createRecordingMetrics() as unknown as { backend: MetricsBackend }).backend;
    const port = createMetrics(backend, { logger: { warn() {} } });
    const names = new Set<string>();
    for (const d of EXCHANGE_METRICS) {
      names.add(d.name);
      const a = d.kind === "counter" ? port.counter(d) : d.kind === "gauge" ? port.gauge(d) : port.histogram(d);
      const b = d.kind === "counter" ? port.counter(d) : d.kind === "gauge" ? port.gauge(d) : port.histogram(d);
      expect(a).toBe(b);
    }
    expect(names.size).toBe(EXCHANGE_METRICS.length);
    expect([...names].every((n) => n.startsWith("exchange_"))).toBe(true);
  });
});
