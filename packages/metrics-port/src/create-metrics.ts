/**
 * The shared core behind every adapter: validation, idempotent registration, label ordering, per-metric
 * cardinality limits and cached handles. Adapters only store and export numbers (see backend.ts).
 */
import type { CounterCell, Family, GaugeCell, HistogramCell, MetricsBackend } from "./backend.js";
import { type ConstantLabels, validateConstantLabels } from "./constant-labels.js";
import {
  type AnyDescriptor,
  type CounterDescriptor,
  type GaugeDescriptor,
  type HistogramDescriptor,
  sameDescriptor,
} from "./descriptors.js";
import type {
  AnyInstrument,
  BoundCounter,
  BoundGauge,
  BoundHistogram,
  Counter,
  Gauge,
  Histogram,
  LabelValues,
} from "./instruments.js";
import { MetricDeclarationError } from "./names.js";
import type { MetricsRegistry, PortLogger } from "./port.js";

/** The value every label of the overflow series carries once a metric exceeds its `maxSeries`. */
export const OVERFLOW_LABEL_VALUE = "_overflow";

export interface CreateMetricsOptions {
  constantLabels?: ConstantLabels;
  logger?: PortLogger;
}

const consoleLogger: PortLogger = {
  warn: (fields, message) => console.warn(JSON.stringify({ level: "warn", msg: message, ...fields })),
};

const SEP = "\u0000";

/**
 * Maps label objects to cells of one family, caching a cell per distinct label set and folding label sets
 * beyond `maxSeries` into one overflow series (logged once per metric).
 */
class SeriesTable<C> {
  private readonly cells = new Map<string, C>();
  private overflowCell: C | undefined;
  private readonly names: readonly string[];

  constructor(
    private readonly d: AnyDescriptor,
    private readonly family: Family<C>,
    private readonly logger: PortLogger,
  ) {
    this.names = d.labelNames;
  }

  values(labels: Record<string, string | number> | undefined): string[] {
    const out = new Array<string>(this.names.length);
    for (let i = 0; i < this.names.length; i++) {
      const name = this.names[i]!;
      const v = labels?.[name];
      if (v === undefined || v === null) {
        throw new TypeError(`metric "${this.d.name}": label "${name}" is missing`);
      }
      out[i] = typeof v === "string" ? v : String(v);
    }
    return out;
  }

  key(labels: Record<string, string | number> | undefined): string {
    const names = this.names;
    if (names.length === 0) return "";
    if (names.length === 1) {
      const v = labels?.[names[0]!];
      if (v === undefined || v === null) throw new TypeError(`metric "${this.d.name}": label "${names[0]}" is missing`);
      return typeof v === "string" ? v : String(v);
    }
    let k = "";
    for (let i = 0; i < names.length; i++) {
      const v = labels?.[names[i]!];
      if (v === undefined || v === null) throw new TypeError(`metric "${this.d.name}": label "${names[i]}" is missing`);
      k += (i === 0 ? "" : SEP) + v;
    }
    return k;
  }

  cell(labels: Record<string, string | number> | undefined): C {
    const key = this.key(labels);
    const hit = this.cells.get(key);
    if (hit !== undefined) return hit;
    if (this.cells.size >= this.d.maxSeries) return this.overflow(labels);
    const cell = this.family.cell(this.values(labels));
    this.cells.set(key, cell);
    return cell;
  }

  remove(labels: Record<string, string | number>): void {
    const key = this.key(labels);
    if (this.cells.delete(key)) this.family.remove(this.values(labels));
  }

  private overflow(labels: Record<string, string | number> | undefined): C {
    if (this.overflowCell === undefined) {
      this.logger.warn(
        { metric: this.d.name, max_series: this.d.maxSeries, first_overflowing_labels: labels },
        `metric ${this.d.name} exceeded ${this.d.maxSeries} label sets; further label sets are counted in the "${OVERFLOW_LABEL_VALUE}" series`,
      );
      this.overflowCell = this.family.cell(this.names.map(() => OVERFLOW_LABEL_VALUE));
    }
    return this.overflowCell;
  }
}

function checkCounterIncrement(name: string, value: number): void {
  if (!(value >= 0) || value === Number.POSITIVE_INFINITY) {
    throw new RangeError(`counter "${name}": increment must be a finite number ≥ 0 (got ${value})`);
  }
}

function checkFinite(name: string, value: number): void {
  if (typeof value !== "number" || Number.isNaN(value)) {
    throw new RangeError(`metric "${name}": value must be a number (got ${value})`);
  }
}

const now = (): number => performance.now();

function boundCounter(name: string, cell: CounterCell): BoundCounter {
  return {
    inc(value = 1) {
      checkCounterIncrement(name, value);
      cell.add(value);
    },
  };
}

function boundGauge(name: string, cell: GaugeCell): BoundGauge {
  return {
    set(value) {
      checkFinite(name, value);
      cell.set(value);
    },
    inc(value = 1) {
      checkFinite(name, value);
      cell.add(value);
    },
    dec(value = 1) {
      checkFinite(name, value);
      cell.add(-value);
    },
  };
}

