/** PostgreSQL helpers for tests: an admin connection to the shared server and per-test instance identities. */
import { type InstanceIdentity, resolveIdentity } from "@tse/service-kit/identity";
import { postgresUrl, uniqueName } from "@tse/testkit";
import pg from "pg";
import { quoteIdent } from "../postgres/identifier.js";

/** A fresh identity whose schema and prefix no other test run uses. */
export function testIdentity(service = "storage-test"): InstanceIdentity {
  return resolveIdentity(service, uniqueName("t-"));
}

/** Runs `fn` with a superuser connection to the shared server (or `url`). */
export async function withAdmin<T>(fn: (c: pg.Client) => Promise<T>, url = postgresUrl()): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export async function dropSchema(schema: string, url = postgresUrl()): Promise<void> {
  await withAdmin((c) => c.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`), url);
}

/** Every row of a table in `schema`, via the admin connection (independent of the code under test). */
export async function adminRows<R extends Record<string, unknown>>(schema: string, sql: string, url = postgresUrl()): Promise<R[]> {
  return withAdmin(async (c) => {
    await c.query(`SET search_path = ${quoteIdent(schema)}`);
    return (await c.query<R>(sql)).rows;
  }, url);
}
