import { describe, expect, it } from "vitest";
import { OVERFLOW_LABEL_VALUE } from "./create-metrics.js";
import { defineCounter, defineGauge, defineHistogram } from "./descriptors.js";
import { createRecordingMetrics } from "./testing/index.js";

const orders = defineCounter({ name: "t_orders_total", help: "orders", labelNames: ["symbol", "side"] });
const depth = defineGauge({ name: "t_depth", help: "depth", labelNames: ["side"] });
const latency = defineHistogram({ name: "t_latency_seconds", help: "latency", unit: "seconds", buckets: [0.1, 1] });

describe("createMetrics (the port core)", () => {
  it("records through label objects and through bound handles into the same series", () => {
    const m = createRecordingMetrics();
    const c = m.counter(orders);
    c.inc({ symbol: "BTC-USD", side: "BUY" });
    const bound = c.bind({ symbol: "BTC-USD", side: "BUY" });
    bound.inc(2);
    c.inc({ side: "SELL", symbol: "BTC-USD" }, 5);
    m.expectCounter("t_orders_total", { symbol: "BTC-USD", side: "BUY" }).toBe(3);
    m.expectCounter("t_orders_total", { side: "SELL" }).toBe(5);
    expect(m.series("t_orders_total")).toHaveLength(2);
  });

  it("folds lazily counted values in before every read: recording reads and collect", async () => {
    const m = createRecordingMetrics();
    const c = m.counter(orders);
    const handle = c.bind({ symbol: "BTC-USD", side: "BUY" });
    let counted = 0;
    let folded = 0;
    const stop = c.foldBeforeRead(() => {
      handle.inc(counted - folded);
      folded = counted;
    });
    counted = 3;
    m.expectCounter("t_orders_total", { side: "BUY" }).toBe(3);
    counted = 5;
    await m.collect();
    expect(m.backend.families.get("t_orders_total")!.series.size).toBe(1);
    expect([...m.backend.families.get("t_orders_total")!.series.values()][0]!.value).toBe(5); // raw, no read-time fold
    stop();
    counted = 9;
    m.expectCounter("t_orders_total").toBe(5); // unregistered: no longer folded
  });

  it("renders numeric label values as decimal strings", () => {
    const m = createRecordingMetrics();
    m.gauge(depth).set({ side: 1 }, 4);
    expect(m.series("t_depth")[0]!.labels).toEqual({ side: "1" });
  });

  it("rejects missing labels, negative increments and non-finite observations", () => {
    const m = createRecordingMetrics();
    const c = m.counter(orders);
    expect(() => c.inc({ symbol: "X" } as never)).toThrow('label "side" is missing');
    expect(() => c.inc({ symbol: "X", side: "BUY" }, -1)).toThrow(RangeError);
    expect(() => c.bind({ symbol: "X", side: "BUY" }).inc(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => m.histogram(latency).observe({}, Number.NaN)).toThrow(RangeError);
    expect(() => m.gauge(depth).set({ side: "bid" }, Number.NaN)).toThrow(RangeError);
  });

  it("gauges set, increment and decrement", () => {
    const m = createRecordingMetrics();
    const g = m.gauge(depth).bind({ side: "bid" });
    g.set(10);
    g.inc();
    g.dec(4);
    m.expectGauge("t_depth", { side: "bid" }).toBe(7);
  });

  it("histograms count observations into cumulative buckets and time things", () => {
    const m = createRecordingMetrics();
    const h = m.histogram(latency);
    h.observe({}, 0.05);
    h.observe({}, 0.5);
    h.observe({}, 5);
    const elapsed = h.bind().startTimer()();
    expect(elapsed).toBeGreaterThanOrEqual(0);
    const snap = m.histogramSnapshot("t_latency_seconds");
    expect(snap.count).toBe(4);
    expect(snap.buckets).toEqual([
      { le: 0.1, count: 2 },
      { le: 1, count: 3 },
    ]);
    expect(snap.sum).toBeCloseTo(5.55 + elapsed, 9);
  });

  it("registers idempotently and refuses a conflicting declaration under the same name", () => {
    const m = createRecordingMetrics();
    expect(m.counter(orders)).toBe(m.counter(defineCounter({ name: "t_orders_total", help: "orders", labelNames: ["symbol", "side"] })));
    expect(() => m.counter(defineCounter({ name: "t_orders_total", help: "other help", labelNames: ["symbol", "side"] }))).toThrow(
      "already registered",
    );
    expect(() => m.gauge(defineGauge({ name: "t_latency_seconds", help: "x" }))).not.toThrow();
    expect(() => m.histogram(latency)).toThrow("already registered");
  });

  it("folds label sets beyond maxSeries into one overflow series and warns once", () => {
    const warnings: string[] = [];
    const m = createRecordingMetrics({ logger: { warn: (_f, msg) => warnings.push(msg) } });
    const c = m.counter(defineCounter({ name: "t_paths_total", help: "p", labelNames: ["path"], maxSeries: 3 }));
    for (let i = 0; i < 100; i++) c.inc({ path: `/p/${i}` });
    const series = m.series("t_paths_total");
    expect(series).toHaveLength(4);
    m.expectCounter("t_paths_total", { path: OVERFLOW_LABEL_VALUE }).toBe(97);
    m.expectCounter("t_paths_total", { path: "/p/0" }).toBe(1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("t_paths_total exceeded 3 label sets");
  });

  it("frees a slot when a label set is removed", () => {
    const m = createRecordingMetrics();
    const c = m.counter(defineCounter({ name: "t_sym_total", help: "s", labelNames: ["symbol"], maxSeries: 1 }));
    c.inc({ symbol: "A" });
    c.remove({ symbol: "A" });
    c.inc({ symbol: "B" });
    expect(m.series("t_sym_total").map((s) => s.labels.symbol)).toEqual(["B"]);
  });

  it("runs collect callbacks before export, isolates failures, and unregisters", async () => {
    const warnings: string[] = [];
    const m = createRecordingMetrics({ logger: { warn: (_f, msg) => warnings.push(msg) } });
    const g = m.gauge(depth);
    let calls = 0;
    const off = m.onCollect(() => {
      calls++;
      g.set({ side: "bid" }, 42);
    });
    m.onCollect(() => {
      throw new Error("boom");
    });
    await m.collect();
    m.expectGauge("t_depth", { side: "bid" }).toBe(42);
    expect(warnings).toEqual(["metrics collect callback failed"]);
    off();
    await m.collect();
    expect(calls).toBe(1);
  });

  it("validates constant labels", () => {
    expect(() => createRecordingMetrics({ constantLabels: { service: "", instance_name: "a", version: "1" } })).toThrow(
      'constant label "service"',
    );
    const m = createRecordingMetrics({ constantLabels: { service: "s", instance_name: "a", version: "1" } });
    expect(m.constantLabels).toEqual({ service: "s", instance_name: "a", version: "1" });
  });

  it("lists declarations and finds instruments by name", () => {
    const m = createRecordingMetrics();
    m.counter(orders);
    m.histogram(latency);
    expect(m.descriptors().map((d) => d.name)).toEqual(["t_orders_total", "t_latency_seconds"]);
    expect(m.get("t_latency_seconds")?.kind).toBe("histogram");
    expect(m.get("nope")).toBeUndefined();
  });
});
