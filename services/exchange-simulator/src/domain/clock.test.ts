import { describe, expect, it } from "vitest";
import { epochMs, monotonicMs } from "./clock.js";

describe("engine clock", () => {
  it("reads epoch milliseconds, like performance.timeOrigin + performance.now()", () => {
    const reference = performance.timeOrigin + performance.now();
    const ours = epochMs(monotonicMs());
    expect(Number.isInteger(ours)).toBe(true);
    expect(Math.abs(ours - reference)).toBeLessThan(5);
    expect(Math.abs(ours - Date.now())).toBeLessThan(1_000); // the wall clock may drift from the monotonic one
  });

  it("never goes backwards", () => {
    let last = monotonicMs();
    let backwards = 0;
    for (let i = 0; i < 100_000; i++) {
      const now = monotonicMs();
      if (now < last) backwards++;
      last = now;
    }
    expect(backwards).toBe(0);
  });
});
