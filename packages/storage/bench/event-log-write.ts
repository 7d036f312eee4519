/**
 * `pnpm bench` (in packages/storage): the PostgreSQL event-log write path as the exchange service uses it —
 * openStorage() → EventLog.append() → Outbox → PostgresEventStore — into a fresh schema per scenario (dropped at
 * the end), with exchange-like events (OrderAccepted / Trade / OrderCancelled, ~150–300 bytes of JSON).
 *
 *   node --conditions=source --import tsx bench/event-log-write.ts
 *
 * Scenarios (BENCH_SCENARIOS, comma-separated, default all):
 *   - http-64:     one append of 64 events in flight at a time (the service's group commit under wrk -c64);
 *   - grpc-1000:   one append of 1000 events at a time (group commit under batched gRPC load);
 *   - grpc-5000:   one append of 5000 events at a time (deeper gRPC queues);
 *   - queued-8x64: 8 appenders of 64 events each, so the outbox merges queued appends (maxBatchEvents).
 * Reported per scenario: events/s, append (commit) latency p50/p99, and CPU per event of this Node process
 * (process.cpuUsage: append, encoding, node-postgres) and of the PostgreSQL backends serving the instance's
 * pool (/proc/<pid>/stat of the pids pg_stat_activity lists for its application_name), plus the WAL writer's.
 * CPU per event is the figure to compare: the machine is shared, so events/s swings with other load.
 *
 * Environment: BENCH_SECONDS (measured seconds per scenario, default 5), BENCH_SCENARIOS, POSTGRES_URL
 * (default postgres://postgres@127.0.0.1:5432/postgres), BENCH_JSON (a file: raw results as JSON).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { resolveIdentity } from "@tse/service-kit/identity";
import { formatTable, uniqueName } from "@tse/testkit";
import pg from "pg";
import { DEFAULT_STORAGE_CONFIG } from "../src/config.js";
import type { NewEvent } from "../src/event-log.js";
import type { JsonValue } from "../src/json.js";
import { type Storage, openStorage } from "../src/open.js";
import { consoleLogger } from "../src/logger.js";
import { quoteIdent } from "../src/postgres/identifier.js";

const POSTGRES_URL = process.env.POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const WARMUP_MS = 500;
const TICKS_PER_SECOND = 100; // USER_HZ on Linux

interface Scenario {
  readonly name: string;
  /** Concurrent appenders, each with one append in flight. */
  readonly appenders: number;
  readonly eventsPerAppend: number;
}

const SCENARIOS: readonly Scenario[] = [
  { name: "http-64", appenders: 1, eventsPerAppend: 64 },
  { name: "grpc-1000", appenders: 1, eventsPerAppend: 1000 },
  { name: "grpc-5000", appenders: 1, eventsPerAppend: 5000 },
  { name: "queued-8x64", appenders: 8, eventsPerAppend: 64 },
];

interface Result {
  readonly scenario: string;
  readonly events: number;
  readonly appends: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly nodeUsPerEvent: number;
  /** The part of nodeUsPerEvent spent in the kernel (socket writes and reads). */
  readonly nodeSystemUsPerEvent: number;
  readonly pgBackendUsPerEvent: number;
  readonly walWriterUsPerEvent: number;
  readonly avgEventBytes: number;
}

/**
 * A pool of events shaped like the exchange's journal events (jsonOf(JournalEvent): a flat record with seq, ts,
 * type and the event's fields), in the proportions of the order mix: ~1.35 events per order.
 */
