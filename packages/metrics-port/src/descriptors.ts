/**
 * Metric declarations: plain, frozen data that says what a metric is. Declaring validates everything once,
 * so a service with a bad metric name fails at start-up, not at the first scrape.
 *
 *   export const ordersTotal = defineCounter({
 *     name: "exchange_orders_total", help: "Orders accepted", labelNames: ["symbol", "side"] as const,
 *   });
 */
import { DEFAULT_LATENCY_BUCKETS, validateBuckets } from "./buckets.js";
import { type BaseUnit, MetricDeclarationError, type MetricKind, validateLabelName, validateMetricName } from "./names.js";

/** Default per-metric cardinality limit: label sets beyond it go to one overflow series. */
export const DEFAULT_MAX_SERIES = 1000;

export interface MetricDescriptor<K extends MetricKind = MetricKind, L extends string = string> {
  readonly kind: K;
  readonly name: string;
  readonly help: string;
  readonly unit: BaseUnit | undefined;
  readonly labelNames: readonly L[];
  /** Distinct label sets allowed before new ones are folded into the overflow series. */
  readonly maxSeries: number;
}

export type CounterDescriptor<L extends string = string> = MetricDescriptor<"counter", L>;
export type GaugeDescriptor<L extends string = string> = MetricDescriptor<"gauge", L>;
export interface HistogramDescriptor<L extends string = string> extends MetricDescriptor<"histogram", L> {
  readonly buckets: readonly number[];
}
export type AnyDescriptor = CounterDescriptor | GaugeDescriptor | HistogramDescriptor;

export interface MetricOptions<L extends string> {
  name: string;
  help: string;
  unit?: BaseUnit;
  labelNames?: readonly L[];
  maxSeries?: number;
}
export interface HistogramOptions<L extends string> extends MetricOptions<L> {
  /** Upper bounds, strictly increasing; +Inf is implicit. Defaults to 5 ms … 10 s. */
  buckets?: readonly number[];
}

function describe<K extends MetricKind, L extends string>(kind: K, o: MetricOptions<L>): MetricDescriptor<K, L> {
  validateMetricName(o.name, kind, o.unit);
  if (typeof o.help !== "string" || o.help.trim() === "") throw new MetricDeclarationError(o.name, "help text is required");
  const labelNames = Object.freeze([...(o.labelNames ?? [])]);
  const seen = new Set<string>();
  for (const label of labelNames) {
    validateLabelName(o.name, label);
    if (seen.has(label)) throw new MetricDeclarationError(o.name, `label "${label}" is listed twice`);
    seen.add(label);
  }
  const maxSeries = o.maxSeries ?? DEFAULT_MAX_SERIES;
  if (!Number.isInteger(maxSeries) || maxSeries < 1) {
    throw new MetricDeclarationError(o.name, "maxSeries must be an integer ≥ 1");
  }
  return { kind, name: o.name, help: o.help, unit: o.unit, labelNames, maxSeries };
}

export function defineCounter<const L extends string = never>(o: MetricOptions<L>): CounterDescriptor<L> {
  return Object.freeze(describe("counter", o));
}

export function defineGauge<const L extends string = never>(o: MetricOptions<L>): GaugeDescriptor<L> {
  return Object.freeze(describe("gauge", o));
}

export function defineHistogram<const L extends string = never>(o: HistogramOptions<L>): HistogramDescriptor<L> {
  const base = describe("histogram", o);
  const buckets = Object.freeze([...(o.buckets ?? DEFAULT_LATENCY_BUCKETS)]);
  validateBuckets(o.name, buckets);
  return Object.freeze({ ...base, buckets });
}

/** True when two declarations describe the same metric (so registering both is idempotent). */
export function sameDescriptor(a: AnyDescriptor, b: AnyDescriptor): boolean {
  if (a.kind !== b.kind || a.name !== b.name || a.help !== b.help || a.unit !== b.unit) return false;
  if (a.labelNames.length !== b.labelNames.length || a.labelNames.some((l, i) => l !== b.labelNames[i])) return false;
  if (a.kind === "histogram" && b.kind === "histogram") {
    return a.buckets.length === b.buckets.length && a.buckets.every((x, i) => x === b.buckets[i]);
  }
  return true;
}
