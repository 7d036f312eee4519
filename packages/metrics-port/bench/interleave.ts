/**
 * Interleaved load rounds, shared by the HTTP and gRPC benchmarks. Each round starts a fresh server process per
 * variant, warms each up, then measures them in 1-second slices that alternate between the variants (order
 * reshuffled every slice), so the variants being compared are measured seconds apart rather than a whole run
 * apart and share the machine's load of that moment. Fresh processes per round matter as much: with one server
 * per variant for a whole run, two runs disagreed by ~30% on the same pair of variants while the rounds inside
 * each run agreed — per-process state (JIT decisions, memory placement) rather than load. Restarting turns it
 * into round-to-round spread that the medians absorb.
 * Per round and variant it reports the rate (calls over measured time) and the server's CPU time per call
 * (server-stats.ts), which a busy machine distorts much less than the rate.
 */
import type { ChildProcess } from "node:child_process";
import { median } from "@tse/testkit";
import { type PairedRatio, pairedRatio } from "./paired.js";
import { shuffled, stop } from "./processes.js";
import { serverStats } from "./server-stats.js";

export interface RunningServer {
  child: ChildProcess;
  /** Where the load generator sends requests. */
  url: string;
}

/** Seconds of unmeasured load per variant at the start of each round (JIT, connections). */
const WARM_UP_SECONDS = 1;

/** One load-generator run: completed calls and the time they took. */
export interface LoadRun {
  calls: number;
  seconds: number;
}

export interface InterleaveOptions<V extends string> {
  variants: readonly V[];
  rounds: number;
  /** 1-second slices per variant per round. */
  seconds: number;
  /** Seeds the per-slice shuffles (reproducible orders). */
  seed: number;
  /** Starts a server process for the variant; it is stopped at the end of the round. */
  start: (variant: V) => Promise<RunningServer>;
  /** Load for `seconds` seconds (warm-up or one measured slice). */
  load: (server: RunningServer, seconds: number) => Promise<LoadRun>;
  log: (line: string) => void;
  label: string;
  unit: string;
}

export interface VariantResult<V extends string> {
  variant: V;
  /** Per round: calls per second. */
  runs: number[];
  median: number;
  /** Per round (this variant's rate ÷ the first variant's rate in the same round). */
  ratioToBaseline: PairedRatio;
  /** Per round: server CPU µs per call. */
  cpuMicrosPerCall: number[];
  medianCpuMicrosPerCall: number;
  cpuRatioToBaseline: PairedRatio;
}

/** Runs the rounds; the first variant is the baseline of every ratio. */
export async function interleavedRounds<V extends string>(o: InterleaveOptions<V>): Promise<VariantResult<V>[]> {
  const rates = new Map<V, number[]>(o.variants.map((v) => [v, []]));
  const cpu = new Map<V, number[]>(o.variants.map((v) => [v, []]));
  for (let r = 0; r < o.rounds; r++) {
    const servers = new Map<V, RunningServer>();
    try {
      for (const v of o.variants) servers.set(v, await o.start(v));
      for (const v of o.variants) await o.load(servers.get(v)!, WARM_UP_SECONDS);
      await measureRound(r, servers);
    } finally {
      for (const server of servers.values()) await stop(server.child);
    }
  }

  async function measureRound(r: number, servers: Map<V, RunningServer>): Promise<void> {
    const totals = new Map(o.variants.map((v) => [v, { calls: 0, seconds: 0, cpuMicros: 0, handled: 0 }]));
    for (let s = 0; s < o.seconds; s++) {
      for (const v of shuffled(o.variants, o.seed + r * 1000 + s)) {
        const server = servers.get(v)!;
        const before = await serverStats(server.child);
        const run = await o.load(server, 1);
        const after = await serverStats(server.child);
        const handled = after.handled - before.handled;
        if (handled < run.calls) {
          throw new Error(`${o.label} ${v}: the load generator counted ${run.calls} completed calls, the handler ran ${handled} times`);
        }
        const t = totals.get(v)!;
        t.calls += run.calls;
        t.seconds += run.seconds;
        t.cpuMicros += after.cpuMicros - before.cpuMicros;
        t.handled += handled;
      }
    }
    for (const v of o.variants) {
      const t = totals.get(v)!;
      const rate = t.calls / t.seconds;
      const perCall = t.cpuMicros / t.handled;
      rates.get(v)!.push(rate);
      cpu.get(v)!.push(perCall);
      o.log(
        `  ${o.label} round ${r + 1}/${o.rounds} ${v.padEnd(16)} ${Math.round(rate).toLocaleString("en-US")} ${o.unit}/s, server CPU ${perCall.toFixed(1)} µs/${o.unit}`,
      );
    }
  }
  const baseline = o.variants[0]!;
  return o.variants.map((v) => ({
    variant: v,
    runs: rates.get(v)!,
    median: median(rates.get(v)!),
    ratioToBaseline: pairedRatio(rates.get(v)!, rates.get(baseline)!),
    cpuMicrosPerCall: cpu.get(v)!,
    medianCpuMicrosPerCall: median(cpu.get(v)!),
    cpuRatioToBaseline: pairedRatio(cpu.get(v)!, cpu.get(baseline)!),
  }));
}
