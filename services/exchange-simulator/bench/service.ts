/**
 * `pnpm bench:service`: order entry through the whole service — REST and gRPC adapters, validation, the
 * engine, metrics and group commit into the event log — with the service as a child process, exactly as it
 * runs in production, in two storage modes:
 *   - embedded: in-memory event log;
 *   - postgres: the instance's own PostgreSQL schema (a unique instance name), dropped at the end.
 *
 *   node --conditions=source --import tsx bench/service.ts
 *
 * Per mode and configuration (BENCH_FRESH=1, the default: every configuration gets a fresh instance — an empty
 * book and an empty event log — because the order mix only adds to the book, and a configuration measured
 * after others would otherwise inherit millions of resting orders and the snapshot cost that comes with them;
 * BENCH_FRESH=0: one instance per mode, configurations in a row): start the service, open and fund the accounts
 * of the order mix (bench/service/order-mix.ts) over REST, then
 *   - HTTP: `wrk -t1 -c64` POSTing /api/v1/orders (bench/service/orders.lua); fails if more than 0.1 % of the
 *     answers are not 201;
 *   - gRPC: bench/service/grpc-load.ts in its own process, per configuration of BENCH_GRPC_RUNS:
 *     `codec:STREAMSxWINDOW` drives SubmitOrders (one order per message), `codec:STREAMSxWINDOW/BATCH`
 *     SubmitOrderBatches (BATCH orders per message; WINDOW orders in flight per stream); fails on error acks,
 *     acks out of request order or ack batches without exactly one ack per order.
 * After every run /metrics is scraped: exchange_orders_total + exchange_orders_rejected_total must grow by
 * exactly the orders the client saw answered (wrk: up to -c more, the requests in flight when wrk stops).
 * PostgreSQL mode then stops each instance (it flushes), reads the schema's event_log (dense: rows = max(seq);
 * OrderAccepted rows = exchange_orders_total; Trade rows = exchange_trades_total), restarts the service on the
 * same schema and checks that it restores every row (snapshot + replay of the rows after it) and counts none of
 * them as traffic.
 *
 * Environment: BENCH_SECONDS (measured seconds per run, default 10), BENCH_MODES (default embedded,postgres),
 * BENCH_GRPC_RUNS (default DEFAULT_GRPC_RUNS below),
 * BENCH_PROTOCOLS (default http,grpc), BENCH_WRK_CONNECTIONS (default 64), POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres),
 * BENCH_LOG_LEVEL (the service's LOG_LEVEL during the load, default warn: at info service-kit writes one log
 * line per HTTP request, which is measured separately), BENCH_CEILING (default 1: first run the same load
 * against echo servers that do no work, bench/service/echo-server.ts — the machine's ceiling),
 * BENCH_CPU_PROF (a directory: the service runs with --cpu-prof there, for finding the bottleneck),
 * BENCH_FRESH (default 1: a fresh instance per configuration, see above; 0: one per mode).
 * Results: the summary tables on stdout, raw results in bench/results/service.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { MAX_ORDER_ENTRY_BATCH } from "@tse/contracts";
import { schemaFor } from "@tse/service-kit";
import { formatTable, uniqueName, waitFor } from "@tse/testkit";
import { openFundedAccounts } from "./service/accounts.js";
import { type CpuSample, processCpuSeconds, sampleCpu } from "./service/cpu-sampler.js";
import { dropSchema, type EventLogStats, eventLogStats } from "./service/event-log-table.js";
import type { GrpcLoadResult } from "./service/grpc-load.js";
import { startEcho } from "./service/echo-process.js";
import { DEFAULT_MIX } from "./service/order-mix.js";
import { counterDelta, type ExchangeCounters, scrapeCounters } from "./service/prometheus-text.js";
import { type ServiceProcess, startService } from "./service/service-process.js";
import { runTagged } from "./service/tagged-output.js";
import { runWrk, type WrkResult } from "./service/wrk-orders.js";

type Mode = "embedded" | "postgres";

/** SubmitOrders (the one-order-per-message baseline), then SubmitOrderBatches with generated and pre-encoded clients. */
const DEFAULT_GRPC_RUNS = "protobufjs:1x1000,raw:4x1000,protobufjs:1x8000/1000,raw:1x8000/1000,raw:2x8000/1000";

