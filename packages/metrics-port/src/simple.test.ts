import { describe, expect, it } from "vitest";
import { createSimpleMetrics } from "./simple.js";
import { createRecordingMetrics } from "./testing/index.js";

describe("the seeds' by-name calls on top of the port", () => {
  it("declares on first use and records counters, gauges and histograms", () => {
    const m = createRecordingMetrics();
    const s = createSimpleMetrics(m, { help: { orders_placed_total: "Orders placed" }, buckets: { rtt_seconds: [0.1, 1] } });
    s.incCounter("orders_placed_total", { symbol: "BTC-USD" });
    s.incCounter("orders_placed_total", { symbol: "BTC-USD" }, 2);
    s.setGauge("queue_depth", 7);
    s.observeHistogram("rtt_seconds", 0.5, { peer: "a" });
    m.expectCounter("orders_placed_total", { symbol: "BTC-USD" }).toBe(3);
    m.expectGauge("queue_depth").toBe(7);
    expect(m.histogramSnapshot("rtt_seconds").buckets).toEqual([
      { le: 0.1, count: 0 },
      { le: 1, count: 1 },
    ]);
    expect(m.descriptors().find((d) => d.name === "orders_placed_total")?.help).toBe("Orders placed");
  });

  it("keeps the port's naming rules and refuses inconsistent use", () => {
    const s = createSimpleMetrics(createRecordingMetrics());
    expect(() => s.incCounter("orders")).toThrow("must end in '_total'");
    s.incCounter("a_total", { x: "1" });
    expect(() => s.incCounter("a_total", { y: "1" })).toThrow("takes labels [x], got [y]");
    expect(() => s.setGauge("a_total", 1)).toThrow("is a counter, not a gauge");
  });
});
