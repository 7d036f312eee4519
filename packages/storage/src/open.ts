/**
 * The composition of storage for one instance. With POSTGRES_URL the event log lives in the instance's schema
 * (migrated here, journal replayed here), otherwise in memory; with REDIS_URL the key-value store is the
 * instance's Redis namespace, otherwise in memory. Repositories depend on `StorageContext` only.
 */
import { join } from "node:path";
import { createNoopMetrics, type MetricsPort } from "@tse/metrics-port";
import type { InstanceIdentity } from "@tse/service-kit/identity";
import type pg from "pg";
import { type StorageConfig, storageConfigFromEnv } from "./config.js";
import type { EventLog } from "./event-log.js";
import type { KeyValueStore } from "./kv.js";
import { consoleLogger, type StorageLogger } from "./logger.js";
import { MemoryEventLog } from "./memory/event-log.js";
import { MemoryKv } from "./memory/kv.js";
import { outboxInstruments } from "./metrics.js";
import { JournalCorruptError, JournalFile } from "./outbox/journal-file.js";
import { Outbox } from "./outbox/outbox.js";
import { decodeRecord } from "./outbox/record.js";
import { PostgresEventLog } from "./postgres/event-log.js";
import { PostgresEventStore } from "./postgres/event-store.js";
import { assertInstanceSchema } from "./postgres/identifier.js";
import { loadMigrations, type MigrationSet, migrate, STORAGE_MIGRATIONS_DIR } from "./postgres/migrate.js";
import { createPgPool } from "./postgres/pool.js";
import { type SqlClient, sqlClient } from "./postgres/sql.js";
import type { Projection } from "./projection.js";
import { type DependencyCheck, outboxReadiness, postgresReadiness, redisReadiness } from "./readiness.js";
import { RedisKv } from "./redis/namespaced.js";

/** What repositories are built on. */
export interface StorageContext {
  readonly identity: InstanceIdentity;
  /** The instance's durable, append-only event log. */
  readonly events: EventLog;
  /** Key-value store confined to the instance's Redis prefix. */
  readonly kv: KeyValueStore;
  /** PostgreSQL in the instance's schema; undefined with the in-memory default. */
  readonly sql: SqlClient | undefined;
}

export interface Storage extends StorageContext {
  readonly backends: { readonly events: "postgres" | "memory"; readonly kv: "redis" | "memory" };
  /** One check per real dependency (postgres, storage_outbox, redis); empty for the in-memory default. */
  readonly readiness: readonly DependencyCheck[];
  /** Stops taking writes, stores or journals the queued ones, closes connections. */
  close(): Promise<void>;
}

export interface OpenStorageOptions {
  readonly identity: InstanceIdentity;
  /** Default: storageConfigFromEnv(). */
  readonly config?: StorageConfig;
  readonly metrics?: MetricsPort;
  readonly logger?: StorageLogger;
  /** The service's own migrations (applied after this package's "storage" set). */
  readonly migrations?: readonly MigrationSet[];
  /** Read models maintained in the event log's transactions (PostgreSQL only). */
  readonly projections?: readonly Projection[];
  /** Tuning for tests: first replay delay after an outage (default 50 ms) and batch size (default 1000). */
  readonly replayMinDelayMs?: number;
  readonly maxBatchEvents?: number;
}

const REDIS_START_WAIT_MS = 3000;

export async function openStorage(o: OpenStorageOptions): Promise<Storage> {
  const config = o.config ?? storageConfigFromEnv();
  const logger = o.logger ?? consoleLogger;
  const metrics = o.metrics ?? createNoopMetrics();
  const closers: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close().catch((err) => logger.warn({ err: String(err) }, "storage close step failed"));
    closers.length = 0;
  };
  try {
    const readiness: DependencyCheck[] = [];
    let events: EventLog = new MemoryEventLog();
    let sql: SqlClient | undefined;
    if (config.postgresUrl) {
      const pg = await openPostgres(o, config, logger, metrics, closers);
      events = pg.events;
      sql = sqlClient(pg.pool);
      readiness.push(postgresReadiness(pg.pool), outboxReadiness(pg.outbox));
    }
    let kv: KeyValueStore = new MemoryKv(o.identity.redisPrefix);
    if (config.redisUrl) {
      const redis = RedisKv.create(config.redisUrl, o.identity.redisPrefix, { logger });
      closers.push(() => redis.close());
      if (!(await redis.ready(REDIS_START_WAIT_MS))) {
        logger.warn({}, "Redis not reachable at start; key-value operations fail until it is");
      }
      kv = redis;
      readiness.push(redisReadiness(redis));
    }
    return {
      identity: o.identity,
      events,
      kv,
      sql,
      backends: { events: config.postgresUrl ? "postgres" : "memory", kv: config.redisUrl ? "redis" : "memory" },
      readiness,
      close: closeAll,
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}

async function openPostgres(
  o: OpenStorageOptions,
  config: StorageConfig,
  logger: StorageLogger,
  metrics: MetricsPort,
  closers: (() => Promise<void>)[],
): Promise<{ pool: pg.Pool; outbox: Outbox; events: EventLog }> {
  const url = config.postgresUrl!;
  const { schema, instanceName } = o.identity;
  assertInstanceSchema(schema);
  await migrate({
    url,
    schema,
    sets: [loadMigrations("storage", STORAGE_MIGRATIONS_DIR), ...(o.migrations ?? [])],
    logger,
    connectTimeoutMs: config.pgConnectTimeoutMs,
  });
  const pool = createPgPool(url, {
    schema,
    max: config.pgPoolMax,
    queryTimeoutMs: config.pgQueryTimeoutMs,
    connectTimeoutMs: config.pgConnectTimeoutMs,
    applicationName: instanceName,
    logger,
  });
  closers.push(() => pool.end());
  const store = new PostgresEventStore(pool, o.projections ?? []);
  const { journal, entries, truncatedBytes } = await JournalFile.open(
    join(config.journalDir, `${instanceName}.journal`),
    config.journalMaxBytes,
  );
  if (truncatedBytes > 0) logger.warn({ journal: journal.path, truncatedBytes }, "cut a torn tail off the journal (never acknowledged)");
  let outbox: Outbox | undefined;
  closers.push(() => outbox?.close() ?? journal.close());
  outbox = new Outbox({
    sink: store,
    journal,
    recovered: entries.map((text, i) => {
      try {
        return decodeRecord(text);
      } catch (err) {
        throw new JournalCorruptError(journal.path, i + 1, (err as Error).message);
      }
    }),
    persistedSeq: await store.maxSeq(),
    maxPendingEvents: config.outboxMaxPending,
    maxBatchEvents: o.maxBatchEvents,
    replayMinDelayMs: o.replayMinDelayMs,
    replayMaxDelayMs: config.replayMaxDelayMs,
    instruments: outboxInstruments(metrics),
    logger,
  });
  await outbox.start();
  return { pool, outbox, events: new PostgresEventLog(store, outbox) };
}