/** Against the do-nothing gRPC server: one order per message, and batches. */
const CEILING_GRPC_RUNS = ["protobufjs:1x1000", "raw:1x1000", "raw:1x8000/1000"];

const HTTP_GOAL = 15_000;
const GRPC_GOAL = 100_000;
const MAX_NOT_201 = 0.001;

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const modes = (process.env.BENCH_MODES ?? "embedded,postgres").split(",").map((m) => m.trim()) as Mode[];
const grpcRuns = (process.env.BENCH_GRPC_RUNS ?? DEFAULT_GRPC_RUNS)
  .split(",")
  .filter((spec) => spec.trim() !== "")
  .map(parseGrpcRun);
const protocols = new Set((process.env.BENCH_PROTOCOLS ?? "http,grpc").split(",").map((p) => p.trim()));
const connections = Number(process.env.BENCH_WRK_CONNECTIONS ?? 64);
const postgresUrl = process.env.POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const cpuProfDir = process.env.BENCH_CPU_PROF;
const logLevel = process.env.BENCH_LOG_LEVEL ?? "warn";
const ceiling = process.env.BENCH_CEILING !== "0";
const fresh = process.env.BENCH_FRESH !== "0";
const badProtocol = [...protocols].some((p) => p !== "http" && p !== "grpc");
if (!(seconds > 0) || !(connections >= 1) || modes.some((m) => m !== "embedded" && m !== "postgres") || badProtocol) {
  console.error("BENCH_SECONDS must be > 0, BENCH_WRK_CONNECTIONS ≥ 1, BENCH_MODES a list of embedded, postgres, BENCH_PROTOCOLS of http, grpc");
  process.exit(2);
}

interface GrpcRunConfig {
  codec: "protobufjs" | "raw";
  streams: number;
  /** Orders in flight per stream. */
  window: number;
  /** Orders per SubmitOrderBatches message; 0: SubmitOrders, one per message. */
  batch: number;
}

function parseGrpcRun(spec: string): GrpcRunConfig {
  const m = /^(protobufjs|raw):(\d+)x(\d+)(?:\/(\d+))?$/.exec(spec.trim());
  const batch = Number(m?.[4] ?? 0);
  if (!m || batch > MAX_ORDER_ENTRY_BATCH) {
    console.error(
      `BENCH_GRPC_RUNS: ${JSON.stringify(spec)} is not codec:STREAMSxWINDOW (SubmitOrders, e.g. protobufjs:1x1000) ` +
        `or codec:STREAMSxWINDOW/BATCH (SubmitOrderBatches, BATCH ≤ ${MAX_ORDER_ENTRY_BATCH}, e.g. raw:1x8000/1000)`,
    );
    process.exit(2);
  }
  return { codec: m[1] as GrpcRunConfig["codec"], streams: Number(m[2]), window: Number(m[3]), batch };
}

const grpcRunSpec = (r: GrpcRunConfig) => `${r.codec}:${r.streams}x${r.window}${r.batch > 0 ? `/${r.batch}` : ""}`;
const rpcOf = (r: GrpcRunConfig) => (r.batch > 0 ? "SubmitOrderBatches" : "SubmitOrders");

const GRPC_LOAD = fileURLToPath(new URL("./service/grpc-load.ts", import.meta.url));
const RESULTS = fileURLToPath(new URL("./results/service.json", import.meta.url));
const log = (s: string) => process.stderr.write(`${s}\n`);

/** What a run loads: the service (with /metrics to cross-check) or an echo server (the machine's ceiling). */
interface Target {
  readonly label: Mode | "ceiling";
  readonly pid: number;
  readonly httpUrl: string;
  readonly grpcAddress: string;
  /** The service's base URL for /metrics; undefined for echo servers. */
  readonly metricsUrl: string | undefined;
}

