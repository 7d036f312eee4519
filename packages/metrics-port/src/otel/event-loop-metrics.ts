/**
 * Event-loop delay and GC pause series under prom-client's default-metric names, from Node's perf_hooks,
 * so the event-loop and GC panels keep working on the OTel adapter.
 *
 * - `nodejs_eventloop_lag_{min,max,mean,stddev,p50,p90,p99}_seconds`: the delay distribution sampled by
 *   `monitorEventLoopDelay` since the previous scrape (reset at each scrape, as prom-client does).
 * - `nodejs_eventloop_lag_seconds`: how long a `setImmediate` took to run during this scrape.
 *   (prom-client sets it from a `setImmediate` it does not wait for, so it shows the previous scrape's lag.)
 * - `nodejs_gc_duration_seconds{kind}`: GC pauses, observed as they happen.
 */
import { constants, type EntryType, monitorEventLoopDelay, PerformanceObserver } from "node:perf_hooks";
import { defineGauge, defineHistogram } from "../descriptors.js";
import type { MetricsPort } from "../port.js";

const lagGauge = (name: string, help: string) => defineGauge({ name, help, unit: "seconds" });

export const eventLoopMetricDescriptors = {
  lag: lagGauge("nodejs_eventloop_lag_seconds", "Delay of a setImmediate callback measured during the scrape, in seconds."),
  min: lagGauge("nodejs_eventloop_lag_min_seconds", "Smallest event-loop delay sampled since the previous scrape."),
  max: lagGauge("nodejs_eventloop_lag_max_seconds", "Largest event-loop delay sampled since the previous scrape."),
  mean: lagGauge("nodejs_eventloop_lag_mean_seconds", "Mean event-loop delay sampled since the previous scrape."),
  stddev: lagGauge("nodejs_eventloop_lag_stddev_seconds", "Standard deviation of the event-loop delays since the previous scrape."),
  p50: lagGauge("nodejs_eventloop_lag_p50_seconds", "Median event-loop delay since the previous scrape."),
  p90: lagGauge("nodejs_eventloop_lag_p90_seconds", "90th percentile of the event-loop delays since the previous scrape."),
  p99: lagGauge("nodejs_eventloop_lag_p99_seconds", "99th percentile of the event-loop delays since the previous scrape."),
  gc: defineHistogram({
    name: "nodejs_gc_duration_seconds",
    help: "Garbage-collection pauses by kind (major, minor, incremental, weakcb), in seconds.",
    unit: "seconds",
    labelNames: ["kind"],
    // prom-client's default GC buckets, so `le` values match across adapters.
    buckets: [0.001, 0.01, 0.1, 1, 2, 5],
  }),
} as const;

/** Sampling period of the delay monitor, prom-client's default. */
const RESOLUTION_MS = 10;

const GC_KINDS: Readonly<Record<number, string>> = {
  [constants.NODE_PERFORMANCE_GC_MAJOR]: "major",
  [constants.NODE_PERFORMANCE_GC_MINOR]: "minor",
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: "incremental",
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: "weakcb",
};

/** The GC kind label of a `gc` performance entry (`detail.kind` since Node 16). */
export function gcKindLabel(detail: unknown): string {
  const kind = (detail as { kind?: unknown } | null | undefined)?.kind;
  return (typeof kind === "number" && GC_KINDS[kind]) || "unknown";
}

/**
 * Declares the series, starts the delay monitor and the GC observer, and refreshes the lag gauges before
 * every scrape. Returns a function that stops all three (call it on shutdown: the monitor keeps a timer).
 */
export function registerEventLoopMetrics(port: MetricsPort): () => void {
  const d = eventLoopMetricDescriptors;
  const lag = port.gauge(d.lag).bind();
  const stats = {
    min: port.gauge(d.min).bind(),
    max: port.gauge(d.max).bind(),
    mean: port.gauge(d.mean).bind(),
    stddev: port.gauge(d.stddev).bind(),
    p50: port.gauge(d.p50).bind(),
    p90: port.gauge(d.p90).bind(),
    p99: port.gauge(d.p99).bind(),
  };
  const gc = port.histogram(d.gc);

  const delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  delay.enable();
  const gcObserver = new PerformanceObserver((list) => {
    // `detail` ({ kind, flags }) is set on gc entries since Node 16 but missing from @types/node 20's PerformanceEntry.
    for (const entry of list.getEntries()) {
      gc.observe({ kind: gcKindLabel((entry as { detail?: unknown }).detail) }, entry.duration / 1000);
    }
  });
  gcObserver.observe({ entryTypes: ["gc" as EntryType] });

  const stopCollect = port.onCollect(async () => {
    // No sample yet (a scrape right after the previous one): keep the last values rather than export the
    // monitor's empty-state numbers (min = 2^63, mean = NaN).
    if (delay.count > 0) {
      stats.min.set(delay.min / 1e9);
      stats.max.set(delay.max / 1e9);
      stats.mean.set(delay.mean / 1e9);
      stats.stddev.set(delay.stddev / 1e9);
      stats.p50.set(delay.percentile(50) / 1e9);
      stats.p90.set(delay.percentile(90) / 1e9);
      stats.p99.set(delay.percentile(99) / 1e9);
      delay.reset();
    }
    const start = performance.now();
    await new Promise<void>((resolve) => setImmediate(resolve));
    lag.set((performance.now() - start) / 1000);
  });

  return () => {
    stopCollect();
    delay.disable();
    gcObserver.disconnect();
  };
}
