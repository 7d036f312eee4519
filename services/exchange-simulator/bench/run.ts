/**
 * `pnpm bench` for the exchange simulator's matching engine: our engine against nodejs-order-book (the
 * peer) on the identical deterministic deep-book workload (bench/workload.ts), each run in a fresh
 * `node --expose-gc` child process (bench/engine.ts), engines interleaved so that load on a shared machine
 * hits both alike.
 *
 *   node --conditions=source --import tsx bench/run.ts [--out results.json]
 *
 * Environment: BENCH_OPS (timed ops, default 1,000,000), BENCH_RUNS (throughput runs per engine, default 3),
 * BENCH_NODE_FLAGS (extra node flags for the workers, e.g. "--max-semi-space-size=32"),
 * BENCH_LATENCY_SAMPLING (our engine's latencySampling; default: the engine's default, as the service runs it;
 * 1 = time every operation),
 * BENCH_JOURNAL (default 1: a journal listener is attached to our engine, as the service always does;
 * 0: none, so the engine skips building the events nobody receives).
 *
 * Correctness gate: both engines must end with exactly the book the workload's shadow model predicts
 * (price levels and quantities per side) and must not reject or miss any op; otherwise the mismatch is
 * printed and the process exits 1. The summary table and the JSON results go to stdout (and to --out).
 */
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import { formatTable, median } from "@tse/testkit";
import { defaultWorkloadOptions, type EngineName, JOURNAL, LATENCY_SAMPLING, type Levels, type Mode, type WorkerResult } from "./engine.js";
import { generateWorkload } from "./workload.js";

const ops = Number(process.env.BENCH_OPS ?? 1_000_000);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const nodeFlags = (process.env.BENCH_NODE_FLAGS ?? "").split(" ").filter(Boolean);
const outIndex = process.argv.indexOf("--out");
const outPath = outIndex > 0 ? process.argv[outIndex + 1] : undefined;
if (!(Number.isInteger(ops) && ops > 0) || !(Number.isInteger(runs) && runs > 0)) {
  console.error("BENCH_OPS and BENCH_RUNS must be positive integers");
  process.exit(2);
}
const worker = fileURLToPath(new URL("./engine.ts", import.meta.url));
const log = (s: string) => process.stderr.write(`${s}\n`);

function runWorker(engine: EngineName, mode: Mode): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    const args = ["--expose-gc", ...nodeFlags, "--conditions=source", "--import", "tsx", worker, "--engine", engine, "--mode", mode, "--ops", String(ops)];
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"], env: process.env });
    let stdout = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => process.stderr.write(d));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`${engine} ${mode} worker exited with ${code}`));
      try {
        resolve(JSON.parse(stdout.trim().split("\n").pop()!) as WorkerResult);
      } catch (err) {
        reject(new Error(`${engine} ${mode} worker printed no result: ${String(err)}`));
      }
    });
  });
}

function compareBooks(name: string, got: Levels | undefined, want: Levels): string[] {
  if (got === undefined) return [`${name}: no final book`];
  const problems: string[] = [];
  for (const side of ["bids", "asks"] as const) {
    const a = got[side];
    const b = want[side];
    if (a.length !== b.length) problems.push(`${name} ${side}: ${a.length} levels, expected ${b.length}`);
    for (let i = 0; i < Math.max(a.length, b.length) && problems.length < 10; i++) {
      const x = a[i];
      const y = b[i];
      if (x?.[0] !== y?.[0] || x?.[1] !== y?.[1]) problems.push(`${name} ${side}[${i}]: ${JSON.stringify(x)} ≠ expected ${JSON.stringify(y)}`);
    }
  }
  return problems;
}

const started = Date.now();
log(`engine benchmark: ${ops.toLocaleString("en-US")} timed ops, ${runs} throughput run(s) per engine, node ${process.version}`);
const setup = `journal listener ${JOURNAL ? "attached" : "none"}, latencySampling ${LATENCY_SAMPLING}`;
log(`ours: ${setup}`);
const expectedWorkload = generateWorkload(defaultWorkloadOptions(ops));
const expected = expectedWorkload.expected;
log(
  `workload ${expectedWorkload.hash}: ends with ${expectedWorkload.expectedResting.toLocaleString("en-US")} resting orders over ` +
    `${expected.bids.length + expected.asks.length} price levels`,
);

const throughput: Record<EngineName, WorkerResult[]> = { ours: [], peer: [] };
for (let r = 1; r <= runs; r++) {
  for (const engine of ["ours", "peer"] as const) {
    log(`[run ${r}/${runs}] ${engine} throughput`);
    throughput[engine].push(await runWorker(engine, "throughput"));
  }
}
log("ours latency (per-op timers)");
const latency = await runWorker("ours", "latency");
log("memory");
const memory = { ours: await runWorker("ours", "memory"), peer: await runWorker("peer", "memory") };