interface RunResult {
  mode: Target["label"];
  protocol: "http" | "grpc";
  /** What the client called: POST /orders, SubmitOrders or SubmitOrderBatches. */
  rpc: string;
  config: string;
  ordersPerSecond: number;
  /** Orders the client saw answered (wrk: completed requests; gRPC: acks). */
  clientAnswered: number;
  /** Growth of exchange_orders_total + exchange_orders_rejected_total over the run (NaN for echo servers). */
  metricsOrders: number;
  metrics: ExchangeCounters | undefined;
  latency: string;
  problems: string[];
  /** Server CPU (all threads) per order answered, in µs: load-independent, unlike orders/s on a shared machine. */
  serverCpuUsPerOrder: number;
  /** gRPC load client's CPU cores during the measured interval (wrk: not measured). */
  clientCores: number | undefined;
  cpu: CpuSample;
  raw: WrkResult | GrpcLoadResult;
}

const NO_COUNTERS: ExchangeCounters = { ordersAccepted: Number.NaN, ordersRejected: Number.NaN, trades: Number.NaN, cpuSeconds: Number.NaN };

interface PersistenceResult {
  mode: Mode;
  /** The configurations the instance ran. */
  configs: string;
  schema: string;
  eventLog: EventLogStats;
  setupEvents: number;
  final: ExchangeCounters;
  /** Seq of the snapshot the restart loaded (0: none) and the events it replayed after it. */
  restoredSnapshotSeq: number;
  restoredEvents: number;
  restoreMs: number;
  restoredOrdersAccepted: number;
  problems: string[];
}

/** Scrapes until two scrapes agree: requests still in flight when the client stopped have finished. */
async function settledCounters(target: Target): Promise<ExchangeCounters> {
  const url = target.metricsUrl;
  if (url === undefined) return NO_COUNTERS;
  let last = await scrapeCounters(url);
  return waitFor(
    async () => {
      const now = await scrapeCounters(url);
      const same = now.ordersAccepted === last.ordersAccepted && now.ordersRejected === last.ordersRejected;
      last = now;
      return same && now;
    },
    { timeoutMs: 30_000, intervalMs: 200, what: "exchange_orders_total to stop growing" },
  );
}

const problemsSuffix = (problems: string[]) => (problems.length ? `; PROBLEMS: ${problems.join("; ")}` : "");

async function httpRun(target: Target): Promise<RunResult> {
  const mode = target.label;
  log(`[${mode}] HTTP: wrk -t1 -c${connections} -d${seconds}s POST /api/v1/orders`);
  const before = await settledCounters(target);
  const cpu0 = processCpuSeconds(target.pid);
  const cpu = sampleCpu();
  const wrk = await runWrk({ httpUrl: target.httpUrl, mix: DEFAULT_MIX, seconds, connections, threads: 1 });
  const cpuSample = cpu();
  const after = await settledCounters(target);
  const serverCpu = processCpuSeconds(target.pid) - cpu0;
  const delta = counterDelta(after, before);
  const wall = wrk.durationUs / 1e6;
  const metricsOrders = delta.ordersAccepted + delta.ordersRejected;
  const problems: string[] = [];
  const socketErrors = Object.values(wrk.socketErrors).reduce((a, b) => a + b, 0);
  if (wrk.requests === 0) problems.push("no request completed");
  if (wrk.not201 > MAX_NOT_201 * wrk.requests) problems.push(`${wrk.not201} answers were not 201 (> ${MAX_NOT_201 * 100} %)`);
  if (socketErrors > 0) problems.push(`socket errors ${JSON.stringify(wrk.socketErrors)}`);
  if (wrk.answered !== wrk.requests) problems.push(`wrk counted ${wrk.requests} requests but the script saw ${wrk.answered} answers`);
  // wrk stops with up to -c requests in flight: the service executes them, wrk does not count them.
  const unseen = metricsOrders - (wrk.requests - wrk.not201);
  if (target.metricsUrl !== undefined && !(unseen >= 0 && unseen <= connections)) {
    problems.push(`metrics counted ${metricsOrders} orders, wrk ${wrk.requests - wrk.not201} answered 201`);
  }
  const result: RunResult = {
    mode,
    protocol: "http",
    rpc: "POST /orders",
    config: `wrk -t1 -c${connections}`,
    ordersPerSecond: wrk.requests / wall,
    clientAnswered: wrk.requests,
    metricsOrders,
    metrics: target.metricsUrl === undefined ? undefined : delta,
    latency: `${(wrk.latencyUs.p50 / 1000).toFixed(1)} / ${(wrk.latencyUs.p99 / 1000).toFixed(1)} ms`,
    problems,
    serverCpuUsPerOrder: (serverCpu / Math.max(wrk.requests, metricsOrders || 0)) * 1e6,
    clientCores: undefined,
    cpu: cpuSample,
    raw: wrk,
  };
  log(
    `[${mode}] HTTP: ${n(result.ordersPerSecond)} orders/s, ${wrk.not201} not 201, ${wrk.rejected} REJECTED, latency p50/p99 ${result.latency}; ` +
      `server ${result.serverCpuUsPerOrder.toFixed(0)} µs CPU/order, machine ${cpuSample.machineCores.toFixed(2)} cores busy${problemsSuffix(problems)}`,
  );
  return result;
}

