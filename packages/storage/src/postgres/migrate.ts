/**
 * Versioned SQL migrations, applied at start-up into the instance's schema.
 *
 * - Files are `NNNN_description.sql`; each runs in its own transaction with search_path pinned to the schema,
 *   and is recorded in `<schema>.schema_migrations` with a checksum. An edited applied migration, or a database
 *   that has migrations this code does not know (a downgrade), stops the start-up instead of guessing.
 * - Safe when several processes start at once: everything happens under a session advisory lock keyed by the
 *   schema, so the second process waits and then finds nothing left to do.
 * - The schema is created only if missing: a provisioned role (tse-provision) owns its pre-created schema
 *   and has no CREATE on the database, and `CREATE SCHEMA IF NOT EXISTS` would check that privilege first.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { errorMessage, type StorageLogger } from "../logger.js";
import { quoteIdent } from "./identifier.js";
import { sessionOptions } from "./pool.js";

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** The migrations of one component (this package's "storage", a service's "exchange", a projection's …). */
export interface MigrationSet {
  readonly component: string;
  readonly migrations: readonly Migration[];
}

export class MigrationError extends Error {
  override name = "MigrationError";
}

/** "storage" — this package's own tables (event_log, snapshots). */
export const STORAGE_MIGRATIONS_DIR = fileURLToPath(new URL("../../migrations/", import.meta.url));

const FILE = /^(\d{4,})_([a-z0-9_]+)\.sql$/;
/** Advisory-lock class for migrations ("tsm1"); the second key is hashtext(schema). */
const LOCK_CLASS = 0x7473_6d31;

/** Validates a migration set: a component name and strictly increasing positive versions. */
export function defineMigrations(component: string, migrations: readonly Migration[]): MigrationSet {
  if (!/^[a-z][a-z0-9_.-]{0,62}$/.test(component)) throw new MigrationError(`invalid migration component ${JSON.stringify(component)}`);
  let last = 0;
  for (const m of migrations) {
    if (!Number.isSafeInteger(m.version) || m.version <= last) {
      throw new MigrationError(`${component}: migration versions must be increasing integers ≥ 1 (at ${m.name})`);
    }
    last = m.version;
  }
  return Object.freeze({ component, migrations: Object.freeze([...migrations]) });
}

/** Reads `NNNN_description.sql` files from `dir`, ordered by version. Other files are an error. */
export function loadMigrations(component: string, dir: string | URL): MigrationSet {
  const path = typeof dir === "string" ? dir : fileURLToPath(dir);
  const files = readdirSync(path).filter((f) => f.endsWith(".sql"));
  const migrations = files.map((f) => {
    const m = FILE.exec(f);
    if (!m) throw new MigrationError(`${join(path, f)}: migration files are named NNNN_description.sql`);
    return { version: Number(m[1]), name: m[2]!, sql: readFileSync(join(path, f), "utf8") };
  });
  return defineMigrations(component, migrations.sort((a, b) => a.version - b.version));
}

const checksum = (sql: string) => createHash("sha256").update(sql.replaceAll("\r\n", "\n")).digest("hex");

export interface MigrateOptions {
  readonly url: string;
  readonly schema: string;
  readonly sets: readonly MigrationSet[];
  readonly logger: StorageLogger;
  readonly connectTimeoutMs?: number;
  /** Longest wait for another process's migration lock. Default 60 s. */
  readonly lockTimeoutMs?: number;
}

export interface AppliedMigration {
  readonly component: string;
  readonly version: number;
  readonly name: string;
}

/** Creates the schema if needed and applies pending migrations; resolves what it applied. */
export async function migrate(o: MigrateOptions): Promise<AppliedMigration[]> {
  const components = new Set<string>();
  for (const set of o.sets) {
    if (components.has(set.component)) throw new MigrationError(`migration component ${set.component} is listed twice`);
    components.add(set.component);
  }
  const client = new pg.Client({
    connectionString: o.url,
    options: sessionOptions(o.schema, 0),
    connectionTimeoutMillis: o.connectTimeoutMs ?? 5000,
    application_name: `${o.schema}-migrate`.slice(0, 63),
  });
  client.on("error", () => {}); // a lost connection surfaces as the failing query's error
  await client.connect();
  const schema = quoteIdent(o.schema);
  try {
    await client.query(`SET lock_timeout = ${Math.trunc(o.lockTimeoutMs ?? 60_000)}`);
    await client.query("SELECT pg_advisory_lock($1, hashtext($2))", [LOCK_CLASS, o.schema]);
    await client.query("SET lock_timeout = 0");
    const exists = await client.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [o.schema]);
    if (exists.rowCount === 0) {
      try {
        await client.query(`CREATE SCHEMA ${schema}`);
      } catch (err) {
        throw new MigrationError(
          `cannot create schema ${o.schema}: ${errorMessage(err)} (provision the instance with tse-provision, or connect as a role with CREATE on the database)`,
          { cause: err },
        );
      }
    }
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${schema}.schema_migrations (
         component text NOT NULL, version integer NOT NULL, name text NOT NULL, checksum text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (component, version))`,
    );
    const rows = await client.query<{ component: string; version: number; name: string; checksum: string }>(
      `SELECT component, version, name, checksum FROM ${schema}.schema_migrations`,
    );
    const applied = new Map(rows.rows.map((r) => [`${r.component}/${r.version}`, r]));
    for (const r of rows.rows) {
      const set = o.sets.find((s) => s.component === r.component);
      if (set && !set.migrations.some((m) => m.version === r.version)) {
        throw new MigrationError(
          `schema ${o.schema} has migration ${r.component}/${r.version} (${r.name}) that this code does not know — refusing to run an older version against a newer schema`,
        );
      }
    }
    const done: AppliedMigration[] = [];
    for (const set of o.sets) {
      for (const m of set.migrations) {
        const sum = checksum(m.sql);
        const previous = applied.get(`${set.component}/${m.version}`);
        if (previous) {
          if (previous.checksum !== sum) {
            throw new MigrationError(
              `migration ${set.component}/${m.version} (${m.name}) was changed after it was applied to schema ${o.schema}; add a new migration instead`,
            );
          }
          continue;
        }
        try {
          await client.query("BEGIN");
          await client.query(m.sql);
          await client.query(
            `INSERT INTO ${schema}.schema_migrations (component, version, name, checksum) VALUES ($1, $2, $3, $4)`,
            [set.component, m.version, m.name, sum],
          );
          await client.query("COMMIT");
        } catch (err) {
          await client.query("ROLLBACK").catch(() => {});
          throw new MigrationError(`migration ${set.component}/${m.version} (${m.name}) failed: ${errorMessage(err)}`, {
            cause: err,
          });
        }
        o.logger.info({ schema: o.schema, component: set.component, version: m.version, name: m.name }, "migration applied");
        done.push({ component: set.component, version: m.version, name: m.name });
      }
    }
    return done;
  } finally {
    // Closing the session releases the advisory lock even if the unlock query cannot run.
    await client.query("SELECT pg_advisory_unlock_all()").catch(() => {});
    await client.end().catch(() => {});
  }
}
