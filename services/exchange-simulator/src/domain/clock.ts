/**
 * The engine's default clock: one monotonic reading per operation, in milliseconds, that both stamps the
 * operation (anchored at the epoch: `epochMs`) and times it for the latency histogram.
 *
 * Why process.hrtime and not performance.now() or Date.now(): all three cost the same ~40 ns native call,
 * but the latter two return their double boxed in a fresh 16-byte HeapNumber on every call, while
 * hrtime's two integers arrive through a typed array — once the call is inlined, its result array is
 * optimised away and the read allocates nothing. It is the same monotonic source as performance.now()
 * (libuv's hrtime), anchored once at load to performance's epoch origin, so timestamps keep their meaning:
 * the engine clock reads what `performance.timeOrigin + performance.now()` would, and never goes backwards.
 */

type HrTime = () => [number, number];

const hrtime: HrTime | undefined = (globalThis as { process?: { hrtime?: HrTime } }).process?.hrtime;
const timer = performance;

/** Monotonic milliseconds (arbitrary origin). */
export const monotonicMs: () => number =
  hrtime === undefined
    ? () => timer.now()
    : () => {
        const t = hrtime();
        return t[0] * 1e3 + t[1] / 1e6;
      };

/** epoch ms = EPOCH_OFFSET + monotonicMs(). */
const EPOCH_OFFSET = timer.timeOrigin + timer.now() - monotonicMs();

/** The epoch milliseconds of a `monotonicMs()` reading, whole (what journal events and orders carry). */
export function epochMs(monotonic: number): number {
  return Math.floor(EPOCH_OFFSET + monotonic);
}