async function grpcRun(target: Target, run: GrpcRunConfig, offset: number): Promise<RunResult> {
  const mode = target.label;
  const config = `${run.codec} ${run.streams}×${run.window}${run.batch > 0 ? ` in batches of ${run.batch}` : ""}`;
  log(`[${mode}] gRPC ${rpcOf(run)}: ${config} (codec, streams × orders in flight), ${seconds}s`);
  const before = await settledCounters(target);
  const cpu0 = processCpuSeconds(target.pid);
  const cpu = sampleCpu();
  const args = ["--conditions=source", "--import", "tsx", GRPC_LOAD, "--target", target.grpcAddress, "--seconds", String(seconds)];
  args.push("--window", String(run.window), "--streams", String(run.streams), "--codec", run.codec, "--offset", String(offset));
  args.push("--batch", String(run.batch));
  const g = await runTagged<GrpcLoadResult>(process.execPath, args, "GRPC_RESULT");
  const cpuSample = cpu();
  const after = await settledCounters(target);
  const serverCpu = processCpuSeconds(target.pid) - cpu0;
  const delta = counterDelta(after, before);
  const metricsOrders = delta.ordersAccepted + delta.ordersRejected;
  const problems: string[] = [];
  if (g.measuredAcks === 0) problems.push("no ack in the measured interval");
  if (g.errorAcks > 0) problems.push(`${g.errorAcks} acks with error_code ${JSON.stringify(g.errorCodes)}`);
  if (g.outOfOrderAcks > 0) problems.push(`${g.outOfOrderAcks} acks out of request order`);
  if (g.wrongSizeAckBatches > 0) problems.push(`${g.wrongSizeAckBatches} ack batches without exactly one ack per order`);
  if (g.acked !== g.sent) problems.push(`sent ${g.sent}, acked ${g.acked}`);
  if (target.metricsUrl !== undefined && metricsOrders !== g.acked - g.errorAcks) {
    problems.push(`metrics counted ${metricsOrders} orders, the client ${g.acked - g.errorAcks} acked orders`);
  }
  const result: RunResult = {
    mode,
    protocol: "grpc",
    rpc: rpcOf(run),
    config,
    ordersPerSecond: g.acksPerSecond,
    clientAnswered: g.acked,
    metricsOrders,
    metrics: target.metricsUrl === undefined ? undefined : delta,
    latency: `${g.latencyMs.p50.toFixed(1)} / ${g.latencyMs.p99.toFixed(1)} ms`,
    problems,
    serverCpuUsPerOrder: (serverCpu / g.acked) * 1e6,
    clientCores: g.clientCpu,
    cpu: cpuSample,
    raw: g,
  };
  log(
    `[${mode}] gRPC ${rpcOf(run)} ${config}: ${n(g.acksPerSecond)} acked orders/s, ${g.errorAcks} error acks, ${g.rejectedOrders} REJECTED, ` +
      `latency p50/p99 ${result.latency}; server ${result.serverCpuUsPerOrder.toFixed(0)} µs CPU/order, client ${g.clientCpu.toFixed(2)} cores ` +
      `(event loop ${(g.clientElu * 100).toFixed(0)} %), machine ${cpuSample.machineCores.toFixed(2)} cores busy${problemsSuffix(problems)}`,
  );
  return result;
}

