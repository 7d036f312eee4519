/**
 * Families of metrics declared through the port, stored in the adapter's own cells (cells.ts). Each family
 * renders itself in both formats and offers a read-only prom-client view, so `registry.metrics()` and
 * `registry.getMetricsAsJSON()` keep working for prom-client tooling.
 */
import type { Family } from "../backend.js";
import type { AnyDescriptor, HistogramDescriptor } from "../descriptors.js";
import { CounterCell, GaugeCell, HistogramCell } from "./cells.js";
import { escapeHelp, joinLabelPairs, labelPairs } from "./escaping.js";
import type { ExpositionFormat } from "./negotiation.js";
import { canonicalNumber, formatValue } from "./numbers.js";
import type { RenderableFamily, RenderRows } from "./render-types.js";

/** One value as prom-client's `metric.get()` reports it (its `MetricValueWithName`). */
export interface PromClientValue {
  value: number;
  labels: Record<string, string | number>;
  metricName?: string;
}

/** The subset of a prom-client metric that `Registry` relies on. */
export interface PromClientMetricLike {
  name: string;
  help: string;
  type: string;
  aggregator: string;
  get(): Promise<{ name: string; help: string; type: string; aggregator: string; values: PromClientValue[] }>;
  reset(): void;
}

const keyOf = (values: readonly string[]) => JSON.stringify(values);

/** The OpenMetrics family name: a counter's family is named without `_total`; its sample keeps it. */
export const openMetricsFamilyName = (name: string, type: string) =>
  type === "counter" && name.endsWith("_total") ? name.slice(0, -"_total".length) : name;

/** `# HELP`/`# TYPE` (text) or `# TYPE`/`# UNIT`/`# HELP` (OpenMetrics, the order its spec recommends). */
export function familyHeader(
  format: ExpositionFormat,
  name: string,
  type: { text: string; openmetrics: string },
  help: string,
  unit: string | undefined,
): string {
  if (format === "text") return `# HELP ${name} ${escapeHelp(help, false)}\n# TYPE ${name} ${type.text}\n`;
  const family = openMetricsFamilyName(name, type.openmetrics);
  // OpenMetrics allows a UNIT line only when "_<unit>" ends the family name.
  const unitLine = unit !== undefined && family.endsWith(`_${unit}`) ? `# UNIT ${family} ${unit}\n` : "";
  return `# TYPE ${family} ${type.openmetrics}\n${unitLine}# HELP ${family} ${escapeHelp(help, true)}\n`;
}

abstract class PortFamily<C extends { readonly labelValues: readonly string[] }> implements Family<C>, RenderableFamily {
  private readonly cells = new Map<string, C>();
  private readonly headers: Record<ExpositionFormat, string>;
  readonly view: PromClientMetricLike;

  constructor(
    readonly descriptor: AnyDescriptor,
    /** `service="…",instance_name="…",version="…"` — stamped on every series of this adapter. */
    private readonly constantPairs: string,
  ) {
    const d = descriptor;
    const type = { text: d.kind, openmetrics: d.kind };
    this.headers = {
      text: familyHeader("text", d.name, type, d.help, d.unit),
      openmetrics: familyHeader("openmetrics", d.name, type, d.help, d.unit),
    };
    this.view = this.promClientView();
  }

  protected abstract createCell(labelValues: readonly string[]): C;
  protected abstract renderCell(cell: C, format: ExpositionFormat): string;
  protected abstract promClientValues(cell: C, labels: Record<string, string>): PromClientValue[];
  protected abstract resetCell(cell: C): void;

  cell(labelValues: readonly string[]): C {
    const key = keyOf(labelValues);
    let cell = this.cells.get(key);
    if (cell === undefined) {
      cell = this.createCell(Object.freeze([...labelValues]));
      this.cells.set(key, cell);
    }
    return cell;
  }

  remove(labelValues: readonly string[]): void {
    this.cells.delete(keyOf(labelValues));
  }

  header(format: ExpositionFormat): string {
    return this.headers[format];
  }

  snapshot(): RenderRows {
    const cells = [...this.cells.values()];
    return {
      length: cells.length,
      render: (index, format) => this.renderCell(cells[index]!, format),
    };
  }

  /** The inside of the series' label set: constant labels, then the metric's own labels in declared order. */
  protected labelPairsOf(cell: C): string {
    return joinLabelPairs(this.constantPairs, labelPairs(this.descriptor.labelNames, cell.labelValues));
  }

