import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { describeProblem, formatScaled, parseScaled, stepScale } from "./decimal.js";

describe("parseScaled", () => {
  it.each([
    ["30000.50", 2, 3_000_050],
    ["30000.5", 2, 3_000_050],
    ["30000", 2, 3_000_000],
    ["0.01", 2, 1],
    ["007.10", 2, 710],
    ["1.50000", 1, 15], // trailing zeros beyond the scale are exact
    ["0", 0, 0],
    ["9007199254740991", 0, Number.MAX_SAFE_INTEGER],
  ])("%s at scale %i is %i", (text, decimals, expected) => {
    expect(parseScaled(text, decimals)).toBe(expected);
  });

  it.each([
    ["", 2, "EMPTY"],
    ["-1", 2, "NEGATIVE"],
    ["1.001", 2, "TOO_MANY_DECIMALS"],
    ["1e5", 2, "MALFORMED"],
    [" 1", 2, "MALFORMED"],
    ["1.", 2, "MALFORMED"],
    [".5", 2, "MALFORMED"],
    ["1.2.3", 2, "MALFORMED"],
    ["+1", 2, "MALFORMED"],
    ["0x10", 2, "MALFORMED"],
    ["9007199254740992", 0, "TOO_LARGE"],
    ["90071992547409.92", 3, "TOO_LARGE"],
  ])("%j at scale %i is %s", (text, decimals, problem) => {
    expect(parseScaled(text, decimals)).toBe(problem);
  });

  it("refuses non-strings", () => {
    expect(parseScaled(12 as unknown as string, 2)).toBe("EMPTY");
  });

  it("round-trips with formatScaled for every safe integer and scale", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: 0, max: 12 }), (units, decimals) => {
        expect(parseScaled(formatScaled(units, decimals), decimals)).toBe(units);
      }),
    );
  });
});

describe("formatScaled", () => {
  it("keeps exactly `decimals` fraction digits", () => {
    expect(formatScaled(3_000_050, 2)).toBe("30000.50");
    expect(formatScaled(5, 4)).toBe("0.0005");
    expect(formatScaled(0, 2)).toBe("0.00");
    expect(formatScaled(12, 0)).toBe("12");
    expect(formatScaled(-150, 2)).toBe("-1.50");
  });
});

describe("stepScale", () => {
  it("derives the scale of a step", () => {
    expect(stepScale("0.01")).toEqual({ decimals: 2, units: 1 });
    expect(stepScale("0.50")).toEqual({ decimals: 1, units: 5 });
    expect(stepScale("5")).toEqual({ decimals: 0, units: 5 });
    expect(stepScale("10.0")).toEqual({ decimals: 0, units: 10 });
  });
  it("refuses zero, negatives and junk", () => {
    for (const bad of ["0", "0.00", "-1", "abc", "", "1e-2"]) expect(stepScale(bad)).toBeUndefined();
  });
});

describe("describeProblem", () => {
  it("words every problem", () => {
    expect(describeProblem("TOO_MANY_DECIMALS", 2)).toBe("has more than 2 decimal places");
    for (const p of ["EMPTY", "MALFORMED", "NEGATIVE", "TOO_LARGE"] as const) expect(describeProblem(p, 2).length).toBeGreaterThan(5);
  });
});