/** PostgreSQL mode: stop (flush), read the event log, restart on the same schema and compare. */
async function checkPersistence(
  mode: Mode,
  svc: ServiceProcess,
  start: (logLevel: string) => Promise<ServiceProcess>,
  schema: string,
  setupEvents: number,
): Promise<Omit<PersistenceResult, "configs">> {
  const final = await settledCounters(targetOf(mode, svc));
  const code = await svc.stop();
  const problems: string[] = code === 0 ? [] : [`the service exited with ${code} on SIGTERM`];
  const eventLog = await eventLogStats(postgresUrl, schema);
  const count = (type: string) => eventLog.byType[type] ?? 0;
  if (eventLog.rows !== eventLog.maxSeq) problems.push(`event_log has ${eventLog.rows} rows but max(seq) ${eventLog.maxSeq}: not dense`);
  if (count("OrderAccepted") !== final.ordersAccepted) problems.push(`${count("OrderAccepted")} OrderAccepted rows, exchange_orders_total ${final.ordersAccepted}`);
  if (count("Trade") !== final.trades) problems.push(`${count("Trade")} Trade rows, exchange_trades_total ${final.trades}`);
  if (count("AccountOpened") + count("Deposited") !== setupEvents) problems.push(`setup wrote ${setupEvents} events, the log has ${count("AccountOpened") + count("Deposited")}`);
  log(`[${mode}] event_log: ${eventLog.rows.toLocaleString("en-US")} rows ${JSON.stringify(eventLog.byType)}; restarting on the same schema to replay it`);
  const again = await start("info"); // the replay count is in an info line
  let restoredOrdersAccepted = Number.NaN;
  try {
    restoredOrdersAccepted = (await scrapeCounters(again.httpUrl)).ordersAccepted;
  } finally {
    await again.stop();
  }
  // Restart = the latest snapshot + replay of the rows after it (src/application/restore.ts): together, every row.
  if (again.snapshotSeq + again.restoredEvents !== eventLog.rows) {
    problems.push(`the restart loaded a snapshot at seq ${again.snapshotSeq} and replayed ${again.restoredEvents} events; the table has ${eventLog.rows}`);
  }
  // Replay is history, not traffic: a restarted process's counters start from 0 (src/application/replay-metrics.ts).
  if (restoredOrdersAccepted !== 0) problems.push(`after the restart exchange_orders_total is ${restoredOrdersAccepted}; replay must not count as traffic`);
  log(
    `[${mode}] restart loaded the snapshot at seq ${again.snapshotSeq.toLocaleString("en-US")} and replayed ${again.restoredEvents.toLocaleString("en-US")} events in ${again.restoreMs} ms` +
      (problems.length ? problemsSuffix(problems) : "; log, metrics and replay agree"),
  );
  return {
    mode,
    schema,
    eventLog,
    setupEvents,
    final,
    restoredSnapshotSeq: again.snapshotSeq,
    restoredEvents: again.restoredEvents,
    restoreMs: again.restoreMs,
    restoredOrdersAccepted,
    problems,
  };
}

const targetOf = (mode: Mode, svc: ServiceProcess): Target => ({
  label: mode,
  pid: svc.pid,
  httpUrl: svc.httpUrl,
  grpcAddress: svc.grpcAddress,
  metricsUrl: svc.httpUrl,
});

