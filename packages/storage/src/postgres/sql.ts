/**
 * `SqlClient`: what repositories and projections get for PostgreSQL access — parameterised queries in the
 * instance's schema (search_path is pinned per connection, so plain table names resolve there). Numeric
 * values come back as strings (node-postgres's default for NUMERIC and BIGINT), keeping amounts exact.
 */
import type pg from "pg";
import { StorageUnavailableError } from "../errors.js";
import { errorMessage } from "../logger.js";
import { isTransientPgError } from "./errors.js";

export type SqlRow = Record<string, unknown>;

export interface SqlResult<R extends SqlRow = SqlRow> {
  readonly rows: R[];
  readonly rowCount: number;
}

export interface SqlClient {
  query<R extends SqlRow = SqlRow>(text: string, params?: readonly unknown[]): Promise<SqlResult<R>>;
}

/** Turns "PostgreSQL is unreachable" into StorageUnavailableError (→ 503); other errors pass unchanged. */
export function unavailableIfTransient(err: unknown): never {
  if (isTransientPgError(err) && !(err instanceof StorageUnavailableError)) {
    throw new StorageUnavailableError("postgres_unavailable", `PostgreSQL unavailable: ${errorMessage(err)}`, { cause: err });
  }
  throw err;
}

/** A SqlClient over a pool (each query may use another connection) or over one checked-out client. */
export function sqlClient(target: pg.Pool | pg.PoolClient): SqlClient {
  return {
    async query<R extends SqlRow>(text: string, params: readonly unknown[] = []) {
      try {
        const r = await target.query<R>(text, params as unknown[]);
        return { rows: r.rows, rowCount: r.rowCount ?? 0 };
      } catch (err) {
        return unavailableIfTransient(err);
      }
    },
  };
}

/**
 * Runs `fn` on one checked-out connection. Transient failures become StorageUnavailableError, and a connection
 * that failed that way is destroyed rather than returned to the pool.
 */
export async function onConnection<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (err) {
    return unavailableIfTransient(err);
  }
  // A checked-out client has no pool listener: an 'error' event (connection reset while we hold it) would be
  // an uncaught exception. The same error also fails the running query, which is where we handle it.
  const onError = () => {};
  client.on("error", onError);
  let discard = false;
  try {
    return await fn(client);
  } catch (err) {
    discard = isTransientPgError(err);
    return unavailableIfTransient(err);
  } finally {
    client.off("error", onError);
    client.release(discard);
  }
}

/**
 * Runs `fn` inside a transaction on one connection (see onConnection for failures). After a transient failure
 * there is no ROLLBACK: on a dead connection it would only wait for a timeout, and the server rolls back by
 * itself when the session ends.
 */
export function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return onConnection(pool, async (client) => {
    try {
      await client.query("BEGIN");
      const result = await fn(client);
      await client.query("COMMIT");
      return result;
    } catch (err) {
      if (!isTransientPgError(err)) await client.query("ROLLBACK").catch(() => {});
      throw err;
    }
  });
}
