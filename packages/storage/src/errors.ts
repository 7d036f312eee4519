/**
 * Typed failures a service maps to its protocols. `StorageUnavailableError` is the one that matters: the write
 * was NOT stored and the caller may retry later — HTTP 503 / gRPC UNAVAILABLE (code 14). Every other failure
 * means the request itself is at fault or the data is inconsistent, and retrying will not help.
 */

/** Why a write could not be stored (also the `reason` label of storage_write_errors_total). */
export type WriteErrorReason =
  /** A PostgreSQL write attempt failed for a transient reason (the writes went to the journal instead). */
  | "postgres_unavailable"
  /** More events are waiting than STORAGE_OUTBOX_MAX_PENDING allows. */
  | "backlog_full"
  /** The local journal reached STORAGE_JOURNAL_MAX_BYTES. */
  | "journal_full"
  /** The local journal could not be written or fsync'd (permissions, disk, I/O error). */
  | "journal_unwritable"
  /** PostgreSQL refused the write itself (constraint, projection error); nothing was stored. */
  | "rejected"
  /** A journaled (acknowledged) write failed to replay for a non-transient reason; replay is blocked. */
  | "replay_failed"
  /** The storage is closing or closed. */
  | "closed";

export const WRITE_ERROR_REASONS: readonly WriteErrorReason[] = [
  "postgres_unavailable",
  "backlog_full",
  "journal_full",
  "journal_unwritable",
  "rejected",
  "replay_failed",
  "closed",
];

/** Storage cannot take the request right now. Map to HTTP 503 / gRPC UNAVAILABLE. */
export class StorageUnavailableError extends Error {
  override name = "StorageUnavailableError";
  readonly httpStatus = 503;
  /** gRPC status code UNAVAILABLE. */
  readonly grpcCode = 14;

  constructor(
    readonly reason: WriteErrorReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** PostgreSQL refused the write (constraint violation, failing projection). Nothing was stored. */
export class WriteRejectedError extends Error {
  override name = "WriteRejectedError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * A sequence number already holds a different event: a second process is writing this instance's log (two
 * processes with one SERVICE_INSTANCE_NAME), or the database was restored behind the journal.
 */
export class EventLogConflictError extends Error {
  override name = "EventLogConflictError";
  constructor(readonly seq: number) {
    super(
      `event log conflict at seq ${seq}: PostgreSQL already holds a different event there ` +
        "(is another process running with the same SERVICE_INSTANCE_NAME?)",
    );
  }
}

/** A configuration value is invalid; names the variable, the value and the rule. */
export class StorageConfigError extends Error {
  override name = "StorageConfigError";
  constructor(
    readonly variable: string,
    readonly value: string,
    readonly rule: string,
  ) {
    super(`${variable}=${JSON.stringify(value)} is invalid: ${rule}`);
  }
}
