/**
 * An Outbox wired by hand to real parts — a PostgreSQL event store reached through a TcpProxy the test can
 * cut, and a real journal file — so tests can break exactly one thing and watch what the outbox does.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { InstanceIdentity } from "@tse/service-kit/identity";
import { createRecordingMetrics, type RecordingMetrics } from "@tse/metrics-port/testing";
import { postgresUrl } from "@tse/testkit";
import type pg from "pg";
import { outboxInstruments } from "../metrics.js";
import { JournalFile } from "../outbox/journal-file.js";
import { Outbox } from "../outbox/outbox.js";
import { decodeRecord } from "../outbox/record.js";
import { PostgresEventStore } from "../postgres/event-store.js";
import { loadMigrations, type MigrationSet, migrate, STORAGE_MIGRATIONS_DIR } from "../postgres/migrate.js";
import { createPgPool } from "../postgres/pool.js";
import type { Projection } from "../projection.js";
import { recordingLogger } from "./logger.js";
import { dropSchema, testIdentity } from "./pg.js";
import { TcpProxy } from "./tcp-proxy.js";

export interface HarnessOptions {
  maxPendingEvents?: number;
  maxBatchEvents?: number;
  journalMaxBytes?: number;
  projections?: readonly Projection[];
  migrations?: readonly MigrationSet[];
}

export interface Running {
  readonly outbox: Outbox;
  readonly journal: JournalFile;
  readonly pool: pg.Pool;
  readonly metrics: RecordingMetrics;
}

export interface OutboxHarness {
  readonly identity: InstanceIdentity;
  readonly proxy: TcpProxy;
  readonly journalPath: string;
  readonly logger: ReturnType<typeof recordingLogger>;
  /** Opens an outbox (as a process start would: journal read back, max seq from PostgreSQL). */
  open(): Promise<Running>;
  /** Closes what `open` returned without the final replay a graceful close makes (a crash). */
  crash(r: Running): Promise<void>;
  cleanup(): Promise<void>;
}

export async function outboxHarness(o: HarnessOptions = {}): Promise<OutboxHarness> {
  const identity = testIdentity();
  const direct = postgresUrl();
  const target = new URL(direct);
  const proxy = await TcpProxy.start(target.hostname, Number(target.port || 5432));
  const dir = mkdtempSync(join(tmpdir(), "tse-outbox-"));
  const journalPath = join(dir, "test.journal");
  const logger = recordingLogger();
  await migrate({
    url: direct,
    schema: identity.schema,
    sets: [loadMigrations("storage", STORAGE_MIGRATIONS_DIR), ...(o.migrations ?? [])],
    logger,
  });
  const runs: Running[] = [];
  return {
    identity,
    proxy,
    journalPath,
    logger,
    async open() {
      const pool = createPgPool(proxy.urlFor(direct), {
        schema: identity.schema,
        max: 3,
        queryTimeoutMs: 2000,
        connectTimeoutMs: 500,
        applicationName: identity.instanceName,
        logger,
      });
      const store = new PostgresEventStore(pool, o.projections ?? []);
      const { journal, entries } = await JournalFile.open(journalPath, o.journalMaxBytes ?? 1 << 24);
      const metrics = createRecordingMetrics();
      const outbox = new Outbox({
        sink: store,
        journal,
        recovered: entries.map(decodeRecord),
        persistedSeq: proxy.isCut ? 0 : await store.maxSeq(),
        maxPendingEvents: o.maxPendingEvents ?? 100_000,
        maxBatchEvents: o.maxBatchEvents,
        replayMinDelayMs: 10,
        replayMaxDelayMs: 100,
        instruments: outboxInstruments(metrics),
        logger,
      });
      await outbox.start();
      const r = { outbox, journal, pool, metrics };
      runs.push(r);
      return r;
    },
    async crash(r) {
      await r.journal.close();
      await r.pool.end();
    },
    async cleanup() {
      for (const r of runs) {
        await r.outbox.close().catch(() => {});
        await r.pool.end().catch(() => {});
      }
      await proxy.close();
      await dropSchema(identity.schema, direct);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