/** The same load against servers that do nothing (echo-server.ts): what this machine allows at best. */
async function benchCeiling(): Promise<RunResult[]> {
  const runs: RunResult[] = [];
  if (protocols.has("http")) {
    const echo = await startEcho("http");
    try {
      runs.push(await httpRun({ label: "ceiling", pid: echo.pid, httpUrl: echo.address, grpcAddress: "", metricsUrl: undefined }));
    } finally {
      await echo.stop();
    }
  }
  if (protocols.has("grpc")) {
    const echo = await startEcho("grpc");
    try {
      const target: Target = { label: "ceiling", pid: echo.pid, httpUrl: "", grpcAddress: echo.address, metricsUrl: undefined };
      for (const run of CEILING_GRPC_RUNS) runs.push(await grpcRun(target, parseGrpcRun(run), 0));
    } finally {
      await echo.stop();
    }
  }
  return runs;
}

/** One load configuration against a running instance; `offset` numbers its orders after the instance's earlier ones. */
type Job = { readonly label: string; readonly run: (target: Target, offset: number) => Promise<RunResult> };

function jobsOf(): Job[] {
  const jobs: Job[] = protocols.has("http") ? [{ label: `HTTP wrk -c${connections}`, run: (t) => httpRun(t) }] : [];
  for (const run of protocols.has("grpc") ? grpcRuns : []) {
    jobs.push({ label: `gRPC ${grpcRunSpec(run)}`, run: (t, offset) => grpcRun(t, run, offset) });
  }
  return jobs;
}

async function benchMode(mode: Mode): Promise<{ runs: RunResult[]; persistence: PersistenceResult[] }> {
  const jobs = jobsOf();
  const groups = fresh ? jobs.map((j) => [j]) : [jobs];
  const runs: RunResult[] = [];
  const persistence: PersistenceResult[] = [];
  for (const group of groups) {
    const r = await benchInstance(mode, group);
    runs.push(...r.runs);
    if (r.persistence) persistence.push(r.persistence);
  }
  return { runs, persistence };
}

/** Runs `jobs` one after the other on one new instance of the service (and checks its event log in PG mode). */
async function benchInstance(mode: Mode, jobs: readonly Job[]): Promise<{ runs: RunResult[]; persistence?: PersistenceResult }> {
  const instance = uniqueName(`bench-${mode}-`);
  const schema = schemaFor(instance);
  const journalDir = mkdtempSync(join(tmpdir(), `${instance}-journal-`));
  const env: Record<string, string> = { STORAGE_JOURNAL_DIR: journalDir, ...(mode === "postgres" ? { POSTGRES_URL: postgresUrl } : {}) };
  if (cpuProfDir) mkdirSync(cpuProfDir, { recursive: true });
  const nodeFlags = cpuProfDir ? ["--cpu-prof", `--cpu-prof-dir=${cpuProfDir}`] : [];
  const start = (level = logLevel) => startService({ instance, env, nodeFlags, logLevel: level });
  log(`[${mode}] starting instance ${instance}${mode === "postgres" ? ` (schema ${schema})` : ""} for ${jobs.map((j) => j.label).join(", ")}`);
  let svc: ServiceProcess | undefined;
  try {
    svc = await start();
    const setupEvents = await openFundedAccounts(svc.httpUrl, DEFAULT_MIX);
    const target = targetOf(mode, svc);
    const runs: RunResult[] = [];
    let offset = 0;
    for (const job of jobs) {
      const r = await job.run(target, offset);
      offset += r.clientAnswered;
      runs.push(r);
    }
    if (mode !== "postgres") return { runs };
    const persistence = await checkPersistence(mode, svc, start, schema, setupEvents);
    return { runs, persistence: { ...persistence, configs: jobs.map((j) => j.label).join(", ") } };
  } finally {
    await svc?.stop();
    if (mode === "postgres") await dropSchema(postgresUrl, schema).then(() => log(`[${mode}] dropped schema ${schema}`));
    rmSync(journalDir, { recursive: true, force: true });
  }
}

// ── main ───────────────────────────────────────────────────────────────────────────────────────────────────
const n = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString("en-US") : "—");
const startedAt = new Date();
log(
  `service benchmark: ${seconds}s per run, ${ceiling ? "ceiling, " : ""}modes ${modes.join(", ")}, service LOG_LEVEL ${logLevel}, ` +
    `node ${process.version}, ${cpus().length} cores, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")} (a shared machine: other work competes for the cores)`,
);
const runs: RunResult[] = ceiling ? await benchCeiling() : [];
const persistence: PersistenceResult[] = [];
for (const mode of modes) {
  const r = await benchMode(mode);
  runs.push(...r.runs);
  persistence.push(...r.persistence);
}

