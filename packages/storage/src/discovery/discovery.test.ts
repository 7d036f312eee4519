import { createRecordingMetrics } from "@tse/metrics-port/testing";
import { resolveIdentity } from "@tse/service-kit/identity";
import { privateRedisAvailable, redisAvailable, redisUrl, startPrivateRedis, uniqueName, waitFor } from "@tse/testkit";
import { Redis } from "ioredis";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { recordingLogger } from "../test-support/logger.js";
import { parseDiscoveryRecord } from "./record.js";
import { type Discovery, type DiscoveryOptions, startDiscovery } from "./registration.js";

describe("discovery records", () => {
  it("parses only well-formed records", () => {
    const ok = {
      service: "exchange-simulator",
      instance_name: "exchange-binance",
      version: "1.2.3",
      http_endpoint: "127.0.0.1:8080",
      grpc_endpoint: null,
      started_at: "2026-01-01T00:00:00.000Z",
    };
    expect(parseDiscoveryRecord(JSON.stringify(ok))).toEqual(ok);
    for (const bad of [
      "not json",
      "null",
      JSON.stringify({ ...ok, service: "Bad Name" }),
      JSON.stringify({ ...ok, http_endpoint: "http://x" }),
      JSON.stringify({ ...ok, started_at: "yesterday" }),
      JSON.stringify({ ...ok, version: 1 }),
    ]) {
      expect(parseDiscoveryRecord(bad), bad).toBeUndefined();
    }
  });
});

const available = await redisAvailable();

describe.skipIf(!available)("service discovery (real Redis)", () => {
  const admin = new Redis(redisUrl());
  const started: Discovery[] = [];
  const svc = uniqueName("svc-");
  const other = uniqueName("svc-");
  const start = async (service: string, instance: string, extra: Partial<DiscoveryOptions> = {}) => {
    const d = await startDiscovery({
      redisUrl: redisUrl(),
      identity: resolveIdentity(service, instance),
      version: "1.0.0",
      httpEndpoint: "127.0.0.1:8080",
      grpcEndpoint: "127.0.0.1:50051",
      heartbeatMs: 200,
      logger: recordingLogger(),
      ...extra,
    });
    started.push(d);
    return d;
  };
  afterEach(async () => {
    await Promise.all(started.splice(0).map((d) => d.stop()));
  });
  afterAll(async () => {
    for (const s of [svc, other]) {
      const [, keys] = await admin.scan("0", "MATCH", `discovery:${s}:*`, "COUNT", 1000);
      if (keys.length > 0) await admin.del(...keys);
    }
    admin.disconnect();
  });

  it("registers discovery:<service>:<instance> with a TTL of three heartbeats; lookup lists one service's live instances", async () => {
    const metrics = createRecordingMetrics();
    const a = await start(svc, `${svc}-a`, { metrics });
    await start(svc, `${svc}-b`, { httpEndpoint: null });
    await start(other, `${other}-x`);
    const key = `discovery:${svc}:${svc}-a`;
    expect(JSON.parse((await admin.get(key))!)).toEqual(a.record);
    const ttl = await admin.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(600);
    metrics.expectGauge("storage_discovery_registered").toBe(1);

    const found = await a.lookup(svc);
    expect(found.map((r) => r.instance_name).sort()).toEqual([`${svc}-a`, `${svc}-b`]);
    expect(found.find((r) => r.instance_name === `${svc}-b`)).toMatchObject({ http_endpoint: null, grpc_endpoint: "127.0.0.1:50051" });
    expect((await a.lookup(other)).map((r) => r.instance_name)).toEqual([`${other}-x`]);
    expect(a.record.started_at).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("heartbeats keep the record alive", async () => {
    await start(svc, `${svc}-hb`);
    const key = `discovery:${svc}:${svc}-hb`;
    let lowest = Number.POSITIVE_INFINITY;
    // A refresh shows as the TTL going back up; without heartbeats it only ever falls.
    await waitFor(
      async () => {
        const ttl = await admin.pttl(key);
        const refreshed = ttl > lowest + 50;
        lowest = Math.min(lowest, ttl);
        return refreshed;
      },
      { intervalMs: 20, what: "a heartbeat to refresh the TTL" },
    );
  });

  it("deregisters on stop, but never removes a successor's record", async () => {
    const d = await start(svc, `${svc}-c`);
    await d.stop();
    expect(await admin.exists(`discovery:${svc}:${svc}-c`)).toBe(0);

    const old = await start(svc, `${svc}-d`);
    await waitFor(() => Date.now() > Date.parse(old.record.started_at) + 2, { what: "a later start time" });
    const successor = await start(svc, `${svc}-d`); // same instance name, new process
    await old.stop();
    const found = await successor.lookup(svc);
    expect(found.filter((r) => r.instance_name === `${svc}-d`)).toEqual([successor.record]);
  });

  it("skips malformed records and records advertising another name", async () => {
    const d = await start(svc, `${svc}-e`);
    await admin.set(`discovery:${svc}:garbage`, "{not json", "PX", 60_000);
    await admin.set(`discovery:${svc}:impostor`, JSON.stringify({ ...d.record, instance_name: `${svc}-e` }), "PX", 60_000);
    expect((await d.lookup(svc)).map((r) => r.instance_name)).toEqual([`${svc}-e`]);
  });

  it("refuses bad endpoints and service names", async () => {
    await expect(start(svc, `${svc}-f`, { httpEndpoint: "0.0.0.0" })).rejects.toThrow(/host:port/);
    const d = await start(svc, `${svc}-g`);
    await expect(d.lookup("bad name*")).rejects.toThrow(/invalid/);
  });
});

describe.skipIf(!privateRedisAvailable())("service discovery across a Redis restart (private redis-server)", () => {
  it("registers again within one heartbeat after Redis comes back empty", async () => {
    const redis = await startPrivateRedis();
    const heartbeatMs = 300;
    const metrics = createRecordingMetrics();
    const identity = resolveIdentity("restart-svc", uniqueName("i-"));
    const d = await startDiscovery({ redisUrl: redis.url, identity, version: "1", heartbeatMs, metrics, logger: recordingLogger() });
    const probe = () => {
      const c = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      c.on("error", () => {});
      return c
        .get(identity.discoveryKey)
        .finally(() => c.disconnect())
        .catch(() => null);
    };
    try {
      expect(await probe()).toBe(JSON.stringify(d.record));
      await redis.kill();
      await waitFor(() => metrics.value("storage_discovery_registered") === 0, { what: "heartbeat failure noticed" });
      await redis.start(); // no persistence: the record is gone
      const back = Date.now();
      await waitFor(async () => (await probe()) === JSON.stringify(d.record), { intervalMs: 20, what: "record re-registered" });
      // "Within one heartbeat" (plus scheduling slack on a loaded machine).
      expect(Date.now() - back).toBeLessThan(heartbeatMs + 700);
      metrics.expectGauge("storage_discovery_registered").toBe(1);
    } finally {
      await d.stop();
      await redis.stop();
    }
  });
});
