import type { CounterCell, Family, GaugeCell, HistogramCell, MetricsBackend } from "../backend.js";
import type { AnyDescriptor, HistogramDescriptor } from "../descriptors.js";

export interface RecordedSeries {
  readonly labels: Readonly<Record<string, string>>;
  value: number;
  /** Histograms only: observations in order, plus cumulative bucket counts. */
  observations?: number[];
  bucketCounts?: number[];
  sum?: number;
  count?: number;
}

export interface RecordedFamily {
  readonly descriptor: AnyDescriptor;
  readonly series: Map<string, RecordedSeries>;
}

const keyOf = (values: readonly string[]) => JSON.stringify(values);

/** Stores every value in plain objects so tests can read them back. Not for production: keeps observations. */
export class RecordingBackend implements MetricsBackend {
  readonly kind = "recording";
  readonly families = new Map<string, RecordedFamily>();

  private family<C>(d: AnyDescriptor, makeCell: (s: RecordedSeries) => C): Family<C> {
    const fam: RecordedFamily = { descriptor: d, series: new Map() };
    this.families.set(d.name, fam);
    return {
      cell: (values) => {
        const key = keyOf(values);
        let s = fam.series.get(key);
        if (!s) {
          const labels: Record<string, string> = {};
          d.labelNames.forEach((n, i) => {
            labels[n] = values[i]!;
          });
          s = { labels, value: 0 };
          if (d.kind === "histogram") {
            s.observations = [];
            s.bucketCounts = (d as HistogramDescriptor).buckets.map(() => 0);
            s.sum = 0;
            s.count = 0;
          }
          fam.series.set(key, s);
        }
        return makeCell(s);
      },
      remove: (values) => {
        fam.series.delete(keyOf(values));
      },
    };
  }

  counter(d: AnyDescriptor): Family<CounterCell> {
    return this.family(d, (s) => ({
      add: (v: number) => {
        s.value += v;
      },
    }));
  }

  gauge(d: AnyDescriptor): Family<GaugeCell> {
    return this.family(d, (s) => ({
      set: (v: number) => {
        s.value = v;
      },
      add: (v: number) => {
        s.value += v;
      },
    }));
  }

  histogram(d: HistogramDescriptor): Family<HistogramCell> {
    return this.family(d, (s) => ({
      observe: (v: number) => {
        s.observations!.push(v);
        s.sum! += v;
        s.count! += 1;
        s.value = s.count!;
        d.buckets.forEach((b, i) => {
          if (v <= b) s.bucketCounts![i]! += 1;
        });
      },
    }));
  }
}
