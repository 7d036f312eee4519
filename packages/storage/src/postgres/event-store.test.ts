/**
 * PostgresEventStore's write paths against real PostgreSQL: COPY for fresh seqs, the idempotent INSERT when some
 * are stored already (replay), and the conflict check.
 */
import { postgresAvailable, postgresUrl } from "@tse/testkit";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventLogConflictError } from "../errors.js";
import { encodeEvents } from "../events-encoding.js";
import type { OutboxRecord } from "../outbox/record.js";
import { recordingLogger } from "../test-support/logger.js";
import { adminRows, dropSchema, testIdentity } from "../test-support/pg.js";
import { openTestStorage, type TestStorage } from "../test-support/storage.js";
import { copyText, EVENT_LOG_COPY } from "./event-log-copy.js";
import { PostgresEventStore } from "./event-store.js";
import { loadMigrations, migrate, STORAGE_MIGRATIONS_DIR } from "./migrate.js";
import { createPgPool } from "./pool.js";

const available = await postgresAvailable();

const AT = "2026-11-23T12:00:00.000Z";
const record = (seq: number, ...amounts: string[]): OutboxRecord => ({
  seq,
  at: AT,
  events: encodeEvents(amounts.map((amount) => ({ type: "credited", data: { amount } }))),
});

describe("copyText", () => {
  it("escapes exactly the characters COPY's text format treats specially", () => {
    expect(copyText('{"a":"x"}')).toBe('{"a":"x"}');
    expect(copyText("a\\b\tc\nd\re")).toBe("a\\\\b\\tc\\nd\\re");
  });
});

describe.skipIf(!available)("PostgresEventStore (real PostgreSQL)", () => {
  const identity = testIdentity();
  let pool: pg.Pool;
  let store: PostgresEventStore;
  const rows = () => adminRows<{ seq: string; data: string }>(identity.schema, "SELECT seq, data::text AS data FROM event_log ORDER BY seq");

  beforeAll(async () => {
    const logger = recordingLogger();
    await migrate({ url: postgresUrl(), schema: identity.schema, sets: [loadMigrations("storage", STORAGE_MIGRATIONS_DIR)], logger });
    pool = createPgPool(postgresUrl(), {
      schema: identity.schema,
      max: 2,
      queryTimeoutMs: 5000,
      connectTimeoutMs: 2000,
      applicationName: identity.instanceName,
      logger,
    });
    store = new PostgresEventStore(pool);
  });
  afterAll(async () => {
    await pool?.end();
    await dropSchema(identity.schema);
  });

  it("writes fresh records with one COPY (the fast path), outside any transaction block", async () => {
    await store.persist([record(1, "1")]);
    // pg_stat_activity shows each idle connection's last statement.
    const last = await adminRows<{ query: string }>(
      identity.schema,
      `SELECT query FROM pg_stat_activity WHERE application_name = '${identity.instanceName}' AND state = 'idle'`,
    );
    expect(last.map((r) => r.query)).toEqual([EVENT_LOG_COPY]);
  });

  it("stores fresh records, then skips the stored part of a replayed batch and stores the rest", async () => {
    await store.persist([record(2, "2", "3")]);
    await store.persist([record(2, "2", "3"), record(4, "4")]); // seqs 2-3 again: a replay after an in-doubt commit
    await store.persist([record(5, "5")]);
    expect(await rows()).toEqual([
      { seq: "1", data: '{"amount":"1"}' },
      { seq: "2", data: '{"amount":"2"}' },
      { seq: "3", data: '{"amount":"3"}' },
      { seq: "4", data: '{"amount":"4"}' },
      { seq: "5", data: '{"amount":"5"}' },
    ]);
  });

  it("refuses a batch with different content at a stored seq, storing none of it", async () => {
    // Seq 4 as stored, seq 5 different, seq 6 fresh.
    const err = await store.persist([record(4, "4", "changed"), record(6, "6")]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EventLogConflictError);
    expect((err as EventLogConflictError).seq).toBe(5);
    expect((await rows()).map((r) => r.seq)).toEqual(["1", "2", "3", "4", "5"]);
  });
});

describe.skipIf(!available)("PostgreSQL event log: COPY round trip", () => {
  let t: TestStorage;
  beforeAll(async () => {
    t = await openTestStorage();
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it("stores types and JSON with backslashes, tabs, newlines, quotes and non-ASCII text byte for byte", async () => {
    const events = [
      { type: "tab\there", data: { s: "back\\slash \"quoted\"\ttab\nnewline\rreturn", u: "€ 😀 ü", n: -1.5e-7 } },
      { type: "line\nbreak\\", data: ["\\.", "\\N", "", null, true] },
      { type: "plain", data: "\\" },
    ];
    await t.storage.events.append(events);
    const stored = await adminRows<{ seq: string; type: string; data: string }>(
      t.identity.schema,
      "SELECT seq, type, data::text AS data FROM event_log ORDER BY seq",
    );
    expect(stored).toEqual(events.map((e, i) => ({ seq: String(i + 1), type: e.type, data: JSON.stringify(e.data) })));
    expect((await t.storage.events.readFrom(1)).map(({ type, data }) => ({ type, data }))).toEqual(events);
  });
});
