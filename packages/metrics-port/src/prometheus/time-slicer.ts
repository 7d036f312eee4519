/**
 * Cooperative time-slicing: long synchronous work checks `due()` now and then and, when its slice is used up,
 * awaits `yield()` so timers, I/O and other requests get the event loop before it continues. `setImmediate`
 * (not a microtask) is what lets the I/O phase run.
 */
import { setImmediate as nextTurn } from "node:timers/promises";

/**
 * Default slice. The longest pause a render causes is about one slice plus whatever the runtime adds inside
 * it (a scavenge, ~0.5–1 ms; preemption by other processes), so the slice is kept well below the few
 * milliseconds a request may be held up. Yielding costs a few microseconds, so 1 ms slices cost ~1% of a render.
 */
export const DEFAULT_SLICE_MS = 1;

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
    this.restart();
  }

  /** Gives way until `ready` settles (e.g. a consumer catching up), then starts a new slice. */
  async waitFor(ready: Promise<void>): Promise<void> {
    await ready;
    this.restart();
  }

  private restart(): void {
    this.yields++;
    this.sliceStart = performance.now();
  }
}