const summary = formatTable(
  ["target", "protocol", "client", "orders/s", "goal", "p50 / p99", "answered / metrics", "server µs CPU/order", "cores: client, PG, machine", "checks"],
  runs.map((r) => [
    r.mode === "ceiling" ? "ceiling (echo)" : r.mode,
    `${r.protocol === "http" ? "HTTP" : "gRPC"} ${r.rpc}`,
    r.config,
    n(r.ordersPerSecond),
    r.mode === "ceiling" ? "" : r.protocol === "http" ? `≥ ${n(HTTP_GOAL)}` : r.rpc === "SubmitOrderBatches" ? `≥ ${n(GRPC_GOAL)}` : "(baseline)",
    r.latency,
    `${n(r.clientAnswered)} / ${n(r.metricsOrders)}`,
    r.serverCpuUsPerOrder.toFixed(0),
    [r.clientCores, r.cpu.postgresCores, r.cpu.machineCores].map((c) => (c === undefined ? "—" : c.toFixed(2))).join(", "),
    r.problems.length === 0 ? "ok" : "FAILED",
  ]),
);
const persistenceTable = formatTable(
  ["mode", "instance ran", "event_log rows", "max(seq)", "OrderAccepted / exchange_orders_total", "Trade / exchange_trades_total", "restart: snapshot + replayed", "checks"],
  persistence.map((p) => [
    p.mode,
    p.configs,
    n(p.eventLog.rows),
    n(p.eventLog.maxSeq),
    `${n(p.eventLog.byType.OrderAccepted ?? 0)} / ${n(p.final.ordersAccepted)}`,
    `${n(p.eventLog.byType.Trade ?? 0)} / ${n(p.final.trades)}`,
    `snapshot @ ${n(p.restoredSnapshotSeq)} + ${n(p.restoredEvents)} in ${n(p.restoreMs)} ms`,
    p.problems.length === 0 ? "ok" : "FAILED",
  ]),
);
const problems = [
  ...runs.flatMap((r) => r.problems.map((p) => `${r.mode} ${r.protocol} ${r.config}: ${p}`)),
  ...persistence.flatMap((p) => p.problems.map((q) => `${p.mode} persistence: ${q}`)),
];
const results = {
  started: startedAt.toISOString(),
  command:
    `BENCH_SECONDS=${seconds} BENCH_MODES=${modes.join(",")} BENCH_PROTOCOLS=${[...protocols].join(",")} ` +
    `BENCH_GRPC_RUNS=${grpcRuns.map(grpcRunSpec).join(",")} BENCH_LOG_LEVEL=${logLevel} ` +
    `BENCH_CEILING=${ceiling ? 1 : 0} BENCH_FRESH=${fresh ? 1 : 0} node --conditions=source --import tsx bench/service.ts`,
  node: process.version,
  cpus: `${cpus().length} × ${cpus()[0]?.model ?? "?"}`,
  loadAverageAtStart: loadavg(),
  serviceLogLevel: logLevel,
  mix: DEFAULT_MIX,
  goals: { httpOrdersPerSecond: HTTP_GOAL, grpcOrdersPerSecond: GRPC_GOAL, maxNot201: MAX_NOT_201 },
  runs,
  persistence,
  problems,
};
mkdirSync(fileURLToPath(new URL("./results", import.meta.url)), { recursive: true });
writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\n${summary}\n`);
if (persistence.length > 0) console.log(`${persistenceTable}\n`);
console.log(
  "server µs CPU/order: the server process's CPU (all threads) over the run / orders answered (load-independent; 1e6 / it ≈ orders/s per core).\n" +
    "cores: client = the gRPC load process (wrk: not measured); PG = every postgres process; machine = all cores busy, other users included.",
);
log(`raw results: ${RESULTS}`);
if (problems.length > 0) {
  console.error(`\nFAILED checks:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