function exchangeEvents(count: number): NewEvent[] {
  const symbols = ["BTC-USDT", "ETH-USDT", "SOL-USDT", "XRP-USDT"];
  const out: NewEvent[] = [];
  let orderId = 1_000_000;
  let tradeId = 200_000;
  const ts = Date.UTC(2026, 10, 23, 12);
  for (let seq = 1; out.length < count; seq++) {
    const symbol = symbols[seq % symbols.length]!;
    const accountId = `acct-${String(seq % 200).padStart(4, "0")}`;
    const r = seq % 20;
    let data: Record<string, JsonValue>;
    if (r < 14) {
      orderId++;
      data = {
        seq,
        ts: ts + seq,
        type: "OrderAccepted",
        orderId,
        accountId,
        symbol,
        side: seq % 2 ? "BUY" : "SELL",
        orderType: "LIMIT",
        timeInForce: "GTC",
        postOnly: false,
        selfTradePrevention: "CANCEL_TAKER",
        price: 6_500_000 + (seq % 977),
        quantity: 1 + (seq % 50),
        ...(seq % 3 === 0 ? { clientOrderId: `bench-${seq}` } : {}),
      };
    } else if (r < 18) {
      data = {
        seq,
        ts: ts + seq,
        type: "Trade",
        tradeId: ++tradeId,
        symbol,
        price: 6_500_000 + (seq % 977),
        quantity: 1 + (seq % 7),
        takerSide: seq % 2 ? "BUY" : "SELL",
        makerOrderId: orderId - 17,
        takerOrderId: orderId,
        makerAccountId: `acct-${String((seq + 7) % 200).padStart(4, "0")}`,
        takerAccountId: accountId,
        makerFee: 13 + (seq % 5),
        takerFee: 26_000 + (seq % 991),
        makerRemaining: seq % 4,
        takerRemaining: 0,
      };
    } else {
      data = { seq, ts: ts + seq, type: "OrderCancelled", orderId: orderId - 5, accountId, symbol, remaining: 1 + (seq % 9) };
    }
    out.push({ type: data.type as string, data });
  }
  return out;
}

