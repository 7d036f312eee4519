import { describe, expect, it } from "vitest";
import { canonicalNumber, formatBound, formatValue, parseBound } from "./numbers.js";

describe("formatValue", () => {
  it.each([
    [0, "0"],
    [1, "1"],
    [-3, "-3"],
    [0.5, "0.5"],
    [1.5e-7, "1.5e-7"],
    [1e21, "1e+21"],
    [Number.NaN, "NaN"],
    [Number.POSITIVE_INFINITY, "+Inf"],
    [Number.NEGATIVE_INFINITY, "-Inf"],
  ])("%d → %s", (value, expected) => {
    expect(formatValue(value)).toBe(expected);
  });
});

describe("canonicalNumber (OpenMetrics le/quantile)", () => {
  // The spec's own examples of canonical renderings.
  it.each([
    [0, "0.0"],
    [0.001, "0.001"],
    [0.002, "0.002"],
    [0.01, "0.01"],
    [0.1, "0.1"],
    [0.9, "0.9"],
    [0.95, "0.95"],
    [0.99, "0.99"],
    [0.999, "0.999"],
    [1, "1.0"],
    [1.7, "1.7"],
    [10, "10.0"],
    [1e-10, "1e-10"],
    [1e-9, "1e-09"],
    [1e-5, "1e-05"],
    [0.0001, "0.0001"],
    [100000, "100000.0"],
    [1e6, "1e+06"],
    [1e10, "1e+10"],
    [1e23, "1e+23"],
    [1.1e23, "1.1e+23"],
    [16777216, "1.6777216e+07"],
    [0.005, "0.005"],
    [7.5, "7.5"],
    [-2, "-2.0"],
    [Number.POSITIVE_INFINITY, "+Inf"],
  ])("%d → %s", (value, expected) => {
    expect(canonicalNumber(value)).toBe(expected);
  });
});

describe("bounds as prom-client hands them over", () => {
  it("parses numbers and the +Inf string", () => {
    expect(parseBound(0.25)).toBe(0.25);
    expect(parseBound("+Inf")).toBe(Number.POSITIVE_INFINITY);
    expect(parseBound("-Inf")).toBe(Number.NEGATIVE_INFINITY);
    expect(parseBound("0.5")).toBe(0.5);
  });
  it("spells them per format, leaving non-numbers untouched", () => {
    expect(formatBound(1, false)).toBe("1");
    expect(formatBound(1, true)).toBe("1.0");
    expect(formatBound("+Inf", true)).toBe("+Inf");
    expect(formatBound("weird", true)).toBe("weird");
  });
});
