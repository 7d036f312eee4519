/** Helpers for this folder's tests (excluded from the build). */
import type { RecordingMetrics } from "../../testing/index.js";

/** A promise plus the function that resolves it: lets a test hold a handler at a known point, no sleeps. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** `"METHOD route code"` for every http_requests_total series with a non-zero count, sorted. */
export function recordedRequests(metrics: RecordingMetrics): string[] {
  return metrics
    .series("http_requests_total")
    .filter((s) => s.value > 0)
    .map((s) => `${s.labels["method"]} ${s.labels["route"]} ${s.labels["code"]}`)
    .sort();
}

/** Distinct values of one label across a metric's series. */
export function distinctLabelValues(metrics: RecordingMetrics, metric: string, label: string): Set<string> {
  return new Set(metrics.series(metric).map((s) => s.labels[label]!));
}
