/**
 * A metrics port that stays silent while the journal is replayed at start-up. Replay re-executes every
 * historical command through the real engine; counted as live traffic, `exchange_orders_total` and friends
 * would jump to the whole history's totals after each restart (and `rate()` would show a burst that never
 * happened). Prometheus expects counters of a new process to start from 0, so counter increments and
 * histogram observations are dropped until `resume()`; gauges pass through (they describe current state,
 * which replay rebuilds exactly).
 */
import type {
  BoundCounter,
  BoundHistogram,
  Counter,
  CounterDescriptor,
  Histogram,
  HistogramDescriptor,
  LabelValues,
  MetricsPort,
} from "@tse/metrics-port";

export interface ReplayMetrics {
  readonly port: MetricsPort;
  /** From now on, record as usual. */
  resume(): void;
}

export function replaySilencedMetrics(inner: MetricsPort): ReplayMetrics {
  let silent = true;

  const counter = <L extends string>(d: CounterDescriptor<L>): Counter<L> => {
    const c = inner.counter(d);
    const wrapBound = (b: BoundCounter): BoundCounter => ({
      inc: (v?: number) => {
        if (!silent) b.inc(v);
      },
    });
    return {
      ...c,
      kind: "counter",
      name: c.name,
      labelNames: c.labelNames,
      inc: (labels: LabelValues<L>, v?: number) => {
        if (!silent) c.inc(labels, v);
      },
      bind: ((...args: Parameters<Counter<L>["bind"]>) => wrapBound(c.bind(...args))) as Counter<L>["bind"],
      remove: (labels: LabelValues<L>) => c.remove(labels),
    };
  };

  const histogram = <L extends string>(d: HistogramDescriptor<L>): Histogram<L> => {
    const h = inner.histogram(d);
    const wrapBound = (b: BoundHistogram): BoundHistogram => ({
      observe: (v: number) => {
        if (!silent) b.observe(v);
      },
      startTimer: () => {
        const start = performance.now();
        return () => {
          const seconds = (performance.now() - start) / 1000;
          if (!silent) b.observe(seconds);
          return seconds;
        };
      },
    });
    return {
      ...h,
      kind: "histogram",
      name: h.name,
      labelNames: h.labelNames,
      observe: (labels: LabelValues<L>, v: number) => {
        if (!silent) h.observe(labels, v);
      },
      startTimer: (labels: LabelValues<L>) => wrapBound(h.bind(...([labels] as Parameters<Histogram<L>["bind"]>))).startTimer(),
      bind: ((...args: Parameters<Histogram<L>["bind"]>) => wrapBound(h.bind(...args))) as Histogram<L>["bind"],
      remove: (labels: LabelValues<L>) => h.remove(labels),
    };
  };

  const port: MetricsPort = {
    counter,
    histogram,
    gauge: (d) => inner.gauge(d),
    onCollect: (fn) => inner.onCollect(fn),
    get: (name) => inner.get(name),
    get constantLabels() {
      return inner.constantLabels;
    },
  };
  return {
    port,
    resume() {
      silent = false;
    },
  };
}
