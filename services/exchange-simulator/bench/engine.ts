/**
 * Engine benchmark worker: feeds one generated workload to one engine in one mode and prints a JSON result
 * on stdout (progress goes to stderr). bench/run.ts starts one fresh `node --expose-gc` process per
 * (engine × mode), so JIT state and garbage of one run never leak into another.
 *
 *   node --conditions=source --import tsx --expose-gc bench/engine.ts --engine ours|peer --mode throughput|latency|memory
 *
 * Modes
 *   throughput  the timed ops in chunks of 100k with no per-op timers; ops/s = ops / Σ chunk time
 *   latency     every timed op bracketed by performance.now(); the median back-to-back timer cost is subtracted
 *   memory      a fresh book of 200,000 resting orders over 400 levels; (heap + ArrayBuffer) delta after forced GC / orders
 *
 * BENCH_CPU_PROFILE=file.cpuprofile: record a V8 CPU profile of the timed ops only (throughput mode; the
 * workload generation and warm-up that `node --cpu-prof` would also catch are left out). Open it in Chrome
 * DevTools or summarise self time per function.
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { createRequire } from "node:module";
import { PerformanceObserver } from "node:perf_hooks";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_LATENCY_SAMPLING, MatchingEngine } from "../src/domain/engine.js";
import { generateWorkload, type Workload, type WorkloadOptions } from "./workload.js";
import * as workloadModule from "./workload.js";

// Local copies: V8 re-reads an imported binding through its module cell at every use, which `step` (the
// per-op dispatch both engines go through) would pay for on every operation.
const { OP_CANCEL, OP_LIMIT } = workloadModule;

export type EngineName = "ours" | "peer";
export type Mode = "throughput" | "latency" | "memory";
/** Kinds of operation the latency mode reports separately. */
export const OP_TYPES = ["passive limit", "marketable limit", "cancel", "market"] as const;
export type OpType = (typeof OP_TYPES)[number];

export interface Levels {
  readonly bids: Array<[number, number]>;
  readonly asks: Array<[number, number]>;
}

export interface WorkerResult {
  readonly engine: EngineName;
  readonly mode: Mode;
  readonly workloadHash: string;
  readonly ops: number;
  readonly seconds?: number;
  readonly opsPerSecond?: number;
  /** ops / (user + system CPU seconds of this process): less sensitive to other load on a shared machine. */
  readonly opsPerCpuSecond?: number;
  /** Nanoseconds. */
  readonly latency?: { readonly p50: number; readonly p90: number; readonly p99: number; readonly p999: number; readonly max: number; readonly timerOverhead: number };
  /** Latency mode: the same samples by kind of operation (nanoseconds; share = of the summed time). */
  readonly latencyByType?: Record<OpType, { readonly count: number; readonly mean: number; readonly p50: number; readonly p99: number; readonly share: number }>;
  readonly bytesPerRestingOrder?: number;
  readonly restingOrders?: number;
  readonly heapAfterRunBytes?: number;
  readonly finalBook?: Levels;
  /** Ops whose outcome the workload did not predict (a rejected limit, a cancel that missed, …). */
  readonly unexpected: number;
  readonly unexpectedSamples: string[];
  readonly journalEvents?: number;
  /** Milliseconds spent in garbage collection during the timed ops (PerformanceObserver "gc" entries). */
  readonly gcMs?: number;
}

const SYMBOL = "BTC-USD";
const ACCOUNTS = 16;
const CHUNK = 100_000;
/**
 * The engine's latencySampling for the run: BENCH_LATENCY_SAMPLING (1 = time every operation), by default the
 * engine's own default — what the service runs with.
 */
export const LATENCY_SAMPLING = Number(process.env.BENCH_LATENCY_SAMPLING ?? DEFAULT_LATENCY_SAMPLING);
/** Whether a journal listener is attached to our engine (BENCH_JOURNAL=0: none; default: one, like the service). */
export const JOURNAL = process.env.BENCH_JOURNAL !== "0";

/** The operations a benchmark drives, whichever engine is behind them. */
interface Driver {
  limit(genId: number, side: number, price: number, size: number): boolean;
  cancel(genId: number): boolean;
  market(i: number, side: number, size: number): boolean;
  book(): Levels;
  resting(): number;
  lastError: string;
}

// ── our engine ──────────────────────────────────────────────────────────────────────────────────────────

