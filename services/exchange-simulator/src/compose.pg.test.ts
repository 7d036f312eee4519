/**
 * The service on real PostgreSQL and Redis: restart recovery (whole log and snapshot), fail-stop, instance
 * isolation and discovery.
 * Needs 127.0.0.1:5432 (trust) and 127.0.0.1:6379 (TEST_POSTGRES_URL / TEST_REDIS_URL override); under CI a
 * missing server fails the run, elsewhere these tests skip loudly.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { postgresAvailable, postgresUrl, redisAvailable, redisUrl, uniqueName, waitFor } from "@tse/testkit";
import { afterAll, describe, expect, it } from "vitest";
import { fundedAccount, type Harness, startExchange } from "./test-support/exchange-harness.js";
import { redisGet } from "./test-support/redis-get.js";

const available = (await postgresAvailable()) && (await redisAvailable());
const journalDir = mkdtempSync(join(tmpdir(), "exchange-journal-"));
afterAll(() => rmSync(journalDir, { recursive: true, force: true }));

const envFor = (instance: string) => ({
  SERVICE_INSTANCE_NAME: instance,
  POSTGRES_URL: postgresUrl(),
  REDIS_URL: redisUrl(),
  STORAGE_JOURNAL_DIR: journalDir,
  DISCOVERY_HEARTBEAT_MS: "1000",
});

async function dropAndStop(h: Harness): Promise<void> {
  await h.composition.storage.sql?.query(`DROP SCHEMA IF EXISTS "${h.service.identity.schema}" CASCADE`);
  await h.stop();
}

const order = (accountId: string, side: "BUY" | "SELL", price: string, quantity: string) => ({
  accountId,
  symbol: "BTC-USD",
  side,
  type: "LIMIT",
  price,
  quantity,
});

/** Everything a client can observe about the state, plus the engine's own deterministic dump. */
async function observe(h: Harness, accounts: string[], orderIds: string[]) {
  return {
    books: await Promise.all(["BTC-USD", "ETH-USD"].map(async (s) => (await h.call("GET", `/orderbook/${s}?depth=1000`)).body)),
    balances: await Promise.all(accounts.map(async (a) => (await h.call("GET", `/accounts/${a}/balances`)).body)),
    orders: await Promise.all(orderIds.map(async (id) => (await h.call("GET", `/orders/${id}`)).body)),
    trades: (await h.call("GET", "/trades/BTC-USD")).body,
    engine: h.composition.app.exchange.engine.exportState(),
  };
}

