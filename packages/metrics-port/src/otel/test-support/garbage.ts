/**
 * Allocates short-lived garbage until V8 has collected at least once (observed through a `gc` performance
 * entry), so tests can see GC metrics without `--expose-gc`. Young-generation scavenges start after a few MB.
 */
import { type EntryType, PerformanceObserver } from "node:perf_hooks";
import { waitFor } from "@tse/testkit";

export async function provokeGarbageCollection(): Promise<void> {
  let collected = false;
  const observer = new PerformanceObserver(() => {
    collected = true;
  });
  observer.observe({ entryTypes: ["gc" as EntryType] });
  try {
    await waitFor(
      () => {
        // ~10 MB of arrays that escape into `batch` (so they are really allocated), dropped right after.
        const batch: number[][] = [];
        for (let i = 0; i < 20_000; i++) batch.push(new Array(64).fill(i));
        batch.length = 0;
        return collected;
      },
      { timeoutMs: 10_000, intervalMs: 1, what: "a garbage collection" },
    );
  } finally {
    observer.disconnect();
  }
}
