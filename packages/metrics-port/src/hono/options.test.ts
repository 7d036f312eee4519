import { describe, expect, it } from "vitest";
import { createRecordingMetrics } from "../testing/index.js";
import { httpMetrics } from "./http-metrics.js";
import { type HttpMetricsOptions, pathMatcher, resolveOptions } from "./options.js";

describe("resolveOptions", () => {
  it("applies the documented defaults", () => {
    const o = resolveOptions();
    expect(o.unmatchedRoute).toBe("_unmatched");
    expect(o.knownMethods).toEqual(["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"]);
    expect(o.sizeHistograms).toBe(false);
    expect(o.durationBuckets).toBeUndefined();
    expect(o.isExcluded?.("/metrics")).toBe(true);
    expect(o.isExcluded?.("/api/v1/metrics")).toBe(true);
    expect(o.isExcluded?.("/metrics/")).toBe(false);
    expect(o.isExcluded?.("/hello")).toBe(false);
  });

  it.each<[string, HttpMetricsOptions, RegExp]>([
    ["relative exclude path", { excludePaths: ["metrics"] }, /excludePaths.*entry 0 \("metrics"\).*starting with "\/"/],
    ["non-string exclude entry", { excludePaths: [42 as never] }, /excludePaths.*string or a RegExp \(got number\)/],
    ["exclude paths not an array", { excludePaths: "/metrics" as never }, /excludePaths.*array/],
    ["empty unmatched value", { unmatchedRoute: "" }, /unmatchedRoute.*non-empty/],
    ["path-like unmatched value", { unmatchedRoute: "/404" }, /unmatchedRoute.*collide with a real route/],
    ["method with a space", { knownMethods: ["GET", "BAD METHOD"] }, /knownMethods.*"BAD METHOD".*not an HTTP method token/],
    ["_OTHER as a known method", { knownMethods: ["_OTHER"] }, /knownMethods.*_OTHER/],
    ["buckets not an array", { durationBuckets: 5 as never }, /durationBuckets.*array/],
    ["sizeHistograms not boolean", { sizeHistograms: "yes" as never }, /sizeHistograms.*boolean/],
  ])("rejects %s with a clear error", (_what, options, message) => {
    expect(() => resolveOptions(options)).toThrow(message);
  });

  it("rejects bad buckets when the middleware is built", () => {
    expect(() => httpMetrics(createRecordingMetrics(), { durationBuckets: [] })).toThrow(/at least one bucket/);
    expect(() => httpMetrics(createRecordingMetrics(), { durationBuckets: [1, Number.POSITIVE_INFINITY] })).toThrow(/not finite/);
  });

  it("rejects a missing port with a clear error", () => {
    expect(() => httpMetrics(undefined as never)).toThrow(/httpMetrics: metrics must be a MetricsPort/);
  });
});

describe("pathMatcher", () => {
  it("returns undefined when nothing is excluded, so the hot path skips the check", () => {
    expect(pathMatcher([])).toBeUndefined();
  });

  it("matches strings exactly and patterns repeatedly (g/y flags dropped)", () => {
    const sticky = /^\/health/y;
    const isExcluded = pathMatcher(["/ready", /^\/internal\//g, sticky])!;
    for (let i = 0; i < 3; i++) {
      expect(isExcluded("/internal/x")).toBe(true);
      expect(isExcluded("/health/deep")).toBe(true);
    }
    expect(isExcluded("/ready")).toBe(true);
    expect(isExcluded("/ready/")).toBe(false);
    expect(isExcluded("/public/internal/x")).toBe(false);
    expect(sticky.lastIndex).toBe(0); // the caller's RegExp is left alone
  });
});