/** CPU seconds (user + system) used so far by process `pid`; 0 once it has ended. */
function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(rest[11]) + Number(rest[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

async function pidsOf(admin: pg.Client, sql: string, params: unknown[]): Promise<number[]> {
  return (await admin.query<{ pid: number }>(sql, params)).rows.map((r) => r.pid);
}

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;

async function runScenario(s: Scenario, events: readonly NewEvent[], admin: pg.Client): Promise<Result> {
  const identity = resolveIdentity("storage-bench", uniqueName("b-"));
  const journalDir = mkdtempSync(join(tmpdir(), "tse-bench-journal-"));
  let storage: Storage | undefined;
  try {
    storage = await openStorage({
      identity,
      config: { ...DEFAULT_STORAGE_CONFIG, postgresUrl: POSTGRES_URL, journalDir },
      logger: consoleLogger,
    });
    const log = storage.events;
    let cursor = 0;
    const nextBatch = (): NewEvent[] => {
      const batch = new Array<NewEvent>(s.eventsPerAppend);
      for (let i = 0; i < batch.length; i++) {
        batch[i] = events[cursor]!;
        cursor = (cursor + 1) % events.length;
      }
      return batch;
    };
    let measuring = false;
    let stop = false;
    const latencies: number[] = [];
    let appended = 0;
    const appender = async () => {
      while (!stop) {
        const batch = nextBatch();
        const t0 = performance.now();
        const receipt = await log.append(batch);
        if (receipt.durability !== "postgres") throw new Error(`append acknowledged from ${receipt.durability}: PostgreSQL failed`);
        if (measuring) {
          latencies.push(performance.now() - t0);
          appended += batch.length;
        }
      }
    };
    const running = Array.from({ length: s.appenders }, appender);
    await new Promise((r) => setTimeout(r, WARMUP_MS));
    // The pool's connections exist by now; the WAL writer is one process for the whole server.
    const backends = await pidsOf(admin, "SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND backend_type = 'client backend'", [
      identity.instanceName,
    ]);
    const walWriter = await pidsOf(admin, "SELECT pid FROM pg_stat_activity WHERE backend_type = 'walwriter'", []);
    const cpu = () => ({
      node: process.cpuUsage(),
      pg: backends.reduce((t, pid) => t + processCpuSeconds(pid), 0),
      wal: walWriter.reduce((t, pid) => t + processCpuSeconds(pid), 0),
    });
    const c0 = cpu();
    const t0 = performance.now();
    measuring = true;
    await new Promise((r) => setTimeout(r, SECONDS * 1000));
    measuring = false;
    const seconds = (performance.now() - t0) / 1000;
    const c1 = cpu();
    const nodeUsage = process.cpuUsage(c0.node);
    stop = true;
    await Promise.all(running);
    const stored = await admin.query<{ n: string; max: string }>(
      `SELECT count(*)::text AS n, coalesce(max(seq), 0)::text AS max FROM ${quoteIdent(identity.schema)}.event_log`,
    );
    const row = stored.rows[0]!;
    if (Number(row.n) !== log.lastSeq() || Number(row.max) !== log.lastSeq()) {
      throw new Error(`${s.name}: event_log holds ${row.n} rows up to seq ${row.max}, the log acknowledged ${log.lastSeq()}`);
    }
    const sorted = latencies.sort((a, b) => a - b);
    const perEvent = (seconds: number) => (seconds * 1e6) / appended;
    return {
      scenario: s.name,
      events: appended,
      appends: latencies.length,
      seconds,
      eventsPerSecond: appended / seconds,
      p50Ms: percentile(sorted, 0.5),
      p99Ms: percentile(sorted, 0.99),
      nodeUsPerEvent: perEvent((nodeUsage.user + nodeUsage.system) / 1e6),
      nodeSystemUsPerEvent: perEvent(nodeUsage.system / 1e6),
      pgBackendUsPerEvent: perEvent(c1.pg - c0.pg),
      walWriterUsPerEvent: perEvent(c1.wal - c0.wal),
      avgEventBytes: 0,
    };
  } finally {
    await storage?.close();
    await admin.query(`DROP SCHEMA IF EXISTS ${quoteIdent(identity.schema)} CASCADE`);
    rmSync(journalDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const wanted = process.env.BENCH_SCENARIOS?.split(",").map((s) => s.trim()).filter(Boolean);
  const unknown = wanted?.filter((w) => !SCENARIOS.some((s) => s.name === w)) ?? [];
  if (unknown.length > 0) throw new Error(`BENCH_SCENARIOS: unknown ${unknown.join(", ")} (known: ${SCENARIOS.map((s) => s.name).join(", ")})`);
  const scenarios = wanted ? SCENARIOS.filter((s) => wanted.includes(s.name)) : SCENARIOS;
  const events = exchangeEvents(20_000);
  const avgEventBytes = events.reduce((n, e) => n + Buffer.byteLength(JSON.stringify(e.data)), 0) / events.length;
  const loadAtStart = loadavg().map((l) => l.toFixed(1)).join(" ");
  const admin = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(`the event-log bench needs PostgreSQL at ${POSTGRES_URL} (set POSTGRES_URL): ${(err as Error).message}`);
  }
  const results: Result[] = [];
  try {
    for (const s of scenarios) {
      const r = { ...(await runScenario(s, events, admin)), avgEventBytes };
      results.push(r);
      console.error(`${s.name}: ${Math.round(r.eventsPerSecond)} events/s`);
    }
  } finally {
    await admin.end();
  }
  console.log(
    `\nEvent-log write path → PostgreSQL (${SECONDS} s per scenario, events of ${Math.round(avgEventBytes)} bytes of JSON on average, ` +
      `load average at start ${loadAtStart}: compare CPU per event, events/s depends on what else runs)\n`,
  );
  console.log(
    formatTable(
      ["scenario", "events/s", "appends/s", "p50 ms", "p99 ms", "node µs/ev", "(kernel)", "pg backend µs/ev", "walwriter µs/ev"],
      results.map((r) => [
        r.scenario,
        r.eventsPerSecond,
        r.appends / r.seconds,
        r.p50Ms,
        r.p99Ms,
        r.nodeUsPerEvent,
        r.nodeSystemUsPerEvent,
        r.pgBackendUsPerEvent,
        r.walWriterUsPerEvent,
      ]),
    ),
  );
  if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, `${JSON.stringify(results, null, 2)}\n`);
}

await main();