function oursDriver(w: Workload | undefined, counters: { journal: number }): Driver & { engine: MatchingEngine } {
  // Same semantics as the peer: no self-trade prevention, balances large enough never to bind.
  const engine = new MatchingEngine({ selfTradePrevention: "NONE", latencySampling: LATENCY_SAMPLING });
  // The service always subscribes to the journal, so that is the default; BENCH_JOURNAL=0 measures without.
  if (JOURNAL) {
    engine.subscribeJournal(() => {
      counters.journal++;
    });
  }
  const accounts: string[] = [];
  for (let a = 0; a < ACCOUNTS; a++) {
    const id = `acct-${a}`;
    accounts.push(id);
    engine.openAccount(id);
    engine.deposit(id, "USD", 100_000_000_000_000); // 100M USD at 6 decimals
    engine.deposit(id, "BTC", 1_000_000_000_000); // 10,000 BTC at 8 decimals
  }
  const ids = new Float64Array((w?.length ?? 400_001) + 1);
  const sides = ["buy", "sell"] as const;
  const d = {
    engine,
    lastError: "",
    limit(genId: number, side: number, price: number, size: number): boolean {
      const r = engine.placeOrder({ accountId: accounts[genId % ACCOUNTS]!, symbol: SYMBOL, side: sides[side]!, type: "limit", price, quantity: size });
      if (!r.ok) {
        d.lastError = `limit ${genId}: ${r.reason} ${r.message}`;
        return false;
      }
      ids[genId] = r.order.id;
      return true;
    },
    cancel(genId: number): boolean {
      const r = engine.cancelOrder(accounts[genId % ACCOUNTS]!, ids[genId]!);
      if (!r.ok) d.lastError = `cancel ${genId}: ${r.reason} ${r.message}`;
      return r.ok;
    },
    market(i: number, side: number, size: number): boolean {
      const r = engine.placeOrder({ accountId: accounts[i % ACCOUNTS]!, symbol: SYMBOL, side: sides[side]!, type: "market", quantity: size });
      if (!r.ok) d.lastError = `market op ${i}: ${r.reason} ${r.message}`;
      return r.ok;
    },
    book(): Levels {
      const s = engine.bookSnapshot(SYMBOL)!;
      return { bids: s.bids.map((l) => [l.price, l.quantity]), asks: s.asks.map((l) => [l.price, l.quantity]) };
    },
    resting(): number {
      const s = engine.bookSnapshot(SYMBOL)!;
      return [...s.bids, ...s.asks].reduce((n, l) => n + l.orders, 0);
    },
  };
  return d;
}

// ── the peer: nodejs-order-book ─────────────────────────────────────────────────────────────────────────

/** The part of nodejs-order-book's API this benchmark uses (its published type path is broken, see report). */
interface PeerOrderBook {
  limit(o: { id: string; side: "buy" | "sell"; size: number; price: number }): { err: unknown };
  market(o: { side: "buy" | "sell"; size: number }): { err: unknown };
  cancel(id: string): unknown;
  depth(): [Array<[number, number]>, Array<[number, number]>];
}

function peerDriver(w: Workload | undefined): Driver {
  const require = createRequire(import.meta.url);
  const { OrderBook } = require("nodejs-order-book") as { OrderBook: new () => PeerOrderBook };
  const ob = new OrderBook();
  // Ids are prepared outside the timed loop, as numbers are for our engine.
  const n = w?.length ?? 400_001;
  const idStrings: string[] = new Array<string>(n + 1);
  for (let i = 0; i <= n; i++) idStrings[i] = String(i);
  const sides = ["buy", "sell"] as const;
  const d: Driver = {
    lastError: "",
    limit(genId, side, price, size) {
      const r = ob.limit({ id: idStrings[genId]!, side: sides[side]!, size, price });
      if (r.err) d.lastError = `limit ${genId}: ${String(r.err)}`;
      return !r.err;
    },
    cancel(genId) {
      const r = ob.cancel(idStrings[genId]!);
      if (r === undefined) d.lastError = `cancel ${genId}: not found`;
      return r !== undefined;
    },
    market(i, side, size) {
      const r = ob.market({ side: sides[side]!, size });
      if (r.err) d.lastError = `market op ${i}: ${String(r.err)}`;
      return !r.err;
    },
    book() {
      const [asks, bids] = ob.depth();
      return {
        bids: bids.map(([p, q]) => [p, q] as [number, number]).sort((a, b) => b[0] - a[0]),
        asks: asks.map(([p, q]) => [p, q] as [number, number]).sort((a, b) => a[0] - b[0]),
      };
    },
    resting() {
      return -1; // the peer does not count orders; the workload's shadow book predicts the count
    },
  };
  return d;
}

// ── running a workload ──────────────────────────────────────────────────────────────────────────────────

