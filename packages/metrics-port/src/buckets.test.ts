import { describe, expect, it } from "vitest";
import { DEFAULT_LATENCY_BUCKETS, exponentialBuckets, linearBuckets, validateBuckets } from "./buckets.js";

describe("buckets", () => {
  it("defaults to the 14 OpenTelemetry-advised latency boundaries, 5 ms to 10 s", () => {
    expect(DEFAULT_LATENCY_BUCKETS).toHaveLength(14);
    expect(DEFAULT_LATENCY_BUCKETS[0]).toBe(0.005);
    expect(DEFAULT_LATENCY_BUCKETS.at(-1)).toBe(10);
  });
  it("builds exponential and linear sequences without float drift", () => {
    expect(exponentialBuckets(0.000001, 10, 4)).toEqual([0.000001, 0.00001, 0.0001, 0.001]);
    expect(linearBuckets(0.1, 0.1, 3)).toEqual([0.1, 0.2, 0.3]);
  });
  it("rejects bad generator arguments", () => {
    expect(() => exponentialBuckets(0, 2, 3)).toThrow(RangeError);
    expect(() => linearBuckets(0, 0, 3)).toThrow(RangeError);
  });
  it("requires finite, strictly increasing boundaries", () => {
    expect(() => validateBuckets("m", [])).toThrow("at least one");
    expect(() => validateBuckets("m", [1, 1])).toThrow("strictly increasing");
    expect(() => validateBuckets("m", [1, Number.POSITIVE_INFINITY])).toThrow("+Inf is implicit");
    expect(() => validateBuckets("m", [0.1, 1])).not.toThrow();
  });
});
