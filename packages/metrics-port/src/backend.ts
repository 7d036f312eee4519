/**
 * The adapter side of the port (SPI). An adapter stores values and exports them; everything else —
 * validation, idempotent registration, label ordering, cardinality limits, handle caching — is done once
 * in `createMetrics`, so every adapter behaves the same and none can rename a series.
 */
import type { AnyDescriptor, CounterDescriptor, GaugeDescriptor, HistogramDescriptor } from "./descriptors.js";

export interface CounterCell {
  add(value: number): void;
}
export interface GaugeCell {
  set(value: number): void;
  add(value: number): void;
}
export interface HistogramCell {
  observe(value: number): void;
}

/** One metric family inside an adapter. `labelValues` are ordered as the descriptor's `labelNames`. */
export interface Family<C> {
  cell(labelValues: readonly string[]): C;
  remove(labelValues: readonly string[]): void;
}

export interface MetricsBackend {
  /** Short adapter name for diagnostics ("prometheus", "otel", "noop", "recording"). */
  readonly kind: string;
  counter(d: CounterDescriptor): Family<CounterCell>;
  gauge(d: GaugeDescriptor): Family<GaugeCell>;
  histogram(d: HistogramDescriptor): Family<HistogramCell>;
}

export type { AnyDescriptor };