function boundHistogram(name: string, cell: HistogramCell): BoundHistogram {
  const observe = (value: number) => {
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new RangeError(`histogram "${name}": observation must be a finite number (got ${value})`);
    }
    cell.observe(value);
  };
  return {
    observe,
    startTimer() {
      const start = now();
      return () => {
        const seconds = (now() - start) / 1000;
        observe(seconds);
        return seconds;
      };
    },
  };
}

type Labels = Record<string, string | number>;

function makeCounter<L extends string>(d: CounterDescriptor<L>, t: SeriesTable<CounterCell>, folds: Set<() => void>): Counter<L> {
  return {
    kind: "counter",
    name: d.name,
    labelNames: d.labelNames,
    inc(labels: LabelValues<L>, value = 1) {
      checkCounterIncrement(d.name, value);
      t.cell(labels as Labels).add(value);
    },
    bind: (labels?: LabelValues<L>) => boundCounter(d.name, t.cell(labels as Labels)),
    remove: (labels: LabelValues<L>) => t.remove(labels as Labels),
    foldBeforeRead(fold: () => void) {
      // A wrapper of its own: the same function registered twice stays registered twice (and unregisters once).
      const entry = () => fold();
      folds.add(entry);
      return () => {
        folds.delete(entry);
      };
    },
  } as Counter<L>;
}

function makeGauge<L extends string>(d: GaugeDescriptor<L>, t: SeriesTable<GaugeCell>): Gauge<L> {
  return {
    kind: "gauge",
    name: d.name,
    labelNames: d.labelNames,
    set(labels: LabelValues<L>, value: number) {
      checkFinite(d.name, value);
      t.cell(labels as Labels).set(value);
    },
    inc(labels: LabelValues<L>, value = 1) {
      checkFinite(d.name, value);
      t.cell(labels as Labels).add(value);
    },
    dec(labels: LabelValues<L>, value = 1) {
      checkFinite(d.name, value);
      t.cell(labels as Labels).add(-value);
    },
    bind: (labels?: LabelValues<L>) => boundGauge(d.name, t.cell(labels as Labels)),
    remove: (labels: LabelValues<L>) => t.remove(labels as Labels),
  } as Gauge<L>;
}

function makeHistogram<L extends string>(d: HistogramDescriptor<L>, t: SeriesTable<HistogramCell>): Histogram<L> {
  return {
    kind: "histogram",
    name: d.name,
    labelNames: d.labelNames,
    observe(labels: LabelValues<L>, value: number) {
      if (typeof value !== "number" || !Number.isFinite(value)) {
        throw new RangeError(`histogram "${d.name}": observation must be a finite number (got ${value})`);
      }
      t.cell(labels as Labels).observe(value);
    },
    startTimer(labels: LabelValues<L>) {
      return boundHistogram(d.name, t.cell(labels as Labels)).startTimer();
    },
    bind: (labels?: LabelValues<L>) => boundHistogram(d.name, t.cell(labels as Labels)),
    remove: (labels: LabelValues<L>) => t.remove(labels as Labels),
  } as Histogram<L>;
}

/** Builds the port on top of an adapter's backend. */
export function createMetrics(backend: MetricsBackend, options: CreateMetricsOptions = {}): MetricsRegistry {
  const constantLabels = options.constantLabels ? validateConstantLabels(options.constantLabels) : undefined;
  const logger = options.logger ?? consoleLogger;
  const registered = new Map<string, { d: AnyDescriptor; instrument: AnyInstrument }>();
  const collectors = new Set<() => void | Promise<void>>();
  const folds = new Set<() => void>();

  function foldCounters(): void {
    for (const fold of folds) {
      try {
        fold();
      } catch (err) {
        logger.warn({ err: err instanceof Error ? err.message : String(err) }, "metrics counter fold failed");
      }
    }
  }

  function register<I extends AnyInstrument>(d: AnyDescriptor, build: () => I): I {
    const existing = registered.get(d.name);
    if (existing) {
      if (!sameDescriptor(existing.d, d)) {
        throw new MetricDeclarationError(d.name, "already registered with a different type, help, unit, labels or buckets");
      }
      return existing.instrument as I;
    }
    const instrument = build();
    registered.set(d.name, { d, instrument });
    return instrument;
  }

  return {
    constantLabels,
    counter: <L extends string>(d: CounterDescriptor<L>) =>
      register(d, () => makeCounter(d, new SeriesTable(d, backend.counter(d as CounterDescriptor), logger), folds) as never),
    gauge: <L extends string>(d: GaugeDescriptor<L>) =>
      register(d, () => makeGauge(d, new SeriesTable(d, backend.gauge(d as GaugeDescriptor), logger)) as never),
    histogram: <L extends string>(d: HistogramDescriptor<L>) =>
      register(d, () => makeHistogram(d, new SeriesTable(d, backend.histogram(d as HistogramDescriptor), logger)) as never),
    onCollect(fn) {
      collectors.add(fn);
      return () => collectors.delete(fn);
    },
    get: (name) => registered.get(name)?.instrument,
    descriptors: () => [...registered.values()].map((r) => r.d),
    foldCounters,
    async collect() {
      foldCounters();
      for (const fn of collectors) {
        try {
          await fn();
        } catch (err) {
          logger.warn({ err: err instanceof Error ? err.message : String(err) }, "metrics collect callback failed");
        }
      }
    },
  };
}
