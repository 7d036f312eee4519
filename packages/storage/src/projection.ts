/**
 * A projection keeps a PostgreSQL read table in step with the event log. `apply` runs inside the transaction
 * that stores the events — for direct writes and for journal replays alike — and only for events stored by
 * that transaction, so each event is applied exactly once even when a replay meets events already stored.
 *
 * A projection must not fail on valid events: an error refuses a direct write (WriteRejectedError) but blocks
 * a journal replay (the events were already acknowledged). Validate before appending, not in SQL.
 */
import type { StoredEvent } from "./event-log.js";
import type { SqlClient } from "./postgres/sql.js";

export interface Projection {
  readonly name: string;
  /** Applies newly stored events, in seq order, inside their storing transaction. */
  apply(tx: SqlClient, events: readonly StoredEvent[]): Promise<void>;
}
