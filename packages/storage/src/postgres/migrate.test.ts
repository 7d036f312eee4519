import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { postgresAvailable, postgresUrl } from "@tse/testkit";
import { afterAll, describe, expect, it } from "vitest";
import { recordingLogger } from "../test-support/logger.js";
import { adminRows, dropSchema, testIdentity } from "../test-support/pg.js";
import { assertInstanceSchema } from "./identifier.js";
import { defineMigrations, loadMigrations, MigrationError, migrate, STORAGE_MIGRATIONS_DIR } from "./migrate.js";
import { createPgPool } from "./pool.js";

describe("migration files", () => {
  it("loads this package's own migrations in version order", () => {
    const set = loadMigrations("storage", STORAGE_MIGRATIONS_DIR);
    expect(set.component).toBe("storage");
    expect(set.migrations.map((m) => [m.version, m.name])).toEqual([[1, "event_log"]]);
  });

  it("refuses misnamed files and non-increasing versions", () => {
    const dir = mkdtempSync(join(tmpdir(), "tse-mig-"));
    try {
      writeFileSync(join(dir, "1_short.sql"), "SELECT 1");
      expect(() => loadMigrations("x", dir)).toThrow(/NNNN_description\.sql/);
    } finally {
      rmSync(dir, { recursive: true });
    }
    expect(() => defineMigrations("x", [{ version: 2, name: "b", sql: "" }, { version: 2, name: "c", sql: "" }])).toThrow(
      MigrationError,
    );
    expect(() => defineMigrations("Bad Name", [])).toThrow(MigrationError);
  });

  it("refuses instance schemas PostgreSQL reserves", () => {
    for (const s of ["public", "information_schema", "pg_stats"]) expect(() => assertInstanceSchema(s)).toThrow(/reserved/);
    expect(() => assertInstanceSchema('a"b')).toThrow(RangeError);
    expect(() => assertInstanceSchema("exchange_sim_001")).not.toThrow();
    expect(() => assertInstanceSchema("001_sim")).not.toThrow();
  });
});

const available = await postgresAvailable();

describe.skipIf(!available)("migrate (real PostgreSQL)", () => {
  const schemas: string[] = [];
  afterAll(async () => {
    for (const s of schemas) await dropSchema(s);
  });
  const fresh = () => {
    const { schema } = testIdentity();
    schemas.push(schema);
    return schema;
  };
  const logger = recordingLogger();
  const url = postgresUrl();
  // Not idempotent on purpose: applying it twice would fail (table exists) or double the row.
  const counter = defineMigrations("app", [
    { version: 1, name: "counter", sql: "CREATE TABLE counter (n int NOT NULL); INSERT INTO counter VALUES (1);" },
    { version: 2, name: "amounts", sql: "CREATE TABLE amounts (v numeric NOT NULL);" },
  ]);

  it("creates the schema, applies each migration once, and is idempotent", async () => {
    const schema = fresh();
    const first = await migrate({ url, schema, sets: [counter], logger });
    expect(first.map((m) => m.version)).toEqual([1, 2]);
    expect(await migrate({ url, schema, sets: [counter], logger })).toEqual([]);
    expect(await adminRows(schema, "SELECT n FROM counter")).toEqual([{ n: 1 }]);
    const recorded = await adminRows(schema, "SELECT component, version, name FROM schema_migrations ORDER BY version");
    expect(recorded).toEqual([
      { component: "app", version: 1, name: "counter" },
      { component: "app", version: 2, name: "amounts" },
    ]);
  });

  it("is safe when several processes start at once (advisory lock)", async () => {
    const schema = fresh();
    const results = await Promise.all([1, 2, 3, 4].map(() => migrate({ url, schema, sets: [counter], logger })));
    expect(results.map((r) => r.length).sort()).toEqual([0, 0, 0, 2]);
    expect(await adminRows(schema, "SELECT n FROM counter")).toEqual([{ n: 1 }]);
  });

  it("refuses an applied migration that was edited, and a schema newer than the code", async () => {
    const schema = fresh();
    await migrate({ url, schema, sets: [counter], logger });
    const edited = defineMigrations("app", [{ ...counter.migrations[0]!, sql: "CREATE TABLE counter (n bigint);" }, counter.migrations[1]!]);
    await expect(migrate({ url, schema, sets: [edited], logger })).rejects.toThrow(/changed after it was applied/);
    const older = defineMigrations("app", [counter.migrations[0]!]);
    await expect(migrate({ url, schema, sets: [older], logger })).rejects.toThrow(/does not know/);
  });

  it("rolls back a failing migration and names it", async () => {
    const schema = fresh();
    const broken = defineMigrations("app", [{ version: 1, name: "broken", sql: "CREATE TABLE ok (n int); SELECT no_such_column FROM ok;" }]);
    await expect(migrate({ url, schema, sets: [broken], logger })).rejects.toThrow(/app\/1 \(broken\) failed: column "no_such_column"/);
    expect(await adminRows(schema, "SELECT to_regclass('ok') IS NULL AS gone")).toEqual([{ gone: true }]);
  });

  it("pins every pooled connection to the schema, and keeps NUMERIC exact", async () => {
    const schema = fresh();
    await migrate({ url, schema, sets: [counter], logger });
    const pool = createPgPool(url, { schema, max: 2, queryTimeoutMs: 2000, connectTimeoutMs: 1000, applicationName: "t", logger });
    try {
      const paths = await Promise.all([1, 2, 3].map(() => pool.query<{ search_path: string }>("SHOW search_path")));
      expect(new Set(paths.map((r) => r.rows[0]!.search_path))).toEqual(new Set([`"${schema}"`]));
      await pool.query("INSERT INTO amounts VALUES ($1), ($2)", ["0.1", "0.2"]);
      const sum = await pool.query<{ total: unknown }>("SELECT sum(v) AS total FROM amounts");
      expect(sum.rows[0]!.total).toBe("0.3");
      const big = await pool.query<{ v: unknown }>("SELECT $1::numeric * 3 AS v", ["123456789012345678901234567890.123456789"]);
      expect(big.rows[0]!.v).toBe("370370367037037036703703703670.370370367");
    } finally {
      await pool.end();
    }
  });
});
