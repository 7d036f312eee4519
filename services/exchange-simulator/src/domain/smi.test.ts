import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { smi } from "./smi.js";

describe("smi", () => {
  it("returns the same number, whatever it is", () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.double(), fc.constantFrom(2 ** 31, -(2 ** 31), 2 ** 53, Number.NaN, -0)), (v) => {
        expect(Object.is(smi(v), v) || (v === 0 && smi(v) === 0)).toBe(true);
      }),
    );
  });

  it("turns a whole number read from a Float64Array into an int32 (what V8 keeps inline in an object)", () => {
    const f = new Float64Array([7, 2 ** 31 - 1, 2 ** 31, 0.5]);
    expect([smi(f[0]!), smi(f[1]!), smi(f[2]!), smi(f[3]!)]).toEqual([7, 2 ** 31 - 1, 2 ** 31, 0.5]);
    expect(smi(f[0]!) | 0).toBe(7);
  });
});
