/**
 * The event log's PostgreSQL side: batched idempotent inserts (the outbox's RecordSink), reads, snapshots.
 * All SQL uses unqualified names: the pool pins search_path to the instance's schema.
 */
import type pg from "pg";
import { EventLogConflictError } from "../errors.js";
import type { Snapshot, StoredEvent } from "../event-log.js";
import type { JsonValue } from "../json.js";
import type { RecordSink } from "../outbox/outbox.js";
import type { OutboxRecord } from "../outbox/record.js";
import type { Projection } from "../projection.js";
import { isTransientPgError } from "./errors.js";
import { copyFromStdin } from "./copy-in.js";
import { EVENT_LOG_COPY, eventLogCopyData } from "./event-log-copy.js";
import { inTransaction, onConnection, sqlClient } from "./sql.js";

/** How many snapshots to keep; older ones are deleted when a new one is saved. */
const KEEP_SNAPSHOTS = 3;

// The idempotent write, for batches that may hold already stored seqs (a replay after an in-doubt commit) and
// for projections, which need to know the fresh seqs. The batch's documents travel as ONE JSON array text, split
// server-side: node-postgres would otherwise send a json[] literal, escaping every quote and backslash of every
// document. json_array_elements keeps each element's text byte for byte, so the FIRST_CONFLICT comparison holds.
const INSERT_NEW = `
  INSERT INTO event_log (seq, type, data, recorded_at)
  SELECT s.seq, s.type, d.value, s.at
  FROM unnest($1::bigint[], $2::text[], $4::timestamptz[]) WITH ORDINALITY AS s(seq, type, at, ord)
  JOIN json_array_elements($3::json) WITH ORDINALITY AS d(value, ord) USING (ord)
  ON CONFLICT (seq) DO NOTHING`;
const INSERT_NEW_RETURNING = `${INSERT_NEW}
  RETURNING seq`;

/** Seqs already present with different content: another writer, or a database restored behind the journal. */
const FIRST_CONFLICT = `
  SELECT n.seq FROM unnest($1::bigint[], $2::text[], $3::text[]) AS n(seq, type, data)
  JOIN event_log e ON e.seq = n.seq
  WHERE e.type <> n.type OR e.data::text <> n.data
  ORDER BY n.seq LIMIT 1`;

export class PostgresEventStore implements RecordSink {
  readonly #pool: pg.Pool;
  readonly #projections: readonly Projection[];

  constructor(pool: pg.Pool, projections: readonly Projection[] = []) {
    this.#pool = pool;
    this.#projections = projections;
  }

  isTransient(err: unknown): boolean {
    return isTransientPgError(err);
  }

  async maxSeq(): Promise<number> {
    const r = await sqlClient(this.#pool).query<{ max: string | null }>("SELECT max(seq)::text AS max FROM event_log");
    return Number(r.rows[0]?.max ?? 0);
  }

  async persist(records: readonly OutboxRecord[]): Promise<void> {
    if (this.#projections.length === 0) {
      // The common case: none of the seqs is stored yet. COPY as one statement outside a transaction block is
      // one round trip and one commit (acknowledged once it is durable), and all or nothing: a stored seq fails
      // it with a unique violation on the primary key, and the idempotent path below sorts that out.
      try {
        await onConnection(this.#pool, (client) => copyFromStdin(client, EVENT_LOG_COPY, () => eventLogCopyData(records)));
        return;
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
      }
    }
    await this.#persistIdempotent(records);
  }

  /** Stores the records not stored yet; throws EventLogConflictError if a stored one differs. */
  async #persistIdempotent(records: readonly OutboxRecord[]): Promise<void> {
    const seqs: number[] = [];
    const types: string[] = [];
    const datas: string[] = [];
    const ats: string[] = [];
    for (const r of records) {
      r.events.forEach((e, i) => {
        seqs.push(r.seq + i);
        types.push(e.type);
        datas.push(e.json);
        ats.push(r.at);
      });
    }
    const project = this.#projections.length > 0;
    await inTransaction(this.#pool, async (client) => {
      const params = [seqs, types, `[${datas.join(",")}]`, ats];
      const inserted = await client.query<{ seq: string }>(project ? INSERT_NEW_RETURNING : INSERT_NEW, params);
      if ((inserted.rowCount ?? 0) < seqs.length) {
        const conflict = await client.query<{ seq: string }>(FIRST_CONFLICT, [seqs, types, datas]);
        if (conflict.rows[0]) throw new EventLogConflictError(Number(conflict.rows[0].seq));
      }
      if (!project || (inserted.rowCount ?? 0) === 0) return;
      const fresh = new Set(inserted.rows.map((r) => Number(r.seq)));
      const events: StoredEvent[] = [];
      for (let i = 0; i < seqs.length; i++) {
        if (fresh.has(seqs[i]!)) {
          events.push({ seq: seqs[i]!, type: types[i]!, data: JSON.parse(datas[i]!) as JsonValue, at: ats[i]! });
        }
      }
      const tx = sqlClient(client);
      for (const p of this.#projections) await p.apply(tx, events);
    });
  }

  async read(fromSeq: number, limit: number): Promise<StoredEvent[]> {
    const r = await sqlClient(this.#pool).query<{ seq: string; type: string; data: string; recorded_at: Date }>(
      "SELECT seq, type, data::text AS data, recorded_at FROM event_log WHERE seq >= $1 ORDER BY seq LIMIT $2",
      [fromSeq, limit],
    );
    return r.rows.map((row) => ({
      seq: Number(row.seq),
      type: row.type,
      data: JSON.parse(row.data) as JsonValue,
      at: row.recorded_at.toISOString(),
    }));
  }

  async saveSnapshot(seq: number, stateJson: string): Promise<void> {
    await inTransaction(this.#pool, async (client) => {
      await client.query(
        `INSERT INTO snapshots (seq, state, taken_at) VALUES ($1, $2::json, now())
         ON CONFLICT (seq) DO UPDATE SET state = EXCLUDED.state, taken_at = EXCLUDED.taken_at`,
        [seq, stateJson],
      );
      await client.query(
        `DELETE FROM snapshots WHERE seq < (SELECT min(seq) FROM (SELECT seq FROM snapshots ORDER BY seq DESC LIMIT ${KEEP_SNAPSHOTS}) AS kept)`,
      );
    });
  }

  async loadSnapshot(): Promise<Snapshot | undefined> {
    const r = await sqlClient(this.#pool).query<{ seq: string; state: string; taken_at: Date }>(
      "SELECT seq, state::text AS state, taken_at FROM snapshots ORDER BY seq DESC LIMIT 1",
    );
    const row = r.rows[0];
    return row && { seq: Number(row.seq), state: JSON.parse(row.state) as JsonValue, at: row.taken_at.toISOString() };
  }
}

/** 23505 unique_violation: here, a seq the table already holds. */
const isUniqueViolation = (err: unknown): boolean => (err as { code?: unknown } | null)?.code === "23505";
