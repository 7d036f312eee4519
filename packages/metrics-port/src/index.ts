/**
 * @tse/metrics-port — the port. Zero runtime dependencies: declare metrics, get typed instruments, run with
 * the no-op port until a composition root plugs in an adapter (`@tse/metrics-port/prometheus`, `/otel`).
 */
export type { CounterCell, Family, GaugeCell, HistogramCell, MetricsBackend } from "./backend.js";
export {
  DEFAULT_LATENCY_BUCKETS,
  DEFAULT_SIZE_BUCKETS,
  exponentialBuckets,
  linearBuckets,
  validateBuckets,
} from "./buckets.js";
export { type ConstantLabels, validateConstantLabels } from "./constant-labels.js";
export { type CreateMetricsOptions, createMetrics, OVERFLOW_LABEL_VALUE } from "./create-metrics.js";
export {
  type AnyDescriptor,
  type CounterDescriptor,
  DEFAULT_MAX_SERIES,
  defineCounter,
  defineGauge,
  defineHistogram,
  type GaugeDescriptor,
  type HistogramDescriptor,
  type HistogramOptions,
  type MetricDescriptor,
  type MetricOptions,
  sameDescriptor,
} from "./descriptors.js";
export type {
  AnyInstrument,
  BindArgs,
  BoundCounter,
  BoundGauge,
  BoundHistogram,
  Counter,
  Gauge,
  Histogram,
  LabelValues,
} from "./instruments.js";
export {
  BASE_UNITS,
  type BaseUnit,
  CONSTANT_LABEL_NAMES,
  MetricDeclarationError,
  type MetricKind,
  RESERVED_LABELS,
  validateLabelName,
  validateMetricName,
} from "./names.js";
export { createNoopMetrics, noopBackend } from "./noop.js";
export type { MetricsPort, MetricsRegistry, PortLogger } from "./port.js";
export { createSimpleMetrics, type SimpleLabels, type SimpleMetrics, type SimpleMetricsOptions } from "./simple.js";
export type { MetricsExporter, ScrapeRequest, ScrapeResponse } from "./exporter.js";
export { processStartTimeSeconds, registerLifecycleMetrics, serviceStartsTotal, uptimeSeconds } from "./lifecycle.js";