// ── correctness gate ─────────────────────────────────────────────────────────────────────────────────────
const problems: string[] = [];
for (const r of [...throughput.ours, ...throughput.peer, latency]) {
  if (r.workloadHash !== expectedWorkload.hash) problems.push(`${r.engine} ${r.mode}: workload ${r.workloadHash} ≠ ${expectedWorkload.hash}`);
  if (r.unexpected > 0) problems.push(`${r.engine} ${r.mode}: ${r.unexpected} unexpected outcomes, e.g. ${r.unexpectedSamples.join("; ")}`);
  problems.push(...compareBooks(`${r.engine} ${r.mode}`, r.finalBook, expected));
}
for (const r of [memory.ours, memory.peer]) if (r.unexpected > 0) problems.push(`${r.engine} memory: ${r.unexpectedSamples.join("; ")}`);

// ── summary ──────────────────────────────────────────────────────────────────────────────────────────────
const rates = (e: EngineName) => throughput[e].map((r) => r.opsPerSecond!);
const ours = median(rates("ours"));
const peer = median(rates("peer"));
const range = (xs: number[]) => `${Math.round(Math.min(...xs)).toLocaleString("en-US")}..${Math.round(Math.max(...xs)).toLocaleString("en-US")}`;
const pct = (rs: WorkerResult[]) => `${(median(rs.map((r) => (r.gcMs ?? 0) / 10 / r.seconds!))).toFixed(1)} %`;
const us = (ns: number) => `${(ns / 1000).toFixed(2)} µs`;
const l = latency.latency!;
const rows: (string | number)[][] = [
  ["throughput, ours (ops/s, median)", Math.round(ours), range(rates("ours")), "≥ 40× peer"],
  ["  ours configured with", setup, "", ""],
  ["throughput, nodejs-order-book", Math.round(peer), range(rates("peer")), ""],
  ["ratio ours / peer", `${(ours / peer).toFixed(1)}×`, "", "≥ 40×"],
  ["throughput, ours (ops per CPU-second)", Math.round(median(throughput.ours.map((r) => r.opsPerCpuSecond!))), "less sensitive to other load", ""],
  ["time in GC, ours / peer", `${pct(throughput.ours)} / ${pct(throughput.peer)}`, "of the timed run", ""],
  ["latency p50 / p90 (ours)", `${us(l.p50)} / ${us(l.p90)}`, "", ""],
  ["latency p99 / p99.9 (ours)", `${us(l.p99)} / ${us(l.p999)}`, `max ${us(l.max)}`, "p99 ≤ 5 µs"],
  ...Object.entries(latency.latencyByType ?? {}).map(([name, t]) => [
    `  ${name}: mean / p50 / p99`,
    `${us(t.mean)} / ${us(t.p50)} / ${us(t.p99)}`,
    `${(t.count / 1000).toFixed(0)}k ops, ${(t.share * 100).toFixed(0)} % of the time`,
    "",
  ]),
  ["bytes per resting order, ours", Math.round(memory.ours.bytesPerRestingOrder!), "200k-order book, heap + ArrayBuffers", "≤ 150"],
  ["bytes per resting order, peer", Math.round(memory.peer.bytesPerRestingOrder!), "200k-order book, heap + ArrayBuffers", ""],
];
const summary = formatTable(["measure", "value", "spread / note", "goal"], rows);

const results = {
  started: new Date(started).toISOString(),
  command: `BENCH_OPS=${ops} BENCH_RUNS=${runs} BENCH_JOURNAL=${JOURNAL ? 1 : 0} BENCH_LATENCY_SAMPLING=${LATENCY_SAMPLING}${nodeFlags.length ? ` BENCH_NODE_FLAGS="${nodeFlags.join(" ")}"` : ""} node --conditions=source --import tsx bench/run.ts`,
  oursSetup: { journalListener: JOURNAL, latencySampling: LATENCY_SAMPLING },
  node: process.version,
  cpus: `${cpus().length} × ${cpus()[0]?.model ?? "?"}`,
  workload: { ...defaultWorkloadOptions(ops), hash: expectedWorkload.hash, finalRestingOrders: expectedWorkload.expectedResting, finalLevels: expected.bids.length + expected.asks.length },
  latencyMethod:
    "every timed op bracketed by performance.now() in a separate run; the median cost of back-to-back performance.now() calls is subtracted",
  throughput: { ours: rates("ours"), peer: rates("peer"), oursMedian: ours, peerMedian: peer, ratio: ours / peer },
  oursPerCpuSecond: throughput.ours.map((r) => r.opsPerCpuSecond),
  oursGcMs: throughput.ours.map((r) => r.gcMs),
  peerGcMs: throughput.peer.map((r) => r.gcMs),
  peerPerCpuSecond: throughput.peer.map((r) => r.opsPerCpuSecond),
  latencyNs: l,
  latencyByTypeNs: latency.latencyByType,
  bytesPerRestingOrder: { ours: memory.ours.bytesPerRestingOrder, peer: memory.peer.bytesPerRestingOrder },
  journalEventsPerRun: throughput.ours[0]?.journalEvents,
  correct: problems.length === 0,
  problems,
  seconds: (Date.now() - started) / 1000,
};
const json = JSON.stringify(results, null, 2);
console.log(`\n${summary}\n`);
console.log(json);
if (outPath) writeFileSync(outPath, `${json}\n`);
if (problems.length > 0) {
  console.error(`\nMISMATCH — the engines' final books or outcomes differ from the workload's prediction:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
log(`all books identical to the workload's prediction; ${results.seconds.toFixed(0)} s`);
