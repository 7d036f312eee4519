/**
 * Event-loop stalls during one piece of async work, measured with a setImmediate gap ticker: every turn of the
 * loop records the time since the previous turn, and the gap still open when the work finishes counts too.
 * (monitorEventLoopDelay samples with a timer and misses a block that starts and ends between its samples.)
 *
 * On a shared machine part of a gap can be time the kernel kept this thread waiting for a CPU: it would have
 * stalled whatever code ran. Where Linux exposes the thread's run-queue wait (/proc/thread-self/schedstat,
 * second field, ns, updated at every context switch), each gap is also reported without it. What remains is
 * the measured code's own run time plus any time the thread was blocked rather than runnable (e.g. V8's main
 * thread waiting for its parallel GC helper threads, themselves waiting for a CPU) or the VM's vCPU was
 * descheduled by its host — so it is an upper bound on the code's share, not an exact figure. (The first
 * schedstat field, run time, is only updated at scheduler ticks, 4 ms apart here: too coarse to use.)
 */
import { closeSync, openSync, readSync } from "node:fs";

export interface StallMeasurement {
  totalMs: number;
  /** Longest wall-clock gap between two turns of the event loop. */
  worstStallMs: number;
  /** Longest gap after subtracting the time the thread spent runnable but waiting for a CPU; null if unknown. */
  worstStallExclRunQueueMs: number | null;
  /** Run-queue wait over the whole measurement (how busy the machine was); null if unknown. */
  runQueueWaitMs: number | null;
}

/** Reads this thread's cumulative run-queue wait in ms, or returns undefined where schedstat is unavailable. */
function runQueueWaitReader(): { read: () => number; close: () => void } | undefined {
  let fd: number;
  try {
    fd = openSync("/proc/thread-self/schedstat", "r");
  } catch {
    return undefined;
  }
  const buf = Buffer.alloc(128);
  const read = () => {
    const n = readSync(fd, buf, 0, buf.length, 0);
    const text = buf.toString("latin1", 0, n);
    return Number(text.split(" ")[1]) / 1e6;
  };
  if (!Number.isFinite(read())) {
    closeSync(fd);
    return undefined;
  }
  return { read, close: () => closeSync(fd) };
}

export async function measureStalls<T>(work: () => Promise<T>): Promise<{ result: T } & StallMeasurement> {
  const waits = runQueueWaitReader();
  const firstWait = waits?.read() ?? 0;
  let lastAt = performance.now();
  let lastWait = firstWait;
  let worst = 0;
  let worstOnCpu = 0;
  let running = true;
  const gap = () => {
    const at = performance.now();
    const wait = waits?.read() ?? 0;
    const ms = at - lastAt;
    worst = Math.max(worst, ms);
    worstOnCpu = Math.max(worstOnCpu, ms - (wait - lastWait));
    lastAt = at;
    lastWait = wait;
  };
  const tick = () => {
    if (!running) return; // the last scheduled turn may run after the measurement ended
    gap();
    setImmediate(tick);
  };
  setImmediate(tick);
  const start = performance.now();
  try {
    const result = await work();
    const end = performance.now();
    running = false;
    gap();
    return {
      result,
      totalMs: end - start,
      worstStallMs: worst,
      worstStallExclRunQueueMs: waits ? worstOnCpu : null,
      runQueueWaitMs: waits ? lastWait - firstWait : null,
    };
  } finally {
    running = false;
    waits?.close();
  }
}
