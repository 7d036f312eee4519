/**
 * Histogram bucket helpers. Defaults follow the OpenTelemetry HTTP/RPC semantic-convention advice
 * (5 ms … 10 s, 14 boundaries), which @hono/prometheus also uses, so SLO thresholds line up across tools.
 */
export const DEFAULT_LATENCY_BUCKETS: readonly number[] = Object.freeze([
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
]);

/** Sizes from 64 B to 16 MiB, ×4 per step: request/response bodies and messages. */
export const DEFAULT_SIZE_BUCKETS: readonly number[] = Object.freeze(exponentialBuckets(64, 4, 10));

/** `count` boundaries starting at `start`, each `factor` times the previous. */
export function exponentialBuckets(start: number, factor: number, count: number): number[] {
  if (!(start > 0) || !(factor > 1) || !Number.isInteger(count) || count < 1) {
    throw new RangeError("exponentialBuckets needs start > 0, factor > 1 and an integer count ≥ 1");
  }
  const out: number[] = [];
  for (let i = 0, b = start; i < count; i++, b *= factor) out.push(Number(b.toPrecision(12)));
  return out;
}

/** `count` boundaries starting at `start`, `width` apart. */
export function linearBuckets(start: number, width: number, count: number): number[] {
  if (!(width > 0) || !Number.isInteger(count) || count < 1) {
    throw new RangeError("linearBuckets needs width > 0 and an integer count ≥ 1");
  }
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(Number((start + i * width).toPrecision(12)));
  return out;
}

/** Checks that boundaries are finite and strictly increasing; +Inf is implicit and must not be listed. */
export function validateBuckets(metric: string, buckets: readonly number[]): void {
  if (buckets.length === 0) throw new RangeError(`metric "${metric}": a histogram needs at least one bucket`);
  for (let i = 0; i < buckets.length; i++) {
    const b = buckets[i]!;
    if (!Number.isFinite(b)) throw new RangeError(`metric "${metric}": bucket ${b} is not finite (+Inf is implicit)`);
    if (i > 0 && b <= buckets[i - 1]!) {
      throw new RangeError(`metric "${metric}": buckets must be strictly increasing (${buckets[i - 1]} then ${b})`);
    }
  }
}
