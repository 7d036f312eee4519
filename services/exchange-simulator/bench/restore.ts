/**
 * `pnpm bench:restore`: how long a restart takes on a long event log, and what a snapshot costs — the numbers
 * behind SNAPSHOT_INTERVAL_EVENTS.
 *
 *   node --conditions=source --import tsx bench/restore.ts
 *
 * 1. History: an in-process exchange runs a deterministic order mix (bench/restore/history.ts) and its journal
 *    events are appended, as the service's group commit appends them, to a PostgreSQL event log in a fresh
 *    instance schema (or the in-memory log with BENCH_RESTORE_STORAGE=memory). Untimed.
 * 2. Whole-log restart: `restoreExchange` (exactly what the service runs at start-up) with no snapshot.
 * 3. Snapshot: the engine's state is exported, saved, and its JSON size measured; then a tail of further events
 *    is appended and a restart restores snapshot + tail.
 * Both restored engines are compared with the one that produced the history (exportState must be equal), so a
 * fast restore that restores the wrong state fails the run.
 *
 * Environment: BENCH_RESTORE_EVENTS (history length in events, default 500000), BENCH_RESTORE_TAIL (events
 * after the snapshot, default 10000), BENCH_RESTORE_RUNS (restarts timed per variant, default 3),
 * BENCH_RESTORE_STORAGE (postgres | memory, default postgres), POSTGRES_URL.
 * Results: a summary table on stdout, raw figures in bench/results/restore.json.
 */
import { isDeepStrictEqual } from "node:util";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { resolveIdentity } from "@tse/service-kit";
import { type EventLog, openStorage, type Storage, storageConfigFromEnv } from "@tse/storage";
import { formatTable, median, uniqueName } from "@tse/testkit";
import { restoreExchange } from "../src/application/restore.js";
import { runHistory } from "./restore/history.js";
import { dropSchema } from "./service/event-log-table.js";

const EVENTS = positive("BENCH_RESTORE_EVENTS", 500_000);
const TAIL = positive("BENCH_RESTORE_TAIL", 10_000);
const RUNS = positive("BENCH_RESTORE_RUNS", 3);
const STORAGE = process.env.BENCH_RESTORE_STORAGE ?? "postgres";
const POSTGRES_URL = process.env.POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer (got ${JSON.stringify(raw)})`);
  return n;
}

const progress = (msg: string) => process.stderr.write(`[restore] ${msg}\n`);

/** The PostgreSQL mode's journal outbox (storage's crash buffer) lives in a temporary directory, removed at the end. */
const journalDir = mkdtempSync(join(tmpdir(), "exchange-restore-bench-"));

async function open(instance: string): Promise<Storage> {
  if (STORAGE !== "postgres" && STORAGE !== "memory") throw new Error(`BENCH_RESTORE_STORAGE must be postgres or memory (got ${STORAGE})`);
  const env = STORAGE === "postgres" ? { POSTGRES_URL, STORAGE_JOURNAL_DIR: journalDir } : {};
  const silent = { info() {}, warn() {}, error() {} };
  return openStorage({ identity: resolveIdentity("exchange-simulator", instance), config: storageConfigFromEnv(env), logger: silent });
}

/** Times `RUNS` restarts; every restored engine must equal `expected`. */
async function timeRestores(log: EventLog, expected: unknown, label: string): Promise<{ ms: number[]; events: number; snapshotSeq: number }> {
  const ms: number[] = [];
  let events = 0;
  let snapshotSeq = 0;
  for (let run = 1; run <= RUNS; run++) {
    const started = performance.now();
    const restored = await restoreExchange(log, {});
    ms.push(performance.now() - started);
    ({ events, snapshotSeq } = restored);
    if (!isDeepStrictEqual(restored.exchange.engine.exportState(), expected)) throw new Error(`${label}: the restored engine differs from the original`);
    restored.exchange.engine.close();
    progress(`${label}: run ${run}/${RUNS} ${ms[ms.length - 1]!.toFixed(0)} ms (${events} events replayed)`);
  }
  return { ms, events, snapshotSeq };
}

async function main(): Promise<void> {
  const instance = uniqueName("exchange-restore-bench-");
  const storage = await open(instance);
  const schema = resolveIdentity("exchange-simulator", instance).schema;
  try {
    const log = storage.events;
    progress(`writing a history of ${EVENTS} events to the ${STORAGE} event log (schema ${schema})`);
    const history = await runHistory(log, EVENTS, progress);

    const whole = await timeRestores(log, history.exchange.engine.exportState(), "whole log");

    const exportStarted = performance.now();
    const state = history.exchange.engine.exportState();
    const exportMs = performance.now() - exportStarted;
    const snapshotBytes = Buffer.byteLength(JSON.stringify(state));
    const saveStarted = performance.now();
    await log.saveSnapshot(state.lastSeq, state as never);
    const saveMs = performance.now() - saveStarted;
    progress(`snapshot at seq ${state.lastSeq}: ${(snapshotBytes / 1e6).toFixed(1)} MB, export ${exportMs.toFixed(0)} ms, save ${saveMs.toFixed(0)} ms`);

    await history.extend(TAIL);
    const withSnapshot = await timeRestores(log, history.exchange.engine.exportState(), "snapshot + tail");
    if (withSnapshot.snapshotSeq !== state.lastSeq) throw new Error(`restore did not use the snapshot (seq ${withSnapshot.snapshotSeq})`);

    const result = {
      storage: STORAGE,
      events: history.events,
      restingOrders: history.restingOrders(),
      accounts: history.accounts,
      wholeLog: { medianMs: median(whole.ms), ms: whole.ms, eventsPerSecond: Math.round(whole.events / (median(whole.ms) / 1000)) },
      snapshot: { seq: state.lastSeq, bytes: snapshotBytes, exportMs, saveMs },
      snapshotPlusTail: { medianMs: median(withSnapshot.ms), ms: withSnapshot.ms, tailEvents: withSnapshot.events },
    };
    const outDir = fileURLToPath(new URL("./results/", import.meta.url));
    mkdirSync(outDir, { recursive: true });
    writeFileSync(`${outDir}restore.json`, `${JSON.stringify(result, null, 2)}\n`);

    const fmt = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 0 });
    console.log(`\nRestart of one exchange instance (${STORAGE} event log, ${fmt(result.restingOrders)} resting orders, ${result.accounts} accounts)\n`);
    console.log(
      formatTable(
        ["restart from", "events replayed", "median time", "replay rate", "snapshot size"],
        [
          ["whole event log", fmt(whole.events), `${fmt(result.wholeLog.medianMs)} ms`, `${fmt(result.wholeLog.eventsPerSecond)} events/s`, "—"],
          [
            `snapshot at seq ${fmt(state.lastSeq)} + tail`,
            fmt(withSnapshot.events),
            `${fmt(result.snapshotPlusTail.medianMs)} ms`,
            "—",
            `${(snapshotBytes / 1e6).toFixed(1)} MB (export ${fmt(exportMs)} ms, save ${fmt(saveMs)} ms)`,
          ],
        ],
      ),
    );
  } finally {
    await storage.close();
    if (STORAGE === "postgres") await dropSchema(POSTGRES_URL, schema);
    rmSync(journalDir, { recursive: true, force: true });
  }
}

await main();
