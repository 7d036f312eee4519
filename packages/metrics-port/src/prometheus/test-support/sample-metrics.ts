/**
 * An adapter filled with one of everything the exposition must get right — every metric type, escaping in
 * label values and help, non-finite values, an overflow series, buckets whose spelling differs between the
 * formats — on top of the runtime metrics. Used by the promtool and real-Prometheus tests.
 */
import { defineCounter, defineGauge, defineHistogram } from "../../descriptors.js";
import { createPrometheusMetrics, type PrometheusMetrics } from "../index.js";

export const SAMPLE_CONSTANT_LABELS = Object.freeze({
  service: "exchange-simulator",
  instance_name: "exchange-sim-001",
  version: "1.2.3",
});

/** A label value exercising every escape: backslash, double quote, line feed. */
export const AWKWARD_VALUE = 'a\\b"c\nd';

export function createSampleMetrics(options: { helpWithQuotes?: boolean } = {}): PrometheusMetrics {
  const m = createPrometheusMetrics({ constantLabels: SAMPLE_CONSTANT_LABELS, logger: { warn() {} } });
  const quote = options.helpWithQuotes ? ' "quoted"' : "";
  m.counter(defineCounter({ name: "exchange_orders_total", help: "Orders accepted", labelNames: ["symbol", "side"] })).inc(
    { symbol: "BTC-USD", side: "BUY" },
    3,
  );
  m.counter(
    defineCounter({ name: "exchange_awkward_total", help: `Escapes: back\\slash, line\nfeed${quote}`, labelNames: ["v"] }),
  ).inc({ v: AWKWARD_VALUE });
  m.counter(
    defineCounter({ name: "exchange_busy_seconds_total", help: "Time spent matching", unit: "seconds" }),
  ).inc({}, 1.25);
  const depth = m.gauge(defineGauge({ name: "exchange_book_depth", help: "Resting orders", labelNames: ["symbol"] }));
  depth.set({ symbol: "BTC-USD" }, 42);
  depth.set({ symbol: "ETH-USD" }, Number.NEGATIVE_INFINITY);
  depth.set({ symbol: "SOL-USD" }, Number.POSITIVE_INFINITY);
  const latency = m.histogram(
    defineHistogram({
      name: "exchange_match_duration_seconds",
      help: "Matching time",
      unit: "seconds",
      labelNames: ["symbol"],
      buckets: [0.0001, 0.005, 1, 10, 1e6],
    }),
  );
  for (const v of [0.00005, 0.003, 0.5, 2, 5e6]) latency.observe({ symbol: "BTC-USD" }, v);
  const bounded = m.counter(defineCounter({ name: "exchange_rejects_total", help: "Rejects", labelNames: ["reason"], maxSeries: 2 }));
  for (const reason of ["a", "b", "c", "d"]) bounded.inc({ reason });
  return m;
}
