/**
 * Cooperative time-slicing: long synchronous work checks `due()` now and then and, when its slice is used up,
 * awaits `yield()` so timers, I/O and other requests get the event loop before it continues. `setImmediate`
 * (not a microtask) is what lets the I/O phase run.
 */
import { setImmediate as nextTurn } from "node:timers/promises";

/** Default slice: long enough that yielding costs little, short enough that no request waits noticeably. */
export const DEFAULT_SLICE_MS = 2;

export class TimeSlicer {
  private sliceStart = performance.now();
  /** How many times the work gave way to the event loop (diagnostics and tests). */
  yields = 0;

  constructor(private readonly sliceMs: number = DEFAULT_SLICE_MS) {}

  due(): boolean {
    return performance.now() - this.sliceStart >= this.sliceMs;
  }

  async yield(): Promise<void> {
    await nextTurn();
    this.yields++;
    this.sliceStart = performance.now();
  }
}
