import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { resolveIdentity } from "@tse/service-kit/identity";
import { postgresAvailable, postgresUrl, redisAvailable, redisUrl } from "@tse/testkit";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_STORAGE_CONFIG } from "./config.js";
import { StorageUnavailableError } from "./errors.js";
import { openStorage } from "./open.js";
import { recordingLogger } from "./test-support/logger.js";
import { testIdentity } from "./test-support/pg.js";
import { openTestStorage, type TestStorage } from "./test-support/storage.js";

describe("openStorage without URLs (the embedded default)", () => {
  it("runs in memory, with no readiness checks", async () => {
    const identity = testIdentity();
    const s = await openStorage({ identity, config: DEFAULT_STORAGE_CONFIG });
    expect(s.backends).toEqual({ events: "memory", kv: "memory" });
    expect(s.readiness).toEqual([]);
    expect(s.sql).toBeUndefined();
    expect(s.kv.prefix).toBe(identity.redisPrefix);
    expect(await s.events.append([{ type: "x", data: 1 }])).toMatchObject({ durability: "memory" });
    await s.close();
  });
});

const available = (await postgresAvailable()) && (await redisAvailable());

describe.skipIf(!available)("openStorage with POSTGRES_URL and REDIS_URL (real servers)", () => {
  const opened: TestStorage[] = [];
  afterAll(async () => {
    for (const t of opened) {
      for await (const k of t.storage.kv.scan()) await t.storage.kv.del(k);
      await t.cleanup();
    }
  });

  it("wires PostgreSQL and Redis under the instance's names, with a readiness check for each", async () => {
    const t = await openTestStorage({ config: { redisUrl: redisUrl() } });
    opened.push(t);
    expect(t.storage.backends).toEqual({ events: "postgres", kv: "redis" });
    expect(t.storage.readiness.map((c) => c.name)).toEqual(["postgres", "storage_outbox", "redis"]);
    for (const c of t.storage.readiness) await c.check(AbortSignal.timeout(2000));
    expect(t.storage.kv.prefix).toBe(t.identity.redisPrefix);
    const r = await t.storage.sql!.query<{ s: string }>("SELECT current_schema() AS s");
    expect(r.rows).toEqual([{ s: t.identity.schema }]);
  });

  it("refuses writes after close, with the typed 503 error", async () => {
    const t = await openTestStorage();
    opened.push(t);
    await t.close();
    const err = await t.storage.events.append([{ type: "late", data: null }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageUnavailableError);
    expect(err).toMatchObject({ reason: "closed" });
  });

  it("cuts a torn journal tail off at start and says so", async () => {
    const t = await openTestStorage();
    opened.push(t);
    await t.close();
    appendFileSync(join(t.config.journalDir, `${t.identity.instanceName}.journal`), "0badc0de {\"seq\":1");
    const again = await openTestStorage({ identity: t.identity, config: { journalDir: t.config.journalDir } });
    opened.push(again);
    expect(again.logger.lines.some((l) => l.level === "warn" && /torn tail/.test(l.message))).toBe(true);
    expect(again.storage.events.lastSeq()).toBe(0);
  });

  it("refuses an instance whose schema PostgreSQL reserves, before touching the server", async () => {
    const logger = recordingLogger();
    const config = { ...DEFAULT_STORAGE_CONFIG, postgresUrl: postgresUrl() };
    await expect(openStorage({ identity: resolveIdentity("svc", "public"), config, logger })).rejects.toThrow(/reserved/);
  });
});