describe.skipIf(!available)("exchange on PostgreSQL + Redis", () => {
  it("restarts with identical books, balances and orders (the log replays)", async () => {
    const instance = uniqueName("exchange-it-");
    let h = await startExchange(envFor(instance));
    try {
      expect(h.composition.storage.backends).toEqual({ events: "postgres", kv: "redis" });
      const a = await fundedAccount(h, "a");
      const b = await fundedAccount(h, "b");
      const ids: string[] = [];
      for (const [acc, side, price, qty] of [
        [a, "SELL", "30000.00", "0.5"],
        [a, "SELL", "30010.00", "0.4"],
        [b, "BUY", "30005.00", "0.7"],
        [b, "BUY", "29990.00", "0.3"],
      ] as const) {
        const r = await h.call("POST", "/orders", order(acc, side, price, qty));
        expect(r.status).toBe(201);
        ids.push(r.body.order.orderId);
      }
      await h.call("PATCH", `/orders/${ids[3]}`, { quantity: "0.2" });
      await h.call("DELETE", `/orders/${ids[1]}`);
      const before = await observe(h, [a, b], ids);
      expect(before.trades.length).toBeGreaterThan(0);
      await h.stop();

      h = await startExchange(envFor(instance));
      expect(await observe(h, [a, b], ids)).toEqual(before);
      // The restored instance keeps trading and numbering from where it stopped.
      const next = await h.call("POST", "/orders", order(b, "BUY", "29000.00", "0.1"));
      expect(Number(next.body.order.orderId)).toBeGreaterThan(Math.max(...ids.map(Number)));
    } finally {
      await dropAndStop(h);
    }
  });

  it("restarts from the latest snapshot plus the events after it, with the same state", async () => {
    const instance = uniqueName("exchange-snap-");
    const env = { ...envFor(instance), SNAPSHOT_INTERVAL_EVENTS: "6" };
    let h = await startExchange(env);
    try {
      const a = await fundedAccount(h, "a");
      const b = await fundedAccount(h, "b");
      const ids: string[] = [];
      for (const [acc, side, price, qty] of [
        [a, "SELL", "30000.00", "0.5"],
        [b, "BUY", "30005.00", "0.2"],
        [b, "BUY", "29990.00", "0.3"],
      ] as const) {
        const r = await h.call("POST", "/orders", order(acc, side, price, qty));
        expect(r.status).toBe(201);
        ids.push(r.body.order.orderId);
      }
      const snapshots = h.composition.snapshots!;
      await waitFor(() => snapshots.saved > 0, { what: "a snapshot" });
      await snapshots.idle();
      const snapshotSeq = (await h.composition.storage.events.loadSnapshot())!.seq;
      expect(snapshotSeq).toBeGreaterThan(0);
      const before = await observe(h, [a, b], ids);
      await h.stop();

      h = await startExchange(env);
      expect(h.composition.restored.snapshotSeq).toBeGreaterThanOrEqual(snapshotSeq);
      expect(h.composition.restored.snapshotSeq + h.composition.restored.events).toBe(before.engine.lastSeq);
      expect(await observe(h, [a, b], ids)).toEqual(before);
    } finally {
      await dropAndStop(h);
    }
  });

  it("fails stop when the event log refuses a write: 503, not ready, nothing unacknowledged survives", async () => {
    const instance = uniqueName("exchange-fs-");
    let h = await startExchange(envFor(instance));
    try {
      const a = await fundedAccount(h, "a");
      const kept = await h.call("POST", "/orders", order(a, "BUY", "100.00", "1"));
      expect(kept.status).toBe(201);
      await h.composition.storage.close(); // every later append is refused (StorageUnavailableError "closed")

      const lost = await h.call("POST", "/orders", order(a, "BUY", "101.00", "1"));
      expect(lost.status).toBe(503);
      expect(lost.body.error.code).toBe("unavailable");
      const book = (await h.call("GET", "/orderbook/BTC-USD")).body;
      const refused = await h.call("POST", "/accounts", { accountId: "late" });
      expect(refused.status).toBe(503);
      expect((await h.call("GET", "/orderbook/BTC-USD")).body).toEqual(book);
      const ready = await h.call("GET", "/api/v1/ready");
      expect(ready.status).toBe(503);
      expect(ready.body.checks).toContainEqual(expect.objectContaining({ name: "exchange_journal", healthy: false }));
      await h.stop();

      h = await startExchange(envFor(instance));
      const bids = (await h.call("GET", "/orderbook/BTC-USD")).body.bids;
      expect(bids).toEqual([["100.00", "1.0000"]]);
      expect((await h.call("GET", "/accounts/late/balances")).status).toBe(404);
      expect((await h.call("GET", "/api/v1/ready")).status).toBe(200);
    } finally {
      await dropAndStop(h);
    }
  });

  it("isolates two instances on one PostgreSQL and one Redis, each in discovery", async () => {
    const binance = await startExchange(envFor(uniqueName("exchange-binance-")));
    const coinbase = await startExchange(envFor(uniqueName("exchange-coinbase-")));
    try {
      const acc = await fundedAccount(binance, "shared-name");
      expect((await binance.call("POST", "/orders", order(acc, "BUY", "100.00", "1"))).status).toBe(201);

      expect((await binance.call("GET", "/orderbook/BTC-USD")).body.bids).toEqual([["100.00", "1.0000"]]);
      expect((await coinbase.call("GET", "/orderbook/BTC-USD")).body.bids).toEqual([]);
      expect((await coinbase.call("GET", "/accounts/shared-name/balances")).status).toBe(404);
      // The same account id on the other instance is a different account.
      expect((await coinbase.call("POST", "/accounts", { accountId: "shared-name" })).status).toBe(201);

      const [ib, ic] = [binance.service.identity, coinbase.service.identity];
      expect(ib.schema).not.toBe(ic.schema);
      expect(ib.redisPrefix).not.toBe(ic.redisPrefix);
      for (const h of [binance, coinbase]) {
        const record = JSON.parse((await redisGet(redisUrl(), h.service.identity.discoveryKey)) ?? "null");
        expect(record).toMatchObject({
          service: "exchange-simulator",
          instance_name: h.service.identity.instanceName,
          http_endpoint: `127.0.0.1:${h.service.httpPort}`,
          grpc_endpoint: `127.0.0.1:${h.service.grpcPort}`,
        });
      }
    } finally {
      await dropAndStop(binance);
      await dropAndStop(coinbase);
    }
    // Deregistered on shutdown.
    expect(await redisGet(redisUrl(), binance.service.identity.discoveryKey)).toBeNull();
  });
});
