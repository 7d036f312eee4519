/**
 * Empty histogram series for label sets that exist in the port but have no observation yet.
 *
 * Binding a series in the port creates it — the gRPC initializer binds every method's success latency and
 * the HTTP middleware binds before it observes — and prom-client exports such a series at once, with zero
 * buckets, so `rate()` answers 0 instead of nothing right after a deploy. The OTel API cannot create an
 * empty histogram data point (recording always counts), so this table keeps the label sets that have not
 * been observed yet and adds zero-valued points to the collected data just before it is serialized. The SDK
 * never sees them; the first observation removes the label set from here and the SDK's point takes over.
 */
import { type Attributes, type HrTime, ValueType } from "@opentelemetry/api";
import {
  AggregationTemporality,
  DataPointType,
  type HistogramMetricData,
  type ResourceMetrics,
  type ScopeMetrics,
} from "@opentelemetry/sdk-metrics";
import type { HistogramDescriptor } from "../descriptors.js";
import { attributesKey } from "./attributes.js";

/** The label sets of one histogram family still waiting for their first observation, by label-values key. */
export type PendingSeries = Map<string, Attributes>;

interface Family {
  readonly d: HistogramDescriptor;
  readonly pending: PendingSeries;
}

function hrTime(ms: number): HrTime {
  const seconds = Math.floor(ms / 1000);
  return [seconds, Math.round((ms - seconds * 1000) * 1e6)];
}

export class UnobservedHistograms {
  private readonly families: Family[] = [];

  /** Registers a histogram family; the backend adds and deletes its pending label sets. */
  family(d: HistogramDescriptor): PendingSeries {
    const pending: PendingSeries = new Map();
    this.families.push({ d, pending });
    return pending;
  }

  /** Adds a zero point for every pending label set to the scope named `scopeName` in `collected`. */
  addTo(collected: ResourceMetrics, scopeName: string): void {
    let scope: ScopeMetrics | undefined;
    const now = hrTime(Date.now());
    for (const { d, pending } of this.families) {
      if (pending.size === 0) continue;
      scope ??= this.scope(collected, scopeName);
      let metric = scope.metrics.find(
        (m): m is HistogramMetricData => m.dataPointType === DataPointType.HISTOGRAM && m.descriptor.name === d.name,
      );
      if (metric === undefined) {
        metric = {
          descriptor: { name: d.name, description: d.help, unit: "", valueType: ValueType.DOUBLE },
          aggregationTemporality: AggregationTemporality.CUMULATIVE,
          dataPointType: DataPointType.HISTOGRAM,
          dataPoints: [],
        };
        scope.metrics.push(metric);
      }
      // A label set removed and bound again may still be in the SDK's cumulative state: never list it twice.
      const exported = new Set(metric.dataPoints.map((p) => attributesKey(d, p.attributes)));
      for (const [key, attributes] of pending) {
        if (exported.has(key)) continue;
        metric.dataPoints.push({
          startTime: now,
          endTime: now,
          attributes,
          value: { buckets: { boundaries: [...d.buckets], counts: new Array(d.buckets.length + 1).fill(0) }, sum: 0, count: 0 },
        });
      }
    }
  }

  private scope(collected: ResourceMetrics, scopeName: string): ScopeMetrics {
    let scope = collected.scopeMetrics.find((s) => s.scope.name === scopeName);
    if (scope === undefined) {
      scope = { scope: { name: scopeName }, metrics: [] };
      collected.scopeMetrics.push(scope);
    }
    return scope;
  }
}
