import { describe, expect, it } from "vitest";
import { TimeSlicer } from "./time-slicer.js";

describe("TimeSlicer", () => {
  it("is due at once with a zero slice and not with a very long one", () => {
    expect(new TimeSlicer(0).due()).toBe(true);
    expect(new TimeSlicer(1e9).due()).toBe(false);
  });

  it("yield() lets a setImmediate callback run and starts a new slice", async () => {
    const slicer = new TimeSlicer(1e9);
    let ran = false;
    setImmediate(() => {
      ran = true;
    });
    await slicer.yield();
    expect(ran).toBe(true);
    expect(slicer.yields).toBe(1);
  });

  it("waitFor() resumes only once the awaited promise settles, counting as a yield", async () => {
    const slicer = new TimeSlicer(0);
    let release!: () => void;
    const ready = new Promise<void>((r) => {
      release = r;
    });
    let resumed = false;
    const waiting = slicer.waitFor(ready).then(() => {
      resumed = true;
    });
    await new Promise((r) => setImmediate(r));
    expect(resumed).toBe(false);
    release();
    await waiting;
    expect(resumed).toBe(true);
    expect(slicer.yields).toBe(1);
  });
});
