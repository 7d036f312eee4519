/**
 * `pnpm bench` for @tse/metrics-port: HTTP middleware overhead (wrk), gRPC interceptor overhead, and scrape
 * stalls at 10,000 series. Prints progress, then a summary table with ratios measured in this same run, and
 * writes the raw numbers to bench/results/latest.json.
 *
 * Options (env): BENCH_ROUNDS (default 5), BENCH_SECONDS (default 5), BENCH_ONLY=http,grpc,scrape
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { formatTable } from "@tse/testkit";
import { benchGrpc } from "./grpc.js";
import { benchHttp } from "./http.js";
import { benchScrape } from "./scrape.js";

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const only = new Set((process.env.BENCH_ONLY ?? "http,grpc,scrape").split(","));
const log = (s: string) => console.log(s);

const started = new Date();
const results: Record<string, unknown> = {
  started: started.toISOString(),
  node: process.version,
  cpus: `${cpus().length} × ${cpus()[0]?.model ?? "?"}`,
  rounds,
  seconds,
};
const summary: (string | number)[][] = [];

if (only.has("http")) {
  log(`HTTP: ${rounds} interleaved rounds × 3 variants × ${seconds} s (wrk -t1 -c32)`);
  const http = await benchHttp({ rounds, seconds, log });
  results.http = http;
  for (const r of http) summary.push([`http ${r.variant}`, `${Math.round(r.median)} req/s`, `${r.ratioToBare.toFixed(3)}× bare`, r.variant === "ours" ? "≥ 0.92× bare" : ""]);
}
if (only.has("grpc")) {
  log(`gRPC: ${rounds} interleaved rounds × 2 variants × ${seconds} s (unary, 64 in flight)`);
  const grpc = await benchGrpc({ rounds, seconds, log });
  results.grpc = grpc;
  for (const r of grpc) summary.push([`grpc ${r.variant}`, `${Math.round(r.median)} calls/s`, `${r.ratioToBare.toFixed(3)}× bare`, r.variant === "ours" ? "≥ 0.95× bare" : ""]);
}
if (only.has("scrape")) {
  log(`Scrape: 10,000-series histogram family, ${rounds} rounds`);
  const scrape = await benchScrape({ repeats: rounds, log });
  results.scrape = scrape;
  for (const r of scrape) {
    summary.push([`scrape ${r.variant}`, `${r.totalMs.toFixed(0)} ms total`, `stall ${r.worstStallMs.toFixed(1)} ms (max ${r.maxStallMs.toFixed(1)})`, r.variant === "ours" ? "stall ≤ 5 ms" : ""]);
  }
}

log(`\n${formatTable(["benchmark", "median", "ratio / stall", "goal"], summary)}`);
const out = new URL("results/", import.meta.url);
mkdirSync(out, { recursive: true });
writeFileSync(new URL("latest.json", out), `${JSON.stringify(results, null, 2)}\n`);
log(`\nraw results: bench/results/latest.json (${((Date.now() - started.getTime()) / 1000).toFixed(0)} s)`);
