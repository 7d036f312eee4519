/**
 * Fault test, end to end through openStorage: PostgreSQL is cut away in the middle of a write load.
 *
 * Why a TCP proxy rather than stopping a private cluster: the proxy cuts in microseconds at a moment the test
 * chooses, can also *stall* (the partition clients only notice through timeouts), keeps the shared server
 * serving everyone else, and costs no initdb — the suite stays fast on two shared cores. What is under test
 * is the client side (pool, outbox, journal, readiness), which sees the same resets and silences either way.
 */
import { createRecordingMetrics } from "@tse/metrics-port/testing";
import { postgresAvailable, postgresUrl, waitFor } from "@tse/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { StorageUnavailableError } from "./errors.js";
import type { AppendReceipt } from "./event-log.js";
import { balanceMigrations, balanceProjection, balanceRepository } from "./sample/balances.js";
import { adminRows } from "./test-support/pg.js";
import { openTestStorage, type TestStorage } from "./test-support/storage.js";
import { TcpProxy } from "./test-support/tcp-proxy.js";

const available = await postgresAvailable();

interface Ack {
  readonly writer: number;
  readonly receipt: AppendReceipt;
}

// Both write paths: with a projection (INSERT in a transaction), and without (COPY, one statement).
describe.skipIf(!available).each([
  { path: "a projection: INSERT in a transaction", projected: true },
  { path: "no projection: COPY", projected: false },
])("PostgreSQL cut away mid-load (real server behind a TCP proxy), $path", ({ projected }) => {
  let proxy: TcpProxy | undefined;
  let t: TestStorage | undefined;
  afterEach(async () => {
    await t?.cleanup();
    await proxy?.close();
  });

  async function setup(queryTimeoutMs: number) {
    const target = new URL(postgresUrl());
    proxy = await TcpProxy.start(target.hostname, Number(target.port || 5432));
    const metrics = createRecordingMetrics();
    t = await openTestStorage({
      config: { postgresUrl: proxy.urlFor(postgresUrl()), pgQueryTimeoutMs: queryTimeoutMs, pgConnectTimeoutMs: queryTimeoutMs },
      migrations: [balanceMigrations],
      projections: projected ? [balanceProjection] : [],
      metrics,
    });
    const pgCheck = t.storage.readiness.find((c) => c.name === "postgres")!;
    const repo = balanceRepository(t.storage);
    const acks: Ack[] = [];
    const refusals: unknown[] = [];
    let stop = false;
    // Eight clients crediting 0.001 in a loop: every acknowledged credit must end up in PostgreSQL once.
    const writers = Array.from({ length: 8 }, async (_, writer) => {
      while (!stop) {
        try {
          acks.push({ writer, receipt: await repo.credit(`w${writer}`, "USD", "0.001") });
        } catch (err) {
          refusals.push(err);
          return;
        }
      }
    });
    const count = (d: string) => acks.filter((a) => a.receipt.durability === d).length;
    const finish = async () => {
      stop = true;
      await Promise.all(writers);
    };
    return { metrics, pgCheck, acks, refusals, count, finish, storage: t.storage };
  }

  async function verifyExactlyOnce(acks: readonly Ack[], schema: string) {
    const rows = await adminRows<{ seq: string; account: string }>(
      schema,
      "SELECT seq, data->>'account' AS account FROM event_log ORDER BY seq",
    );
    // Dense 1..N, nothing extra, nothing missing, nothing twice, each seq holding what its writer wrote.
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: acks.length }, (_, i) => i + 1));
    for (const a of acks) expect(rows[a.receipt.firstSeq - 1]!.account).toBe(`w${a.writer}`);
    if (!projected) return;
    // The projection applied each event exactly once: balances are exact multiples of 0.001.
    const balances = await adminRows<{ account: string; amount: string }>(schema, "SELECT account, amount FROM balances");
    const expected = new Map<string, number>();
    for (const a of acks) expected.set(`w${a.writer}`, (expected.get(`w${a.writer}`) ?? 0) + 1);
    expect(new Map(balances.map((b) => [b.account, b.amount]))).toEqual(
      new Map([...expected].map(([account, n]) => [account, (n / 1000).toFixed(3)])),
    );
  }

  it("connections reset: writes are journaled, none lost or duplicated, readiness recovers by itself", async () => {
    const s = await setup(2000);
    await s.pgCheck.check();
    await waitFor(() => s.count("postgres") >= 50, { what: "direct writes" });

    proxy!.cut();
    await waitFor(() => s.count("journal") >= 100, { what: "journaled writes during the cut" });
    await expect(s.pgCheck.check()).rejects.toThrow();
    s.metrics.expectGauge("storage_outbox_pending").toBeGreaterThan(0);
    const outboxCheck = s.storage.readiness.find((c) => c.name === "storage_outbox")!;
    await outboxCheck.check(); // the journal covers the outage: writes are still being taken
    // Reads: the writer still sees its own acknowledged tail; what needs PostgreSQL is a clean 503.
    const last = s.storage.events.lastSeq();
    expect((await s.storage.events.readFrom(last, 1)).map((e) => e.seq)).toEqual([last]);
    await expect(s.storage.events.readFrom(1, 1)).rejects.toBeInstanceOf(StorageUnavailableError);
    await expect(s.storage.sql!.query("SELECT 1")).rejects.toBeInstanceOf(StorageUnavailableError);

    proxy!.restore();
    await waitFor(() => s.pgCheck.check().then(() => true), { what: "postgres readiness to recover" });
    const directBefore = s.count("postgres");
    await waitFor(() => s.count("postgres") >= directBefore + 50, { what: "direct writes after recovery" });
    await s.finish();

    expect(s.refusals).toEqual([]);
    await waitFor(() => s.metrics.value("storage_outbox_pending") === 0, { what: "journal drained" });
    s.metrics.expectCounter("storage_outbox_replayed_total").toBe(s.count("journal"));
    await verifyExactlyOnce(s.acks, t!.identity.schema);
  });

  it("connections stall silently: timeouts turn into journaled writes, and nothing is lost either", async () => {
    const s = await setup(300);
    await waitFor(() => s.count("postgres") >= 20, { what: "direct writes" });

    proxy!.stall();
    await waitFor(() => s.count("journal") >= 50, { timeoutMs: 15_000, what: "journaled writes during the stall" });
    await expect(s.pgCheck.check(AbortSignal.timeout(1000))).rejects.toThrow();

    proxy!.restore();
    await waitFor(() => s.pgCheck.check().then(() => true), { what: "postgres readiness to recover" });
    await waitFor(() => s.metrics.value("storage_outbox_pending") === 0, { what: "journal drained" });
    await s.finish();

    expect(s.refusals).toEqual([]);
    await verifyExactlyOnce(s.acks, t!.identity.schema);
  });
});
