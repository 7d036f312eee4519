/**
 * Direct reads of an instance's PostgreSQL event log (table `event_log` of @tse/storage's migration 0001, in
 * the instance's schema) to confirm what the service acknowledged is stored, and the schema drop at the end.
 *
 * `pg` is a dependency of @tse/storage, not of this service, and pnpm does not hoist it; it is resolved from
 * @tse/storage's location instead of adding a dependency for a benchmark.
 */
import { createRequire } from "node:module";

interface PgClient {
  connect(): Promise<void>;
  query(sql: string): Promise<{ rows: Record<string, unknown>[] }>;
  end(): Promise<void>;
}
type PgModule = { Client: new (options: { connectionString: string }) => PgClient };

const requireFromStorage = createRequire(import.meta.resolve("@tse/storage"));
const pg = requireFromStorage("pg") as PgModule;

async function withClient<T>(url: string, fn: (client: PgClient) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

export interface EventLogStats {
  rows: number;
  maxSeq: number;
  /** Rows per event type (OrderAccepted, Trade, OrderExpired, AccountOpened, Deposited, …). */
  byType: Record<string, number>;
}

export function eventLogStats(url: string, schema: string): Promise<EventLogStats> {
  return withClient(url, async (client) => {
    const { rows } = await client.query(
      `SELECT type, count(*)::bigint AS n, max(seq)::bigint AS max_seq FROM ${quoteIdent(schema)}.event_log GROUP BY type`,
    );
    const byType: Record<string, number> = {};
    let total = 0;
    let maxSeq = 0;
    for (const r of rows) {
      byType[String(r.type)] = Number(r.n);
      total += Number(r.n);
      maxSeq = Math.max(maxSeq, Number(r.max_seq));
    }
    return { rows: total, maxSeq, byType };
  });
}

export function dropSchema(url: string, schema: string): Promise<void> {
  return withClient(url, async (client) => {
    await client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
  });
}
