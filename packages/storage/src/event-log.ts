/**
 * The instance's append-only event log — the one durable write path. A service persists state changes as
 * events (orders accepted, trades, balance changes), rebuilds state from the latest snapshot plus the events
 * after it, and projects events into PostgreSQL read tables (see projection.ts). Both implementations
 * (memory, PostgreSQL) satisfy the same contract, tested by one shared suite.
 *
 * Sequence numbers start at 1 and are dense: an append that is refused consumes none.
 */
import type { JsonValue } from "./json.js";
import type { EncodedJson } from "./json-slices.js";

export interface NewEvent {
  /** What happened, e.g. "order.accepted". 1–200 characters. */
  readonly type: string;
  /** Plain JSON. Amounts as decimal strings ("0.1"), never floats. */
  readonly data: JsonValue;
}

export interface StoredEvent extends NewEvent {
  readonly seq: number;
  /** When the writer sequenced the event (ISO 8601, UTC). */
  readonly at: string;
}

/** Where an acknowledged append is durable right now. */
export type Durability = "postgres" | "journal" | "memory";

export interface AppendReceipt {
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly durability: Durability;
}

export interface Snapshot {
  /** The state includes every event up to and including this seq. */
  readonly seq: number;
  readonly state: JsonValue;
  readonly at: string;
}

export interface EventLog {
  /**
   * Appends events atomically and in order; resolves once they are durable. Rejects with TypeError/RangeError
   * for bad input, StorageUnavailableError (→ 503) when they cannot be stored now, WriteRejectedError when
   * PostgreSQL refused them (e.g. a projection's constraint).
   */
  append(events: readonly NewEvent[]): Promise<AppendReceipt>;
  /** Events with seq ≥ `fromSeq`, in order, at most `limit` (default 1000, max 10 000). */
  readFrom(fromSeq: number, limit?: number): Promise<StoredEvent[]>;
  /** Highest acknowledged seq (0 when empty). */
  lastSeq(): number;
  /**
   * Saves state as of `seq` (≤ lastSeq()). Snapshots are an optimisation: failures do not lose events. `state`
   * may come pre-encoded (encodeJsonInSlices), so a big one does not stall the event loop while it is encoded.
   */
  saveSnapshot(seq: number, state: JsonValue | EncodedJson): Promise<void>;
  /** The latest snapshot, if any. */
  loadSnapshot(): Promise<Snapshot | undefined>;
}

export const DEFAULT_READ_LIMIT = 1000;
export const MAX_READ_LIMIT = 10_000;
export const MAX_EVENT_TYPE_LENGTH = 200;

/** Validates readFrom's arguments; returns the effective limit. */
export function checkRead(fromSeq: number, limit: number | undefined): number {
  if (!Number.isSafeInteger(fromSeq) || fromSeq < 1) throw new RangeError(`fromSeq must be an integer ≥ 1 (got ${fromSeq})`);
  const l = limit ?? DEFAULT_READ_LIMIT;
  if (!Number.isSafeInteger(l) || l < 1 || l > MAX_READ_LIMIT) {
    throw new RangeError(`limit must be an integer from 1 to ${MAX_READ_LIMIT} (got ${limit})`);
  }
  return l;
}

/** Validates saveSnapshot's seq against the log's last acknowledged seq. */
export function checkSnapshotSeq(seq: number, lastSeq: number): void {
  if (!Number.isSafeInteger(seq) || seq < 0 || seq > lastSeq) {
    throw new RangeError(`snapshot seq must be an integer from 0 to lastSeq() = ${lastSeq} (got ${seq})`);
  }
}
