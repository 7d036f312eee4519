import { describe, expect, it } from "vitest";
import { defineCounter, defineGauge, defineHistogram } from "../descriptors.js";
import { createRecordingMetrics, MetricAssertionError } from "./index.js";

describe("recording adapter", () => {
  const m = createRecordingMetrics();
  const c = m.counter(defineCounter({ name: "r_calls_total", help: "calls", labelNames: ["route", "code"] }));
  const g = m.gauge(defineGauge({ name: "r_queue", help: "queue" }));
  const h = m.histogram(defineHistogram({ name: "r_seconds", help: "s", buckets: [1] }));
  c.inc({ route: "/a", code: "200" }, 2);
  c.inc({ route: "/a", code: "500" });
  g.set({}, 3);
  h.observe({}, 2);

  it("sums series matching a label subset", () => {
    expect(m.value("r_calls_total")).toBe(3);
    expect(m.value("r_calls_total", { code: 500 })).toBe(1);
    expect(m.value("r_calls_total", { route: "/b" })).toBe(0);
  });

  it("passes and fails expectations with readable messages", () => {
    m.expectCounter("r_calls_total", { code: "200" }).toBe(2);
    m.expectGauge("r_queue").toBeGreaterThan(2);
    expect(() => m.expectCounter("r_calls_total", { code: "200" }).toBe(5)).toThrow('r_calls_total{"code":"200"}: expected 5, got 2');
    expect(() => m.expectGauge("r_calls_total")).toThrow("is a counter, not a gauge");
    expect(() => m.expectCounter("missing_total")).toThrow(MetricAssertionError);
    expect(() => m.expectNoSeries("r_calls_total", { route: "/a" })).toThrow("unexpected series");
    m.expectNoSeries("r_calls_total", { route: "/users/42" });
  });

  it("exposes histogram snapshots and resets values without dropping registrations", () => {
    expect(m.histogramSnapshot("r_seconds")).toMatchObject({ count: 1, sum: 2, buckets: [{ le: 1, count: 0 }] });
    m.reset();
    expect(m.value("r_calls_total")).toBe(0);
    c.inc({ route: "/a", code: "200" });
    m.expectCounter("r_calls_total").toBe(1);
    expect(m.histogramSnapshot("r_seconds").count).toBe(0);
  });
});
