import { describe, expect, it } from "vitest";
import { CounterCell, GaugeCell, HistogramCell, LINEAR_SEARCH_MAX_BUCKETS } from "./cells.js";

describe("counter and gauge cells", () => {
  it("counter adds", () => {
    const c = new CounterCell(["x"]);
    c.add(1);
    c.add(2.5);
    expect(c.value).toBe(3.5);
    expect(c.labelValues).toEqual(["x"]);
  });
  it("gauge sets and adds", () => {
    const g = new GaugeCell([]);
    g.set(10);
    g.add(-3);
    expect(g.value).toBe(7);
  });
});

describe("histogram cell", () => {
  const observeAll = (bounds: number[], values: number[]) => {
    const h = new HistogramCell([], Float64Array.from(bounds));
    for (const v of values) h.observe(v);
    return h;
  };

  it("puts a value equal to a bound into that bound's bucket (le is inclusive)", () => {
    const h = observeAll([1, 2, 3], [1, 2, 3]);
    expect([...h.counts]).toEqual([1, 1, 1, 0]);
  });

  it("counts values above every bound in the +Inf slot, and tracks sum and count", () => {
    const h = observeAll([1, 2], [0.5, 1.5, 2.5, 100, -4]);
    expect([...h.counts]).toEqual([2, 1, 2]);
    expect(h.count).toBe(5);
    expect(h.sum).toBeCloseTo(100.5);
  });

  it("binary search (long bucket lists) agrees with a linear scan for every boundary case", () => {
    const bounds = Array.from({ length: LINEAR_SEARCH_MAX_BUCKETS * 4 }, (_, i) => (i + 1) * 0.5);
    expect(bounds.length).toBeGreaterThan(LINEAR_SEARCH_MAX_BUCKETS);
    const values = [-1, 0, 0.25, ...bounds, ...bounds.map((b) => b + 0.1), ...bounds.map((b) => b - 1e-9), 1e9];
    const h = observeAll(bounds, values);
    const expected = new Array(bounds.length + 1).fill(0);
    for (const v of values) {
      const i = bounds.findIndex((b) => v <= b);
      expected[i < 0 ? bounds.length : i]++;
    }
    expect([...h.counts]).toEqual(expected);
  });

  it("resets to zero", () => {
    const h = observeAll([1], [0.5, 3]);
    h.reset();
    expect([...h.counts]).toEqual([0, 0]);
    expect(h.sum).toBe(0);
    expect(h.count).toBe(0);
  });
});
