import { describe, expect, expectTypeOf, it } from "vitest";
import { DEFAULT_LATENCY_BUCKETS } from "./buckets.js";
import { DEFAULT_MAX_SERIES, defineCounter, defineGauge, defineHistogram, sameDescriptor } from "./descriptors.js";

describe("metric declarations", () => {
  it("produces frozen descriptors with defaults", () => {
    const d = defineHistogram({ name: "x_duration_seconds", help: "x", unit: "seconds", labelNames: ["route"] });
    expect(d).toMatchObject({ kind: "histogram", maxSeries: DEFAULT_MAX_SERIES, buckets: DEFAULT_LATENCY_BUCKETS });
    expect(Object.isFrozen(d)).toBe(true);
    expect(Object.isFrozen(d.labelNames)).toBe(true);
    expectTypeOf(d.labelNames).toEqualTypeOf<readonly "route"[]>();
  });

  it("validates help, labels, buckets and maxSeries at declaration", () => {
    expect(() => defineCounter({ name: "a_total", help: " " })).toThrow("help text is required");
    expect(() => defineCounter({ name: "a_total", help: "a", labelNames: ["x", "x"] })).toThrow("listed twice");
    expect(() => defineGauge({ name: "a", help: "a", labelNames: ["job"] })).toThrow("reserved");
    expect(() => defineHistogram({ name: "a_seconds", help: "a", buckets: [2, 1] })).toThrow("strictly increasing");
    expect(() => defineGauge({ name: "a", help: "a", maxSeries: 0 })).toThrow("maxSeries");
  });

  it("compares declarations structurally", () => {
    const a = defineCounter({ name: "a_total", help: "a", labelNames: ["x"] });
    expect(sameDescriptor(a, defineCounter({ name: "a_total", help: "a", labelNames: ["x"] }))).toBe(true);
    expect(sameDescriptor(a, defineCounter({ name: "a_total", help: "b", labelNames: ["x"] }))).toBe(false);
    expect(sameDescriptor(a, defineCounter({ name: "a_total", help: "a", labelNames: ["y"] }))).toBe(false);
    const h = defineHistogram({ name: "h_seconds", help: "h", buckets: [1, 2] });
    expect(sameDescriptor(h, defineHistogram({ name: "h_seconds", help: "h", buckets: [1, 3] }))).toBe(false);
  });
});
