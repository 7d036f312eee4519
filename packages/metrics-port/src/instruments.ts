/**
 * What instrumented code holds: counters, gauges and histograms with label values typed from the label
 * names. `bind(labels)` resolves a label set once and returns a handle whose calls are a single field update —
 * the form to use on hot paths (matching loop, per-request middleware).
 */

/** Label values keyed by the declared label names. Numbers are accepted and rendered as decimal strings. */
export type LabelValues<L extends string> = { readonly [K in L]: string | number };

/** `bind()` takes no argument for a metric without labels. */
export type BindArgs<L extends string> = [L] extends [never] ? [labels?: LabelValues<never>] : [labels: LabelValues<L>];

export interface BoundCounter {
  /** Adds `value` (default 1). Negative or non-finite values throw: counters only go up. */
  inc(value?: number): void;
}
export interface BoundGauge {
  set(value: number): void;
  inc(value?: number): void;
  dec(value?: number): void;
}
export interface BoundHistogram {
  observe(value: number): void;
  /** Starts a timer; calling the returned function observes and returns the elapsed seconds. */
  startTimer(): () => number;
}

interface Instrument<L extends string, B> {
  readonly name: string;
  readonly labelNames: readonly L[];
  bind(...labels: BindArgs<L>): B;
  /** Drops one label set (e.g. a symbol that was delisted). */
  remove(labels: LabelValues<L>): void;
}

export interface Counter<L extends string = never> extends Instrument<L, BoundCounter> {
  readonly kind: "counter";
  inc(labels: LabelValues<L>, value?: number): void;
  /**
   * For code too hot for even a bound `inc` per event: it counts in plain numbers of its own and registers
   * `fold`, which brings its series up to date (by `inc` on bound handles, with what was counted since the
   * last fold). The registry runs every fold before anything reads its values — at the start of every
   * `collect` (so before every scrape) and before the testing adapter's reads — so readers see the same
   * values as with eager increments. Returns the function that unregisters `fold`.
   */
  foldBeforeRead(fold: () => void): () => void;
}
export interface Gauge<L extends string = never> extends Instrument<L, BoundGauge> {
  readonly kind: "gauge";
  set(labels: LabelValues<L>, value: number): void;
  inc(labels: LabelValues<L>, value?: number): void;
  dec(labels: LabelValues<L>, value?: number): void;
}
export interface Histogram<L extends string = never> extends Instrument<L, BoundHistogram> {
  readonly kind: "histogram";
  observe(labels: LabelValues<L>, value: number): void;
  startTimer(labels: LabelValues<L>): () => number;
}

export type AnyInstrument = Counter<string> | Gauge<string> | Histogram<string>;