  private promClientView(): PromClientMetricLike {
    const d = this.descriptor;
    const meta = { name: d.name, help: d.help, type: d.kind, aggregator: "sum" };
    return {
      ...meta,
      // Values carry the metric's own labels only: the registry adds its default labels (our constant labels).
      get: async () => ({
        ...meta,
        values: [...this.cells.values()].flatMap((cell) => {
          const labels: Record<string, string> = {};
          d.labelNames.forEach((n, i) => {
            labels[n] = cell.labelValues[i]!;
          });
          return this.promClientValues(cell, labels);
        }),
      }),
      reset: () => {
        for (const cell of this.cells.values()) this.resetCell(cell);
      },
    };
  }
}

const scalarHead = (name: string, pairs: string) => (pairs === "" ? `${name} ` : `${name}{${pairs}} `);

export class CounterFamily extends PortFamily<CounterCell> {
  protected createCell(labelValues: readonly string[]): CounterCell {
    return new CounterCell(labelValues);
  }
  protected renderCell(cell: CounterCell, _format: ExpositionFormat): string {
    // The sample is `name_total` in both formats; only the OpenMetrics family name drops `_total`.
    if (cell.head === "") cell.head = scalarHead(this.descriptor.name, this.labelPairsOf(cell));
    return `${cell.head}${formatValue(cell.value)}\n`;
  }
  protected promClientValues(cell: CounterCell, labels: Record<string, string>): PromClientValue[] {
    return [{ value: cell.value, labels }];
  }
  protected resetCell(cell: CounterCell): void {
    cell.value = 0;
  }
}

export class GaugeFamily extends PortFamily<GaugeCell> {
  protected createCell(labelValues: readonly string[]): GaugeCell {
    return new GaugeCell(labelValues);
  }
  protected renderCell(cell: GaugeCell, _format: ExpositionFormat): string {
    if (cell.head === "") cell.head = scalarHead(this.descriptor.name, this.labelPairsOf(cell));
    return `${cell.head}${formatValue(cell.value)}\n`;
  }
  protected promClientValues(cell: GaugeCell, labels: Record<string, string>): PromClientValue[] {
    return [{ value: cell.value, labels }];
  }
  protected resetCell(cell: GaugeCell): void {
    cell.value = 0;
  }
}

export class HistogramFamily extends PortFamily<HistogramCell> {
  private readonly bounds: Float64Array;
  /** Per format: `le="0.005"} ` for each bound, then `le="+Inf"} `. */
  private readonly leTails: Record<ExpositionFormat, readonly string[]>;

  constructor(descriptor: HistogramDescriptor, constantPairs: string) {
    super(descriptor, constantPairs);
    this.bounds = Float64Array.from(descriptor.buckets);
    const tails = (spell: (b: number) => string) => [...descriptor.buckets.map((b) => `le="${spell(b)}"} `), `le="+Inf"} `];
    this.leTails = { text: tails(formatValue), openmetrics: tails(canonicalNumber) };
  }

  protected createCell(labelValues: readonly string[]): HistogramCell {
    return new HistogramCell(labelValues, this.bounds);
  }

  protected renderCell(cell: HistogramCell, format: ExpositionFormat): string {
    if (cell.bucketHead === "") {
      const name = this.descriptor.name;
      const pairs = this.labelPairsOf(cell);
      const set = pairs === "" ? " " : `{${pairs}} `;
      cell.bucketHead = `${name}_bucket{${pairs === "" ? "" : `${pairs},`}`;
      cell.sumHead = `${name}_sum${set}`;
      cell.countHead = `${name}_count${set}`;
    }
    const tails = this.leTails[format];
    const counts = cell.counts;
    const head = cell.bucketHead;
    const n = counts.length - 1;
    let out = "";
    let cumulative = 0;
    for (let i = 0; i < n; i++) {
      cumulative += counts[i]!;
      out += `${head}${tails[i]}${cumulative}\n`;
    }
    // +Inf is the total count by construction, so `+Inf` == `_count` even for observations above every bound.
    out += `${head}${tails[n]}${cell.count}\n${cell.sumHead}${formatValue(cell.sum)}\n${cell.countHead}${cell.count}\n`;
    return out;
  }

  protected promClientValues(cell: HistogramCell, labels: Record<string, string>): PromClientValue[] {
    const name = this.descriptor.name;
    const values: PromClientValue[] = [];
    let cumulative = 0;
    this.bounds.forEach((le, i) => {
      cumulative += cell.counts[i]!;
      values.push({ metricName: `${name}_bucket`, labels: { ...labels, le }, value: cumulative });
    });
    values.push(
      { metricName: `${name}_bucket`, labels: { ...labels, le: "+Inf" }, value: cell.count },
      { metricName: `${name}_sum`, labels, value: cell.sum },
      { metricName: `${name}_count`, labels, value: cell.count },
    );
    return values;
  }

  protected resetCell(cell: HistogramCell): void {
    cell.reset();
  }
}

export type AnyPortFamily = CounterFamily | GaugeFamily | HistogramFamily;
