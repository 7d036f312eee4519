/**
 * `pnpm bench` for @tse/metrics-port: HTTP middleware overhead (wrk), gRPC interceptor overhead (h2load), and
 * scrape stalls at 10,000 series. Prints progress, then a summary table with ratios measured in this same run,
 * and writes the raw numbers to bench/results/latest.json. Needs `wrk` and `h2load` (apt: wrk, nghttp2-client).
 *
 * Options (env): BENCH_ROUNDS (default 5), BENCH_SECONDS (default 5: measured seconds per variant per round,
 * run as interleaved 1-s slices), BENCH_ONLY=http,grpc,scrape
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { formatTable } from "@tse/testkit";
import { benchGrpc } from "./grpc.js";
import { benchHttp, HTTP_VARIANTS } from "./http.js";
import { benchScrape, SCRAPE_LABELS } from "./scrape.js";

function positiveInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer (got "${raw}")`);
  return n;
}
const rounds = positiveInteger("BENCH_ROUNDS", 5);
const seconds = positiveInteger("BENCH_SECONDS", 5);
const PARTS = ["http", "grpc", "scrape"];
const only = new Set((process.env.BENCH_ONLY ?? PARTS.join(",")).split(",").map((p) => p.trim()));
for (const p of only) if (!PARTS.includes(p)) throw new Error(`BENCH_ONLY: unknown part "${p}" (use ${PARTS.join(", ")})`);
const log = (s: string) => console.log(s);

/**
 * How busy the machine was: load average and, where Linux has PSI, the share of the last 60 s in which some
 * runnable task waited for a CPU. Printed with the results, because on a shared machine they explain the spread.
 */
function machineLoad(): string {
  const load = loadavg().map((l) => l.toFixed(2)).join(" ");
  let pressure = "";
  try {
    const some = /some avg10=([\d.]+) avg60=([\d.]+)/.exec(readFileSync("/proc/pressure/cpu", "utf8"));
    if (some) pressure = `, CPU pressure avg60 ${some[2]}%`;
  } catch {
    // no PSI on this kernel
  }
  return `load ${load}${pressure}`;
}

const started = new Date();
const loadAtStart = machineLoad();
log(`machine at start: ${loadAtStart}`);
const results: Record<string, unknown> = {
  started: started.toISOString(),
  node: process.version,
  cpus: `${cpus().length} × ${cpus()[0]?.model ?? "?"}`,
  rounds,
  seconds,
};
const summary: (string | number)[][] = [];
const ratio = (r: { median: number; min: number; max: number }) =>
  `${r.median.toFixed(3)}× (${r.min.toFixed(2)}–${r.max.toFixed(2)})`;
const ms = (v: number | null) => (v === null ? "n/a" : v.toFixed(1));

if (only.has("http")) {
  log(
    `HTTP: ${rounds} rounds × ${seconds} interleaved 1-s slices per variant, ${HTTP_VARIANTS.length} variants, fresh servers each round (wrk -t1 -c32)`,
  );
  const http = await benchHttp({ rounds, seconds, log });
  results.http = http;
  for (const r of http) {
    summary.push([
      `http ${r.variant}`,
      `${Math.round(r.median)} req/s`,
      `${ratio(r.ratioToBaseline)} bare`,
      `${r.medianCpuMicrosPerCall.toFixed(1)} µs/req, ${r.cpuRatioToBaseline.median.toFixed(3)}× bare`,
      r.variant === "ours-fetch" ? "≥ 0.92× bare" : "",
    ]);
  }
}
if (only.has("grpc")) {
  log(`gRPC: ${rounds} rounds × ${seconds} interleaved 1-s slices per variant, 2 variants, fresh servers each round (h2load, unary, 64 in flight)`);
  const grpc = await benchGrpc({ rounds, seconds, log });
  results.grpc = grpc;
  for (const r of grpc) {
    summary.push([
      `grpc ${r.variant}`,
      `${Math.round(r.median)} calls/s`,
      `${ratio(r.ratioToBaseline)} bare`,
      `${r.medianCpuMicrosPerCall.toFixed(1)} µs/call, ${r.cpuRatioToBaseline.median.toFixed(3)}× bare`,
      r.variant === "ours" ? "≥ 0.95× bare" : "",
    ]);
  }
}
if (only.has("scrape")) {
  log(`Scrape: 10,000-series histogram family, ${rounds} interleaved rounds × 3 scrapes per variant, one process per variant`);
  const scrape = await benchScrape({ rounds, log });
  results.scrape = scrape;
  for (const r of scrape) {
    summary.push([
      `scrape ${SCRAPE_LABELS[r.variant]}`,
      r.variant === "idle" ? "—" : `${r.totalMs.toFixed(0)} ms total`,
      `stall ${r.worstStallMs.toFixed(1)} ms (max ${r.maxStallMs.toFixed(1)})`,
      `excl. CPU wait ${ms(r.worstStallExclRunQueueMs)} ms (max ${ms(r.maxStallExclRunQueueMs)})`,
      r.variant === "ours" ? "stall ≤ 5 ms" : "",
    ]);
  }
}

results.machine = { atStart: loadAtStart, atEnd: machineLoad() };
log(`\nmachine at start: ${loadAtStart}; at end: ${machineLoad()}`);
log(`\n${formatTable(["benchmark", "median", "ratio to bare (per-round range) / worst stall", "server CPU / stall excl. CPU wait", "goal"], summary)}`);
const out = new URL("results/", import.meta.url);
mkdirSync(out, { recursive: true });
writeFileSync(new URL("latest.json", out), `${JSON.stringify(results, null, 2)}\n`);
log(`\nraw results: bench/results/latest.json (${((Date.now() - started.getTime()) / 1000).toFixed(0)} s)`);
