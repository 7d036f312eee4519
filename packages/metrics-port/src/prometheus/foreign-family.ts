/**
 * Metrics that live in prom-client objects rather than in our cells: the runtime metrics from
 * `collectDefaultMetrics`, and anything a user registers directly in the adapter's `registry`. They are read
 * through prom-client's public `get()` (small families: the runtime ones have a handful of series) and
 * rendered by our renderer, so constant labels, escaping and both formats are handled exactly as for port
 * metrics.
 */
import { BASE_UNITS, CONSTANT_LABEL_NAMES } from "../names.js";
import { escapeLabelValue, joinLabelPairs } from "./escaping.js";
import type { ExpositionFormat } from "./negotiation.js";
import { formatBound, formatValue } from "./numbers.js";
import { familyHeader, openMetricsFamilyName, type PromClientMetricLike, type PromClientValue } from "./port-families.js";
import type { RenderableFamily } from "./render-types.js";

/**
 * Labels a foreign metric may not emit under their own name: our constant labels (prom-client's
 * `nodejs_version_info` has a `version` label of its own) and Prometheus' target labels. They are renamed so no
 * information is lost and the identity labels stay authoritative: `version` → `node_version` (the only clash
 * prom-client's runtime metrics have: it is the Node.js version), anything else → `original_<name>`. Never
 * `exported_<name>`: that prefix means "Prometheus had to rename a clash", and dashboards and tests treat any
 * `exported_*` label as a wiring bug.
 */
const RENAMED_LABELS: ReadonlySet<string> = new Set([...CONSTANT_LABEL_NAMES, "instance", "job"]);
const renamedLabel = (label: string): string => (label === "version" ? "node_version" : `original_${label}`);

const TYPE_NAMES: Record<string, { text: string; openmetrics: string }> = {
  counter: { text: "counter", openmetrics: "counter" },
  gauge: { text: "gauge", openmetrics: "gauge" },
  histogram: { text: "histogram", openmetrics: "histogram" },
  summary: { text: "summary", openmetrics: "summary" },
};
const UNKNOWN_TYPE = { text: "untyped", openmetrics: "unknown" };

/** prom-client has no unit metadata; a base-unit suffix on the family name is exactly OpenMetrics' rule. */
function unitOf(openMetricsName: string): string | undefined {
  return BASE_UNITS.find((u) => openMetricsName.endsWith(`_${u}`));
}

export async function loadForeignFamily(metric: PromClientMetricLike, constantPairs: string): Promise<RenderableFamily> {
  const data = await metric.get();
  const name = data.name ?? metric.name;
  const typeName = String(data.type ?? metric.type);
  const type = TYPE_NAMES[typeName] ?? UNKNOWN_TYPE;
  const omFamily = openMetricsFamilyName(name, type.openmetrics);
  const boundLabel = typeName === "histogram" ? "le" : typeName === "summary" ? "quantile" : undefined;
  const help = data.help ?? metric.help;
  const headers = {
    text: familyHeader("text", name, type, help, undefined),
    openmetrics: familyHeader("openmetrics", name, type, help, unitOf(omFamily)),
  };
  const values: readonly PromClientValue[] = data.values ?? [];

  const renderValue = (v: PromClientValue, format: ExpositionFormat): string => {
    const om = format === "openmetrics";
    let pairs = constantPairs;
    let bound = "";
    for (const [label, raw] of Object.entries(v.labels ?? {})) {
      if (raw === undefined || raw === null) continue;
      if (label === boundLabel) {
        bound = `${label}="${formatBound(raw, om)}"`;
        continue;
      }
      const out = RENAMED_LABELS.has(label) ? renamedLabel(label) : label;
      pairs = joinLabelPairs(pairs, `${out}="${escapeLabelValue(String(raw))}"`);
    }
    pairs = joinLabelPairs(pairs, bound); // le/quantile last, as every client library writes them
    const sample = v.metricName ?? (typeName === "counter" && om ? `${omFamily}_total` : name);
    return `${sample}${pairs === "" ? "" : `{${pairs}}`} ${formatValue(v.value)}\n`;
  };

  return {
    header: (format) => headers[format],
    snapshot: () => ({ length: values.length, render: (i, format) => renderValue(values[i]!, format) }),
  };
}
