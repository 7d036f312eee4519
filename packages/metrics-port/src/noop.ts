import type { CounterCell, Family, GaugeCell, HistogramCell, MetricsBackend } from "./backend.js";
import { createMetrics } from "./create-metrics.js";
import type { MetricsRegistry } from "./port.js";

const noopCell: CounterCell & GaugeCell & HistogramCell = { add() {}, set() {}, observe() {} };
const noopFamily: Family<typeof noopCell> = { cell: () => noopCell, remove() {} };

/** A backend that stores nothing: instrumented code runs unchanged with no metrics backend at all. */
export const noopBackend: MetricsBackend = {
  kind: "noop",
  counter: () => noopFamily,
  gauge: () => noopFamily,
  histogram: () => noopFamily,
};

/**
 * A port that validates declarations (so naming mistakes still surface in tests) but records nothing.
 * Each call returns a fresh registry, so independent components never share registrations.
 */
export function createNoopMetrics(): MetricsRegistry {
  return createMetrics(noopBackend, { logger: { warn() {} } });
}
