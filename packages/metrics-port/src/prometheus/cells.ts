/**
 * The adapter's own storage: one small object per label set. The port core creates a cell once per label set
 * and caches it (create-metrics.ts), so recording is a field update on an object the caller already holds —
 * no label hashing, no map lookup (prom-client's `observe()` re-hashes the labels on every call).
 *
 * Each cell also carries the rendered line heads of its series (`name{labels} `), built on its first scrape:
 * label values never change for a cell, so re-renders never re-escape them.
 */

/** Bucket lists up to this length are scanned linearly: latency observations usually land in the first
 *  buckets, where a scan beats a binary search; longer lists use binary search. */
export const LINEAR_SEARCH_MAX_BUCKETS = 16;

export class CounterCell {
  value = 0;
  /** `name{labels} `, set on first render. */
  head = "";
  constructor(readonly labelValues: readonly string[]) {}
  add(v: number): void {
    this.value += v;
  }
}

export class GaugeCell {
  value = 0;
  head = "";
  constructor(readonly labelValues: readonly string[]) {}
  set(v: number): void {
    this.value = v;
  }
  add(v: number): void {
    this.value += v;
  }
}

export class HistogramCell {
  /** Non-cumulative: counts[i] holds observations in (bounds[i-1], bounds[i]]; the last slot is (last bound, +Inf). */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;
  /** `name_bucket{labels,` (or `name_bucket{` without labels), `name_sum{labels} `, `name_count{labels} `. */
  bucketHead = "";
  sumHead = "";
  countHead = "";

  constructor(
    readonly labelValues: readonly string[],
    /** Upper bounds, strictly increasing, +Inf implicit; shared by every cell of the family. */
    private readonly bounds: Float64Array,
  ) {
    this.counts = new Float64Array(bounds.length + 1);
  }

  observe(v: number): void {
    const bounds = this.bounds;
    const n = bounds.length;
    let i = 0;
    if (n <= LINEAR_SEARCH_MAX_BUCKETS) {
      while (i < n && v > bounds[i]!) i++;
    } else {
      // first index whose bound is ≥ v (n when v is above every bound)
      let hi = n;
      while (i < hi) {
        const mid = (i + hi) >>> 1;
        if (bounds[mid]! < v) i = mid + 1;
        else hi = mid;
      }
    }
    this.counts[i]! += 1;
    this.sum += v;
    this.count += 1;
  }

  reset(): void {
    this.counts.fill(0);
    this.sum = 0;
    this.count = 0;
  }
}
