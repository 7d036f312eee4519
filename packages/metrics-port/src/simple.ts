/**
 * The seeds' by-name calls (`IncCounter(name, labels)`, `ObserveHistogram(name, value, labels)`,
 * `SetGauge(name, value, labels)`) expressed on top of the typed port. A name seen for the first time is
 * declared from the call (label names from the label keys, sorted), with all of the port's validation;
 * a later call with other label names is an error rather than a silently split series.
 */
import { defineCounter, defineGauge, defineHistogram } from "./descriptors.js";
import type { AnyInstrument } from "./instruments.js";
import { MetricDeclarationError } from "./names.js";
import type { MetricsPort } from "./port.js";

export type SimpleLabels = Readonly<Record<string, string | number>>;

export interface SimpleMetrics {
  incCounter(name: string, labels?: SimpleLabels, value?: number): void;
  observeHistogram(name: string, value: number, labels?: SimpleLabels): void;
  setGauge(name: string, value: number, labels?: SimpleLabels): void;
}

export interface SimpleMetricsOptions {
  /** Help text per metric name; defaults to the name itself. */
  help?: Readonly<Record<string, string>>;
  /** Histogram buckets per metric name; defaults to the port's latency buckets. */
  buckets?: Readonly<Record<string, readonly number[]>>;
}

export function createSimpleMetrics(port: MetricsPort, options: SimpleMetricsOptions = {}): SimpleMetrics {
  const help = (name: string) => options.help?.[name] ?? name.replaceAll("_", " ");

  function resolve<K extends AnyInstrument["kind"]>(
    kind: K,
    name: string,
    labels: SimpleLabels,
  ): Extract<AnyInstrument, { kind: K }> {
    const labelNames = Object.keys(labels).sort();
    let instrument = port.get(name);
    if (!instrument) {
      const o = { name, help: help(name), labelNames };
      instrument =
        kind === "counter"
          ? port.counter(defineCounter(o))
          : kind === "gauge"
            ? port.gauge(defineGauge(o))
            : port.histogram(defineHistogram({ ...o, buckets: options.buckets?.[name] }));
    }
    if (instrument.kind !== kind) throw new MetricDeclarationError(name, `is a ${instrument.kind}, not a ${kind}`);
    const declared = instrument.labelNames;
    if (declared.length !== labelNames.length || declared.some((l) => !(l in labels))) {
      throw new MetricDeclarationError(name, `takes labels [${declared.join(", ")}], got [${labelNames.join(", ")}]`);
    }
    return instrument as Extract<AnyInstrument, { kind: K }>;
  }

  return {
    incCounter: (name, labels = {}, value = 1) => resolve("counter", name, labels).inc(labels, value),
    observeHistogram: (name, value, labels = {}) => resolve("histogram", name, labels).observe(labels, value),
    setGauge: (name, value, labels = {}) => resolve("gauge", name, labels).set(labels, value),
  };
}
