import type { ConstantLabels } from "./constant-labels.js";
import type { AnyDescriptor, CounterDescriptor, GaugeDescriptor, HistogramDescriptor } from "./descriptors.js";
import type { AnyInstrument, Counter, Gauge, Histogram } from "./instruments.js";

/**
 * The port: all that domain and application code may depend on. Obtain instruments from declarations;
 * registering the same declaration twice returns the same instrument, a conflicting one throws.
 */
export interface MetricsPort {
  counter<L extends string>(d: CounterDescriptor<L>): Counter<L>;
  gauge<L extends string>(d: GaugeDescriptor<L>): Gauge<L>;
  histogram<L extends string>(d: HistogramDescriptor<L>): Histogram<L>;
  /**
   * Runs `fn` before every export (scrape), for values that are cheaper to read than to track
   * (book depth, queue length, uptime). Returns a function that unregisters it.
   */
  onCollect(fn: () => void | Promise<void>): () => void;
  /** The instrument registered under `name`, if any. */
  get(name: string): AnyInstrument | undefined;
  /** The labels the adapter stamps on every series (undefined for the no-op port). */
  readonly constantLabels: ConstantLabels | undefined;
}

/** The port plus what adapters need: running collect callbacks and listing declarations. */
export interface MetricsRegistry extends MetricsPort {
  /**
   * Runs the counters' folds (`Counter.foldBeforeRead`), then every onCollect callback; a failing callback
   * is reported and does not stop the others.
   */
  collect(): Promise<void>;
  /** Runs the counters' folds only (synchronous): for readers of the backend's values other than `collect`. */
  foldCounters(): void;
  descriptors(): readonly AnyDescriptor[];
}

/** Where the port reports what must not throw (cardinality overflow, failing collect callbacks). */
export interface PortLogger {
  warn(fields: Record<string, unknown>, message: string): void;
}
