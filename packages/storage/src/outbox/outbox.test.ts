/**
 * The outbox against real PostgreSQL (through a proxy the test cuts) and a real journal file.
 */
import { postgresAvailable, waitFor } from "@tse/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { StorageUnavailableError, WriteRejectedError } from "../errors.js";
import type { NewEvent } from "../event-log.js";
import { PostgresEventStore } from "../postgres/event-store.js";
import { balanceMigrations, balanceProjection } from "../sample/balances.js";
import { type HarnessOptions, type OutboxHarness, outboxHarness } from "../test-support/outbox-harness.js";
import { adminRows } from "../test-support/pg.js";
import { JournalFile } from "./journal-file.js";
import { decodeRecord } from "./record.js";

const available = await postgresAvailable();

const credit = (amount: string, account = "acct"): NewEvent => ({
  type: "balance.credited",
  data: { account, asset: "USD", amount },
});

describe.skipIf(!available)("Outbox (real PostgreSQL, journal file)", () => {
  let h: OutboxHarness | undefined;
  afterEach(async () => {
    await h?.cleanup();
    h = undefined;
  });
  const harness = async (o: HarnessOptions = {}) => {
    h = await outboxHarness({ migrations: [balanceMigrations], projections: [balanceProjection], ...o });
    return h;
  };
  const storedSeqs = async () =>
    (await adminRows<{ seq: string }>(h!.identity.schema, "SELECT seq FROM event_log ORDER BY seq")).map((r) => Number(r.seq));
  const balance = async () =>
    (await adminRows<{ amount: string }>(h!.identity.schema, "SELECT amount FROM balances"))[0]?.amount;

  it("journals while PostgreSQL is cut, then replays in order, exactly once, and writes directly again", async () => {
    const { proxy, open } = await harness();
    const { outbox, journal, metrics } = await open();
    expect(await outbox.append([credit("1")])).toEqual({ firstSeq: 1, lastSeq: 1, durability: "postgres" });

    proxy.cut();
    const receipts = await Promise.all([0, 1, 2, 3].map(() => outbox.append([credit("0.1"), credit("0.01")])));
    expect(receipts.every((r) => r.durability === "journal")).toBe(true);
    expect(receipts.map((r) => [r.firstSeq, r.lastSeq]).sort((a, b) => a[0]! - b[0]!)).toEqual([
      [2, 3],
      [4, 5],
      [6, 7],
      [8, 9],
    ]);
    expect(outbox.mode).toBe("journal");
    expect(journal.sizeBytes).toBeGreaterThan(0);
    metrics.expectGauge("storage_outbox_pending").toBe(8);
    metrics.expectCounter("storage_outbox_journaled_total").toBe(8);
    metrics.expectCounter("storage_write_errors_total", { reason: "postgres_unavailable" }).toBeGreaterThan(0);
    // The writer reads its own acknowledged events during the outage.
    expect(outbox.pendingFrom(8).map((e) => e.seq)).toEqual([8, 9]);
    expect(outbox.health()).toEqual({ ok: true });

    proxy.restore();
    await waitFor(() => outbox.pendingEvents === 0 && outbox.mode === "direct", { what: "journal replayed" });
    expect(await storedSeqs()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(await balance()).toBe("1.44");
    expect(journal.sizeBytes).toBe(0);
    metrics.expectCounter("storage_outbox_replayed_total").toBe(8);
    metrics.expectGauge("storage_outbox_pending").toBe(0);
    expect(await outbox.append([credit("1")])).toEqual({ firstSeq: 10, lastSeq: 10, durability: "postgres" });
  });

  it("stores nothing twice when a crash interrupted a replay half-way", async () => {
    const { proxy, open, crash, journalPath } = await harness();
    const first = await open();
    proxy.cut();
    for (let i = 0; i < 10; i++) await first.outbox.append([credit("0.1")]);
    await crash(first); // no graceful close: the journal is all that is left
    proxy.restore();

    // The dead process's replay had already committed the first four records.
    const { journal, entries } = await JournalFile.open(journalPath, 1 << 24);
    await journal.close();
    const second = await open();
    await new PostgresEventStore(second.pool, [balanceProjection]).persist(entries.slice(0, 4).map(decodeRecord));

    await waitFor(() => second.outbox.pendingEvents === 0, { what: "replay after restart" });
    expect(await storedSeqs()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(await balance()).toBe("1.0"); // ten credits of 0.1 — not 1.4
    expect(second.outbox.lastSeq).toBe(10);
    expect(await second.outbox.append([credit("0.1")])).toMatchObject({ firstSeq: 11, durability: "postgres" });
  });

  it("without projections (COPY) too: a replay that finds part of its batch stored stores the rest, once", async () => {
    h = await outboxHarness();
    const { proxy, open, crash, journalPath } = h;
    const first = await open();
    proxy.cut();
    for (let i = 0; i < 10; i++) await first.outbox.append([credit(`0.${i + 1}`)]);
    await crash(first);
    proxy.restore();

    // The dead process's replay had already committed the first four records.
    const { journal, entries } = await JournalFile.open(journalPath, 1 << 24);
    await journal.close();
    const second = await open();
    await new PostgresEventStore(second.pool).persist(entries.slice(0, 4).map(decodeRecord));

    await waitFor(() => second.outbox.pendingEvents === 0, { what: "replay after restart" });
    const rows = await adminRows<{ seq: string; amount: string }>(h.identity.schema, "SELECT seq, data->>'amount' AS amount FROM event_log ORDER BY seq");
    expect(rows).toEqual(Array.from({ length: 10 }, (_, i) => ({ seq: String(i + 1), amount: `0.${i + 1}` })));
    expect(await second.outbox.append([credit("0.1")])).toMatchObject({ firstSeq: 11, durability: "postgres" });
  });

  it("refuses appends beyond the pending limit with 503 semantics, consuming no seq", async () => {
    const { proxy, open } = await harness({ maxPendingEvents: 3 });
    const { outbox, metrics } = await open();
    proxy.cut();
    await outbox.append([credit("1"), credit("1")]);
    await outbox.append([credit("1")]);
    const refused = await outbox.append([credit("1")]).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(StorageUnavailableError);
    expect(refused).toMatchObject({ reason: "backlog_full", httpStatus: 503, grpcCode: 14 });
    expect(outbox.health()).toMatchObject({ ok: false, reason: "backlog_full" });
    metrics.expectCounter("storage_write_errors_total", { reason: "backlog_full" }).toBe(1);
    proxy.restore();
    await waitFor(() => outbox.pendingEvents === 0, { what: "replay" });
    expect(await outbox.append([credit("1")])).toEqual({ firstSeq: 4, lastSeq: 4, durability: "postgres" });
    expect(await storedSeqs()).toEqual([1, 2, 3, 4]);
  });

  it("refuses when the journal is full, consuming no seq", async () => {
    const { proxy, open } = await harness({ journalMaxBytes: 400 });
    const { outbox, metrics } = await open();
    proxy.cut();
    const receipts = [];
    let refused: unknown;
    for (let i = 0; i < 20 && !refused; i++) {
      await outbox.append([credit("0.5")]).then(
        (r) => receipts.push(r),
        (e: unknown) => {
          refused = e;
        },
      );
    }
    expect(refused).toMatchObject({ name: "StorageUnavailableError", reason: "journal_full" });
    expect(outbox.health()).toMatchObject({ ok: false, reason: "journal_full" });
    metrics.expectCounter("storage_write_errors_total", { reason: "journal_full" }).toBe(1);
    proxy.restore();
    await waitFor(() => outbox.mode === "direct", { what: "replay" });
    expect(await outbox.append([credit("0.5")])).toMatchObject({ firstSeq: receipts.length + 1, durability: "postgres" });
    expect(outbox.health()).toEqual({ ok: true });
  });

  it("refuses when the journal cannot be written, and recovers when PostgreSQL returns", async () => {
    const { proxy, open } = await harness();
    const { outbox, journal, metrics } = await open();
    proxy.cut();
    expect(await outbox.append([credit("1")])).toMatchObject({ firstSeq: 1, durability: "journal" });
    await journal.close(); // the journal's file can no longer be written
    await expect(outbox.append([credit("1")])).rejects.toMatchObject({ reason: "journal_unwritable" });
    expect(outbox.health()).toMatchObject({ ok: false, reason: "journal_unwritable" });
    metrics.expectCounter("storage_write_errors_total", { reason: "journal_unwritable" }).toBe(1);
    proxy.restore();
    await waitFor(() => outbox.mode === "direct", { what: "replay" });
    expect(await outbox.append([credit("1")])).toMatchObject({ firstSeq: 2, durability: "postgres" });
    expect(await storedSeqs()).toEqual([1, 2]);
  });

  it("rejects only the write PostgreSQL refuses; its batch-mates are stored", async () => {
    const { open } = await harness();
    const { outbox, metrics } = await open();
    // Queued together, so they share one transaction until the refusal splits it.
    const results = await Promise.allSettled([
      outbox.append([credit("1")]),
      outbox.append([credit("-5")]), // violates the projection's CHECK (amount >= 0)
      outbox.append([credit("2")]),
    ]);
    expect(results[0]).toMatchObject({ status: "fulfilled", value: { firstSeq: 1 } });
    expect(results[1]).toMatchObject({ status: "rejected" });
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(WriteRejectedError);
    expect(String((results[1] as PromiseRejectedResult).reason.message)).toMatch(/balances_amount_check/);
    expect(results[2]).toMatchObject({ status: "fulfilled", value: { firstSeq: 2 } });
    metrics.expectCounter("storage_write_errors_total", { reason: "rejected" }).toBe(1);
    expect(await storedSeqs()).toEqual([1, 2]);
    expect(await balance()).toBe("3");
  });

  it("never drops a journaled write PostgreSQL refuses on replay: replay blocks and says so", async () => {
    const { proxy, open } = await harness();
    const { outbox, metrics } = await open();
    proxy.cut();
    await outbox.append([credit("-1")]); // acknowledged from the journal; the projection will refuse it
    await outbox.append([credit("1")]);
    proxy.restore();
    await waitFor(() => metrics.value("storage_write_errors_total", { reason: "replay_failed" }) > 0, { what: "replay refusal" });
    expect(outbox.health()).toMatchObject({ ok: false, reason: "replay_failed" });
    expect(outbox.pendingEvents).toBe(2);
    expect(await storedSeqs()).toEqual([]);
    expect(h!.logger.lines.some((l) => l.level === "error" && /replay refused/.test(l.message))).toBe(true);
  });
});
