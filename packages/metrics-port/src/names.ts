/**
 * Naming rules for metric and label names, enforced when a metric is declared so that a bad name is a
 * start-up error in the service that declares it, never a scrape that Prometheus or promtool rejects later.
 * Rules follow prometheus.io/docs/practices/naming and client_golang's promlint (what `promtool check metrics` runs).
 */

export type MetricKind = "counter" | "gauge" | "histogram";

/** Base units the port accepts as a name suffix. Anything else must be expressed in one of these. */
export const BASE_UNITS = ["seconds", "bytes", "ratio", "celsius", "meters", "grams", "volts", "amperes", "joules"] as const;
export type BaseUnit = (typeof BASE_UNITS)[number];

const METRIC_NAME = /^[a-z](?:[a-z0-9_]*[a-z0-9])?$/;
const LABEL_NAME = /^[a-z][a-z0-9_]*$/;

/** Unit words promlint reports as non-base or abbreviated; a name containing one as a segment is refused. */
const NON_BASE_UNITS: Record<string, BaseUnit> = {
  milliseconds: "seconds",
  microseconds: "seconds",
  nanoseconds: "seconds",
  minutes: "seconds",
  hours: "seconds",
  days: "seconds",
  ms: "seconds",
  us: "seconds",
  ns: "seconds",
  sec: "seconds",
  secs: "seconds",
  kilobytes: "bytes",
  megabytes: "bytes",
  gigabytes: "bytes",
  kb: "bytes",
  mb: "bytes",
  gb: "bytes",
  bits: "bytes",
  percent: "ratio",
  percentage: "ratio",
};

/** Labels owned by Prometheus (target labels) or by the port itself. */
export const RESERVED_LABELS: ReadonlySet<string> = new Set(["le", "quantile", "instance", "job"]);

/** Constant labels stamped on every series by every adapter. */
export const CONSTANT_LABEL_NAMES = ["service", "instance_name", "version"] as const;

export class MetricDeclarationError extends Error {
  constructor(
    readonly metric: string,
    message: string,
  ) {
    super(`metric "${metric}": ${message}`);
    this.name = "MetricDeclarationError";
  }
}

export function validateMetricName(name: string, kind: MetricKind, unit: BaseUnit | undefined): void {
  const fail = (why: string): never => {
    throw new MetricDeclarationError(name, why);
  };
  if (!METRIC_NAME.test(name)) fail("name must be snake_case: [a-z][a-z0-9_]*, not ending in '_'");
  if (name.includes("__")) fail("name must not contain '__' (reserved for internal use)");
  const segments = name.split("_");
  for (const segment of segments) {
    const base = NON_BASE_UNITS[segment];
    if (base) fail(`'${segment}' is not a base unit; use '${base}' and convert the value`);
  }
  const endsTotal = name.endsWith("_total");
  if (kind === "counter" && !endsTotal) fail("a counter's name must end in '_total'");
  if (kind !== "counter" && endsTotal) fail(`only counters may end in '_total' (this is a ${kind})`);
  if (kind === "histogram" && /_(bucket|count|sum)$/.test(name)) {
    fail("a histogram's name must not end in _bucket, _count or _sum (the exposition adds them)");
  }
  if (/_(counter|gauge|histogram|summary)(_|$)/.test(name)) fail("a metric name must not contain its type");
  if (unit !== undefined) {
    if (!(BASE_UNITS as readonly string[]).includes(unit)) fail(`unit '${unit}' is not a base unit`);
    const stem = kind === "counter" ? name.slice(0, -"_total".length) : name;
    if (!stem.endsWith(`_${unit}`)) {
      fail(`unit '${unit}' must be the name's suffix${kind === "counter" ? " (before '_total')" : ""}`);
    }
  }
}

export function validateLabelName(metric: string, label: string): void {
  if (!LABEL_NAME.test(label)) {
    throw new MetricDeclarationError(metric, `label "${label}" must be snake_case: [a-z][a-z0-9_]*`);
  }
  if (label.startsWith("__")) throw new MetricDeclarationError(metric, `label "${label}" is reserved (starts with '__')`);
  if (RESERVED_LABELS.has(label)) {
    throw new MetricDeclarationError(metric, `label "${label}" is reserved (Prometheus owns le, quantile, instance, job)`);
  }
  if ((CONSTANT_LABEL_NAMES as readonly string[]).includes(label)) {
    throw new MetricDeclarationError(metric, `label "${label}" is a constant label the adapter adds to every series`);
  }
}
