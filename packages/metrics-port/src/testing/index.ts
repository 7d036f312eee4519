/**
 * @tse/metrics-port/testing — a recording adapter for services' unit tests. Behaves exactly like a real
 * adapter (same validation, cardinality limit, idempotent registration) and lets tests read values back.
 *
 *   const metrics = createRecordingMetrics();
 *   placeOrder(metrics, ...);
 *   metrics.expectCounter("exchange_orders_total", { symbol: "BTC-USD", side: "BUY" }).toBe(1);
 */
import type { ConstantLabels } from "../constant-labels.js";
import { createMetrics } from "../create-metrics.js";
import type { MetricsRegistry, PortLogger } from "../port.js";
import { type RecordedFamily, type RecordedSeries, RecordingBackend } from "./recording-backend.js";

export { type RecordedFamily, type RecordedSeries, RecordingBackend } from "./recording-backend.js";

export class MetricAssertionError extends Error {
  override name = "MetricAssertionError";
}

type LabelFilter = Readonly<Record<string, string | number>>;

export interface HistogramSnapshot {
  count: number;
  sum: number;
  observations: readonly number[];
  /** Cumulative counts per declared upper bound. */
  buckets: ReadonlyArray<{ le: number; count: number }>;
}

export interface ValueExpectation {
  toBe(expected: number): void;
  toBeGreaterThan(expected: number): void;
  toBeCloseTo(expected: number, tolerance?: number): void;
}

export interface RecordingMetrics extends MetricsRegistry {
  readonly backend: RecordingBackend;
  /** Sum of all series of `name` whose labels match `labels` (a subset); 0 if none. */
  value(name: string, labels?: LabelFilter): number;
  /** All series of `name`, lazily folded counters included (for values set by collect callbacks, call `collect()` first). */
  series(name: string): RecordedSeries[];
  histogramSnapshot(name: string, labels?: LabelFilter): HistogramSnapshot;
  expectCounter(name: string, labels?: LabelFilter): ValueExpectation;
  expectGauge(name: string, labels?: LabelFilter): ValueExpectation;
  /** Fails if any series of `name` has these labels — e.g. a raw path used as a route label. */
  expectNoSeries(name: string, labels: LabelFilter): void;
  /** Clears recorded values but keeps registrations. */
  reset(): void;
}

const matches = (s: RecordedSeries, f: LabelFilter | undefined) =>
  !f || Object.entries(f).every(([k, v]) => s.labels[k] === String(v));

export function createRecordingMetrics(
  options: { constantLabels?: ConstantLabels; logger?: PortLogger } = {},
): RecordingMetrics {
  const backend = new RecordingBackend();
  const registry = createMetrics(backend, { constantLabels: options.constantLabels, logger: options.logger ?? { warn() {} } });

  const family = (name: string, kind?: string): RecordedFamily => {
    const fam = backend.families.get(name);
    if (!fam) {
      const known = [...backend.families.keys()].sort().join(", ") || "none";
      throw new MetricAssertionError(`metric "${name}" was never registered (registered: ${known})`);
    }
    if (kind && fam.descriptor.kind !== kind) {
      throw new MetricAssertionError(`metric "${name}" is a ${fam.descriptor.kind}, not a ${kind}`);
    }
    return fam;
  };

  // Every read first folds counters counted lazily (Counter.foldBeforeRead), as a scrape would.
  const value = (name: string, labels?: LabelFilter) => {
    registry.foldCounters();
    return [...family(name).series.values()].filter((s) => matches(s, labels)).reduce((a, s) => a + s.value, 0);
  };

  const expectation = (name: string, kind: string, labels?: LabelFilter): ValueExpectation => {
    family(name, kind);
    const actual = value(name, labels);
    const where = `${name}${labels ? JSON.stringify(labels) : ""}`;
    return {
      toBe(expected) {
        if (actual !== expected) throw new MetricAssertionError(`${where}: expected ${expected}, got ${actual}`);
      },
      toBeGreaterThan(expected) {
        if (!(actual > expected)) throw new MetricAssertionError(`${where}: expected > ${expected}, got ${actual}`);
      },
      toBeCloseTo(expected, tolerance = 1e-9) {
        if (Math.abs(actual - expected) > tolerance) {
          throw new MetricAssertionError(`${where}: expected ${expected} ± ${tolerance}, got ${actual}`);
        }
      },
    };
  };

  return Object.assign(registry, {
    backend,
    value,
    series: (name: string) => {
      registry.foldCounters();
      return [...family(name).series.values()];
    },
    histogramSnapshot(name: string, labels?: LabelFilter): HistogramSnapshot {
      const fam = family(name, "histogram");
      const bounds = (fam.descriptor as { buckets: readonly number[] }).buckets;
      const picked = [...fam.series.values()].filter((s) => matches(s, labels));
      return {
        count: picked.reduce((a, s) => a + s.count!, 0),
        sum: picked.reduce((a, s) => a + s.sum!, 0),
        observations: picked.flatMap((s) => s.observations!),
        buckets: bounds.map((le, i) => ({ le, count: picked.reduce((a, s) => a + s.bucketCounts![i]!, 0) })),
      };
    },
    expectCounter: (name: string, labels?: LabelFilter) => expectation(name, "counter", labels),
    expectGauge: (name: string, labels?: LabelFilter) => expectation(name, "gauge", labels),
    expectNoSeries(name: string, labels: LabelFilter) {
      registry.foldCounters();
      const hit = [...family(name).series.values()].find((s) => matches(s, labels));
      if (hit) throw new MetricAssertionError(`${name}: unexpected series ${JSON.stringify(hit.labels)}`);
    },
    reset() {
      registry.foldCounters(); // what was counted before the reset is cleared with the rest
      for (const fam of backend.families.values()) {
        for (const s of fam.series.values()) {
          s.value = 0;
          if (s.observations) {
            s.observations.length = 0;
            s.bucketCounts!.fill(0);
            s.sum = 0;
            s.count = 0;
          }
        }
      }
    },
  });
}
