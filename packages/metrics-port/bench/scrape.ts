/**
 * Scrape cost at high cardinality: one 14-bucket histogram family with 10,000 label sets (170k sample lines,
 * ~5 MB of text), served the way Prometheus asks for it (gzip): our adapter's `scrape()` vs prom-client's
 * `registry.metrics()` + gzip, each in its own process (scrape-worker.ts), in interleaved rounds, next to an
 * idle process measuring the machine's own stalls. Reports total time and the worst event-loop stall per scrape
 * — the stall is what delays every request the process is serving while Prometheus scrapes it — both on the
 * wall clock and without the time the kernel kept the thread waiting for a CPU (stall-meter.ts).
 */
import type { ChildProcess } from "node:child_process";
import { median } from "@tse/testkit";
import { shuffled, startServer, stop } from "./processes.js";
import type { StallMeasurement } from "./stall-meter.js";

export const SCRAPE_VARIANTS = ["ours", "prom-client", "idle"] as const;
export type ScrapeVariant = (typeof SCRAPE_VARIANTS)[number];
export const SCRAPE_LABELS: Record<ScrapeVariant, string> = {
  ours: "ours scrape() + gzip",
  "prom-client": "prom-client metrics() + gzip",
  idle: "idle process (noise floor)",
};

/** Scrapes per variant per round: more samples for the stall distribution at little cost. */
const SCRAPES_PER_ROUND = 3;

type Sample = StallMeasurement & { bytes: number };

export interface ScrapeResult {
  variant: ScrapeVariant;
  samples: Sample[];
  totalMs: number;
  worstStallMs: number;
  maxStallMs: number;
  worstStallExclRunQueueMs: number | null;
  maxStallExclRunQueueMs: number | null;
  bytes: number;
}

function measureIn(child: ChildProcess): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      child.off("message", onMessage);
      child.off("exit", onExit);
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error("scrape worker did not answer in 60 s"));
    }, 60_000);
    const onExit = (code: number | null) => {
      done();
      reject(new Error(`scrape worker exited with ${code}`));
    };
    const onMessage = (m: unknown) => {
      if (typeof m !== "object" || m === null || !("worstStallMs" in m)) return;
      done();
      resolve(m as Sample);
    };
    child.on("message", onMessage);
    child.on("exit", onExit);
    child.send("measure");
  });
}

export async function benchScrape({ rounds, log }: { rounds: number; log: (s: string) => void }): Promise<ScrapeResult[]> {
  const workers = new Map<ScrapeVariant, ChildProcess>();
  try {
    for (const v of SCRAPE_VARIANTS) workers.set(v, await startServer("scrape-worker.ts", [v]));
    const samples = new Map<ScrapeVariant, Sample[]>(SCRAPE_VARIANTS.map((v) => [v, []]));
    for (let r = 0; r < rounds; r++) {
      for (const v of shuffled(SCRAPE_VARIANTS, r + 3)) {
        for (let i = 0; i < SCRAPES_PER_ROUND; i++) {
          const s = await measureIn(workers.get(v)!);
          samples.get(v)!.push(s);
          const exclWait = s.worstStallExclRunQueueMs === null ? "" : `, ${s.worstStallExclRunQueueMs.toFixed(1)} ms excl. CPU wait`;
          log(
            `  scrape round ${r + 1}/${rounds} ${SCRAPE_LABELS[v].padEnd(28)} total ${s.totalMs.toFixed(0)} ms, worst stall ${s.worstStallMs.toFixed(1)} ms${exclWait}`,
          );
        }
      }
    }
    return SCRAPE_VARIANTS.map((v): ScrapeResult => {
      const s = samples.get(v)!;
      const exclWait = s.every((x) => x.worstStallExclRunQueueMs !== null) ? s.map((x) => x.worstStallExclRunQueueMs!) : null;
      return {
        variant: v,
        samples: s,
        totalMs: median(s.map((x) => x.totalMs)),
        worstStallMs: median(s.map((x) => x.worstStallMs)),
        maxStallMs: Math.max(...s.map((x) => x.worstStallMs)),
        worstStallExclRunQueueMs: exclWait && median(exclWait),
        maxStallExclRunQueueMs: exclWait && Math.max(...exclWait),
        bytes: s[0]!.bytes,
      };
    });
  } finally {
    for (const child of workers.values()) await stop(child);
  }
}