function step(d: Driver, w: Workload, i: number): boolean {
  const k = w.kind[i]!;
  if (k === OP_LIMIT) return d.limit(w.id[i]!, w.side[i]!, w.price[i]!, w.size[i]!);
  if (k === OP_CANCEL) return d.cancel(w.id[i]!);
  return d.market(i, w.side[i]!, w.size[i]!);
}

function timerOverheadNs(): number {
  const samples = new Float64Array(100_001);
  let prev = performance.now();
  for (let i = 0; i < samples.length; i++) {
    const t = performance.now();
    samples[i] = t - prev;
    prev = t;
  }
  samples.sort();
  return samples[samples.length >> 1]! * 1e6;
}

/** Kind of the op at `i`. */
function opTypeOf(w: Workload, i: number): number {
  const k = w.kind[i]!;
  if (k === OP_LIMIT) return w.crosses[i] === 1 ? 1 : 0;
  return k === OP_CANCEL ? 2 : 3;
}

/** Per-kind statistics of the timed ops' latencies (`samples[i − start]`, ns, in op order). */
function byType(w: Workload, start: number, samples: Float64Array): NonNullable<WorkerResult["latencyByType"]> {
  const groups: number[][] = OP_TYPES.map(() => []);
  let total = 0;
  for (let i = 0; i < samples.length; i++) {
    groups[opTypeOf(w, start + i)]!.push(samples[i]!);
    total += samples[i]!;
  }
  const out = {} as Record<OpType, { count: number; mean: number; p50: number; p99: number; share: number }>;
  OP_TYPES.forEach((name, t) => {
    const g = Float64Array.from(groups[t]!).sort();
    const sum = g.reduce((a, b) => a + b, 0);
    out[name] = { count: g.length, mean: g.length ? sum / g.length : 0, p50: percentile(g, 0.5), p99: percentile(g, 0.99), share: total ? sum / total : 0 };
  });
  return out;
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g === undefined) throw new Error("run with --expose-gc (bench/run.ts does)");
  g();
  g();
}

async function runWorkload(engine: EngineName, mode: "throughput" | "latency", w: Workload, progress: (s: string) => void): Promise<WorkerResult> {
  const counters = { journal: 0 };
  const d = engine === "ours" ? oursDriver(w, counters) : peerDriver(w);
  const unexpectedSamples: string[] = [];
  let unexpected = 0;
  const check = (ok: boolean) => {
    if (ok) return;
    unexpected++;
    if (unexpectedSamples.length < 5) unexpectedSamples.push(d.lastError);
  };
  const start = w.options.preload + w.options.warmup;
  for (let i = 0; i < start; i++) check(step(d, w, i));
  progress(`${engine} ${mode}: preload + warm-up done (${start.toLocaleString("en-US")} ops), timing ${w.options.ops.toLocaleString("en-US")} ops`);

  let gcMs = 0;
  const timedFrom = performance.now();
  const gcObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.startTime >= timedFrom) gcMs += e.duration;
  });
  gcObserver.observe({ entryTypes: ["gc"] });
  let seconds = 0;
  let cpuSeconds = 0;
  let latency: WorkerResult["latency"];
  let latencyByType: WorkerResult["latencyByType"];
  if (mode === "throughput") {
    const profile = process.env.BENCH_CPU_PROFILE ? await startProfile() : undefined;
    for (let from = start; from < w.length; from += CHUNK) {
      const to = Math.min(w.length, from + CHUNK);
      let failures = 0;
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      for (let i = from; i < to; i++) if (!step(d, w, i)) failures++;
      const dt = (performance.now() - t0) / 1000;
      const c1 = process.cpuUsage(c0);
      cpuSeconds += (c1.user + c1.system) / 1e6;
      seconds += dt;
      if (failures > 0) for (let f = 0; f < failures; f++) check(false);
      progress(`${engine} throughput: ${(to - start).toLocaleString("en-US")} ops, chunk ${Math.round((to - from) / dt).toLocaleString("en-US")} ops/s`);
    }
    if (profile) await profile.stop(process.env.BENCH_CPU_PROFILE!);
  } else {
    const overhead = timerOverheadNs();
    const samples = new Float64Array(w.length - start);
    for (let from = start; from < w.length; from += CHUNK) {
      const to = Math.min(w.length, from + CHUNK);
      for (let i = from; i < to; i++) {
        const t0 = performance.now();
        const ok = step(d, w, i);
        samples[i - start] = performance.now() - t0;
        if (!ok) check(false);
      }
      progress(`${engine} latency: ${(to - start).toLocaleString("en-US")} ops`);
    }
    for (let i = 0; i < samples.length; i++) seconds += samples[i]! / 1000;
    for (let i = 0; i < samples.length; i++) samples[i] = Math.max(0, samples[i]! * 1e6 - overhead);
    latencyByType = byType(w, start, samples);
    samples.sort();
    latency = {
      p50: percentile(samples, 0.5),
      p90: percentile(samples, 0.9),
      p99: percentile(samples, 0.99),
      p999: percentile(samples, 0.999),
      max: samples[samples.length - 1]!,
      timerOverhead: overhead,
    };
  }
  await new Promise((r) => setTimeout(r, 50)); // let the observer deliver the last entries
  gcObserver.disconnect();
  gc();
  const finalBook = d.book();
  return {
    engine,
    mode,
    workloadHash: w.hash,
    ops: w.options.ops,
    seconds,
    opsPerSecond: w.options.ops / seconds,
    ...(mode === "throughput" ? { opsPerCpuSecond: w.options.ops / cpuSeconds } : {}),
    ...(latency ? { latency, latencyByType } : {}),
    restingOrders: engine === "ours" ? d.resting() : undefined,
    heapAfterRunBytes: process.memoryUsage().heapUsed,
    finalBook,
    unexpected,
    unexpectedSamples,
    ...(engine === "ours" ? { journalEvents: counters.journal } : {}),
    gcMs,
  };
}

