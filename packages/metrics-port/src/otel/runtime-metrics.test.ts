import { waitFor } from "@tse/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { createRecordingMetrics } from "../testing/index.js";
import { eventLoopMetricDescriptors, gcKindLabel, registerEventLoopMetrics } from "./event-loop-metrics.js";
import { heapSpaceLabel, processMetricDescriptors } from "./process-metrics.js";
import { registerRuntimeMetrics } from "./runtime-metrics.js";
import { provokeGarbageCollection } from "./test-support/garbage.js";

const stops: Array<() => void> = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

function runtime() {
  const metrics = createRecordingMetrics();
  stops.push(registerRuntimeMetrics(metrics));
  return metrics;
}

describe("registerRuntimeMetrics", () => {
  it("counts one start and reports the process start time and a growing uptime", async () => {
    const m = runtime();
    await m.collect();
    m.expectCounter("service_starts_total").toBe(1);
    m.expectGauge("process_start_time_seconds").toBeCloseTo(Date.now() / 1000 - process.uptime(), 2);
    const first = m.value("uptime_seconds");
    expect(first).toBeGreaterThan(0);
    await new Promise<void>((resolve) => setImmediate(resolve));
    await m.collect();
    expect(m.value("uptime_seconds")).toBeGreaterThan(first);
  });

  it("reports CPU time since process start, growing monotonically, with user + system = total", async () => {
    const m = runtime();
    await m.collect();
    const usage = process.cpuUsage();
    const total = m.value("process_cpu_seconds_total");
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual((usage.user + usage.system) / 1e6);
    expect(m.value("process_cpu_user_seconds_total") + m.value("process_cpu_system_seconds_total")).toBeCloseTo(total, 9);
    let spin = 0;
    for (let i = 0; i < 200_000; i++) spin += Math.sqrt(i);
    expect(spin).toBeGreaterThan(0);
    await m.collect();
    expect(m.value("process_cpu_seconds_total")).toBeGreaterThan(total);
  });

  it("reports memory and every V8 heap space", async () => {
    const m = runtime();
    await m.collect();
    expect(m.value("process_resident_memory_bytes")).toBeGreaterThan(10 * 1024 * 1024);
    expect(m.value("nodejs_heap_size_used_bytes")).toBeGreaterThan(0);
    expect(m.value("nodejs_heap_size_total_bytes")).toBeGreaterThanOrEqual(m.value("nodejs_heap_size_used_bytes"));
    expect(m.value("nodejs_external_memory_bytes")).toBeGreaterThan(0);
    const spaces = m.series("nodejs_heap_space_size_used_bytes").map((s) => s.labels.space);
    expect(spaces).toEqual(expect.arrayContaining(["new", "old", "code"]));
    expect(m.value("nodejs_heap_space_size_total_bytes", { space: "old" })).toBeGreaterThan(0);
  });

  it("reports event-loop delay statistics in seconds, ordered as statistics must be", async () => {
    const m = runtime();
    // The monitor samples every 10 ms; until it has, a collect keeps the gauges at 0.
    await waitFor(
      async () => {
        await m.collect();
        return m.value("nodejs_eventloop_lag_max_seconds") > 0;
      },
      { what: "event-loop delay samples" },
    );
    const v = (name: string) => m.value(`nodejs_eventloop_lag_${name}_seconds`);
    expect(v("min")).toBeGreaterThan(0);
    expect(v("min")).toBeLessThanOrEqual(v("p50"));
    expect(v("p50")).toBeLessThanOrEqual(v("p90"));
    expect(v("p90")).toBeLessThanOrEqual(v("p99"));
    expect(v("p99")).toBeLessThanOrEqual(v("max"));
    expect(v("max")).toBeLessThan(5); // seconds, not nanoseconds
    expect(m.value("nodejs_eventloop_lag_seconds")).toBeGreaterThan(0);
  });

  it("observes GC pauses by kind, until stopped", async () => {
    const running = runtime();
    const stopped = createRecordingMetrics();
    registerEventLoopMetrics(stopped)();
    await provokeGarbageCollection();
    await waitFor(() => running.histogramSnapshot("nodejs_gc_duration_seconds").count > 0, { what: "a GC observation" });
    const kinds = new Set(running.series("nodejs_gc_duration_seconds").map((s) => s.labels.kind));
    expect(kinds.size).toBeGreaterThan(0);
    for (const kind of kinds) expect(["major", "minor", "incremental", "weakcb"]).toContain(kind);
    // The same GCs reached the running observer; the stopped one saw none.
    expect(stopped.histogramSnapshot("nodejs_gc_duration_seconds").count).toBe(0);
  });
});

describe("label helpers", () => {
  it("names heap spaces as prom-client does", () => {
    expect(heapSpaceLabel("new_space")).toBe("new");
    expect(heapSpaceLabel("code_large_object_space")).toBe("code_large_object");
    expect(heapSpaceLabel("shared_space")).toBe("shared");
  });
  it("names GC kinds, with a fixed value for anything unknown", () => {
    expect(gcKindLabel({ kind: 4 })).toBe("major");
    expect(gcKindLabel({ kind: 1 })).toBe("minor");
    expect(gcKindLabel({ kind: 999 })).toBe("unknown");
    expect(gcKindLabel(undefined)).toBe("unknown");
  });
  it("declares every runtime series with a base unit suffix", () => {
    for (const d of [...Object.values(processMetricDescriptors), ...Object.values(eventLoopMetricDescriptors)]) {
      expect(d.name).toMatch(/_(seconds|bytes)(_total)?$/);
    }
  });
});
