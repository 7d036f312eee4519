/**
 * The connection pool of one instance. Every connection starts with `search_path` set to the instance's schema
 * (a startup parameter, so there is no window in which a query could run elsewhere and no extra round trip),
 * and with server- and client-side time limits so a stalled server reads as "unreachable", not as a hang.
 */
import pg from "pg";
import { errorMessage, type StorageLogger } from "../logger.js";
import { assertInstanceSchema, quoteIdent } from "./identifier.js";

export interface PgPoolOptions {
  readonly schema: string;
  readonly max: number;
  readonly queryTimeoutMs: number;
  readonly connectTimeoutMs: number;
  /** Shown in pg_stat_activity; the instance name. */
  readonly applicationName: string;
  readonly logger: StorageLogger;
}

/** Startup `options` that pin a session to `schema` (exported for the migrator's dedicated connection). */
export function sessionOptions(schema: string, statementTimeoutMs: number): string {
  assertInstanceSchema(schema);
  // pg_split_opts separates on whitespace; the quoted identifier contains none.
  return [
    `-c search_path=${quoteIdent(schema)}`,
    `-c statement_timeout=${statementTimeoutMs}`,
    "-c idle_in_transaction_session_timeout=60000",
  ].join(" ");
}

export function createPgPool(url: string, o: PgPoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    options: sessionOptions(o.schema, o.queryTimeoutMs),
    application_name: o.applicationName.slice(0, 63),
    max: o.max,
    connectionTimeoutMillis: o.connectTimeoutMs,
    query_timeout: o.queryTimeoutMs,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
  });
  // An idle connection that dies (server restart, network cut) is reported here; without a listener the
  // 'error' event would crash the process. The pool discards the connection by itself.
  pool.on("error", (err) => o.logger.warn({ err: errorMessage(err) }, "idle PostgreSQL connection lost"));
  return pool;
}
