/**
 * @tse/storage — instance-isolated storage for the ecosystem's services.
 *
 *   const storage = await openStorage({ identity, metrics, logger, migrations, projections });
 *   storage.events.append([...])   // durable: PostgreSQL, or the local journal while it is away
 *   storage.kv.set("orders:1", …)   // Redis, under the instance's prefix only
 *   readiness.register(...storage.readiness);
 *
 * With no POSTGRES_URL / REDIS_URL everything runs in memory (the embedded default).
 */
export { DEFAULT_STORAGE_CONFIG, type StorageConfig, storageConfigFromEnv } from "./config.js";
export type { Discovery, DiscoveryOptions } from "./discovery/registration.js";
export { startDiscovery } from "./discovery/registration.js";
export { type DiscoveryRecord, parseDiscoveryRecord } from "./discovery/record.js";
export {
  EventLogConflictError,
  StorageConfigError,
  StorageUnavailableError,
  WRITE_ERROR_REASONS,
  type WriteErrorReason,
  WriteRejectedError,
} from "./errors.js";
export {
  type AppendReceipt,
  DEFAULT_READ_LIMIT,
  type Durability,
  type EventLog,
  MAX_READ_LIMIT,
  type NewEvent,
  type Snapshot,
  type StoredEvent,
} from "./event-log.js";
export type { JsonValue } from "./json.js";
export { EncodedJson, encodeJsonInSlices, isEncodedJson, type SlicedEncoding, type SliceOptions } from "./json-slices.js";
export { type KeyValueStore, KvWrongTypeError, type SetOptions } from "./kv.js";
export type { StorageLogger } from "./logger.js";
export { MemoryEventLog } from "./memory/event-log.js";
export { MemoryKv } from "./memory/kv.js";
export {
  discoveryRegistered,
  outboxJournalBytes,
  outboxJournaledTotal,
  outboxPending,
  outboxReplayedTotal,
  writeErrorsTotal,
} from "./metrics.js";
export { type OpenStorageOptions, openStorage, type Storage, type StorageContext } from "./open.js";
export { JournalCorruptError } from "./outbox/journal-file.js";
export { defineMigrations, loadMigrations, type Migration, MigrationError, type MigrationSet } from "./postgres/migrate.js";
export type { SqlClient, SqlResult, SqlRow } from "./postgres/sql.js";
export type { Projection } from "./projection.js";
export { type DependencyCheck, outboxReadiness, postgresReadiness, redisReadiness } from "./readiness.js";