/** Starts the V8 profiler (BENCH_CPU_PROFILE); `stop` writes the profile to a file. */
async function startProfile(): Promise<{ stop(path: string): Promise<void> }> {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 100 }); // µs
  await session.post("Profiler.start");
  return {
    async stop(path: string) {
      const { profile } = await session.post("Profiler.stop");
      writeFileSync(path, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

const MEMORY_ORDERS = 200_000;

/**
 * JS heap in use plus ArrayBuffer memory: our engine keeps its orders in typed arrays, whose backing stores
 * live outside the JS heap (heapUsed alone would not see them). Counted at their allocated capacity.
 */
function heapAndBuffers(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** Heap cost of resting orders alone: a non-crossing book of 200k orders over 400 levels (200 per side). */
function runMemory(engine: EngineName, hash: string, progress: (s: string) => void): WorkerResult {
  const mid = 3_000_000;
  const counters = { journal: 0 };
  const d = engine === "ours" ? oursDriver(undefined, counters) : peerDriver(undefined);
  // Warm the code paths and let the engine allocate whatever it allocates once, then measure from a clean heap.
  for (let i = 1; i <= 2000; i++) d.limit(i, i & 1, (i & 1) === 0 ? mid - 1 - (i % 200) : mid + 1 + (i % 200), 5);
  for (let i = 1; i <= 2000; i++) d.cancel(i);
  gc();
  const before = heapAndBuffers();
  let failures = 0;
  for (let i = 1; i <= MEMORY_ORDERS; i++) {
    const side = i & 1;
    if (!d.limit(2000 + i, side, side === 0 ? mid - 1 - (i % 200) : mid + 1 + (i % 200), 5)) failures++;
  }
  gc();
  const after = heapAndBuffers();
  progress(`${engine} memory: ${MEMORY_ORDERS.toLocaleString("en-US")} resting orders, ${((after - before) / 1e6).toFixed(1)} MB`);
  return {
    engine,
    mode: "memory",
    workloadHash: hash,
    ops: MEMORY_ORDERS,
    bytesPerRestingOrder: (after - before) / MEMORY_ORDERS,
    restingOrders: MEMORY_ORDERS - failures,
    unexpected: failures,
    unexpectedSamples: failures > 0 ? [d.lastError] : [],
  };
}

export function defaultWorkloadOptions(ops: number): WorkloadOptions {
  return { seed: 42, preload: 10_000, warmup: 50_000, ops, mid: 3_000_000 };
}

export async function runWorker(engine: EngineName, mode: Mode, ops: number, progress: (s: string) => void): Promise<WorkerResult> {
  if (mode === "memory") return runMemory(engine, "-", progress);
  const t0 = performance.now();
  const w = generateWorkload(defaultWorkloadOptions(ops));
  progress(`${engine} ${mode}: workload ${w.hash} generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return runWorkload(engine, mode, w, progress);
}

// Entry point when run as a worker process.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const engine = arg("engine") as EngineName;
  const mode = arg("mode") as Mode;
  const ops = Number(arg("ops") ?? process.env.BENCH_OPS ?? 1_000_000);
  if (!["ours", "peer"].includes(engine) || !["throughput", "latency", "memory"].includes(mode) || !(ops > 0)) {
    console.error("usage: engine.ts --engine ours|peer --mode throughput|latency|memory [--ops N]");
    process.exit(2);
  }
  const result = await runWorker(engine, mode, ops, (s) => process.stderr.write(`  ${s}\n`));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
