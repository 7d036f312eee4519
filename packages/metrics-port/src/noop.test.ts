import { describe, expect, it } from "vitest";
import { defineCounter, defineHistogram } from "./descriptors.js";
import { createNoopMetrics } from "./noop.js";

describe("no-op port", () => {
  it("lets instrumented code run with no backend and still validates declarations", () => {
    const m = createNoopMetrics();
    const c = m.counter(defineCounter({ name: "n_total", help: "n", labelNames: ["a"] }));
    c.inc({ a: "x" });
    c.bind({ a: "y" }).inc(3);
    expect(m.histogram(defineHistogram({ name: "n_seconds", help: "n" })).bind().startTimer()()).toBeGreaterThanOrEqual(0);
    expect(() => c.inc({ a: "x" }, -1)).toThrow(RangeError);
    expect(m.constantLabels).toBeUndefined();
  });
  it("gives each caller an independent registry", () => {
    const d = defineCounter({ name: "n_total", help: "n" });
    createNoopMetrics().counter(d);
    expect(() => createNoopMetrics().counter(defineCounter({ name: "n_total", help: "different" }))).not.toThrow();
  });
});
