/**
 * Isolation enforced by the servers, not by our code: two instances provisioned with tse-provision into one
 * database and one Redis. Each works normally through openStorage with its own credentials and sees only its
 * own data; with A's credentials, B's schema is "permission denied" and B's keys are NOPERM.
 *
 * The database is created for this test (the provisioning revokes PUBLIC's rights database-wide, which must
 * not touch the shared `postgres` database); roles and ACL users get random names and are dropped after.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type InstanceIdentity, resolveIdentity } from "@tse/service-kit/identity";
import { postgresAvailable, postgresUrl, redisAvailable, redisUrl, uniqueName } from "@tse/testkit";
import { Redis } from "ioredis";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_STORAGE_CONFIG } from "../config.js";
import { startDiscovery } from "../discovery/registration.js";
import { openStorage, type Storage } from "../open.js";
import { quoteIdent } from "../postgres/identifier.js";
import { recordingLogger } from "../test-support/logger.js";
import { withAdmin } from "../test-support/pg.js";
import { runProvisionCli } from "./cli.js";
import { secretVariable } from "./secrets.js";

const available = (await postgresAvailable()) && (await redisAvailable());

describe.skipIf(!available)("two provisioned instances in one database and one Redis (real servers)", () => {
  const database = uniqueName("tse_iso_");
  const service = "exchange-simulator";
  const a = resolveIdentity(service, uniqueName("iso-a-"));
  const b = resolveIdentity(service, uniqueName("iso-b-"));
  const password = new Map<string, string>([a, b].map((id) => [id.instanceName, randomBytes(18).toString("base64url")]));
  const journalDir = mkdtempSync(join(tmpdir(), "tse-iso-"));
  const dbUrl = (user?: InstanceIdentity) => {
    const u = new URL(postgresUrl());
    u.pathname = `/${database}`;
    if (user) {
      u.username = user.schema;
      u.password = password.get(user.instanceName)!;
    }
    return u.toString();
  };
  const redisAs = (id: InstanceIdentity) => {
    const u = new URL(redisUrl());
    u.username = id.instanceName;
    u.password = password.get(id.instanceName)!;
    return u.toString();
  };
  const admin = new Redis(redisUrl(), { lazyConnect: true });
  const storages: Storage[] = [];
  const open = async (id: InstanceIdentity) => {
    const s = await openStorage({
      identity: id,
      config: { ...DEFAULT_STORAGE_CONFIG, postgresUrl: dbUrl(id), redisUrl: redisAs(id), journalDir },
      logger: recordingLogger(),
    });
    storages.push(s);
    return s;
  };
  const rawRedisAs = (id: InstanceIdentity) => {
    const r = new Redis(redisAs(id), { lazyConnect: true, maxRetriesPerRequest: 0, enableReadyCheck: false, disableClientInfo: true });
    r.on("error", () => {});
    return r;
  };

  beforeAll(async () => {
    // template0: nobody can be connected to it, so a concurrent session elsewhere cannot make this fail.
    await withAdmin((c) => c.query(`CREATE DATABASE ${quoteIdent(database)} TEMPLATE template0`));
    const env: Record<string, string> = {};
    for (const id of [a, b]) {
      env[secretVariable("PG", id)] = password.get(id.instanceName)!;
      env[secretVariable("REDIS", id)] = password.get(id.instanceName)!;
    }
    let out = "";
    let err = "";
    const code = await runProvisionCli(
      ["--postgres-url", dbUrl(), "--redis-url", redisUrl(), "--instance", `${service}/${a.instanceName}`, "--instance", `${service}/${b.instanceName}`],
      { env, write: (t) => (out += t), error: (t) => (err += t) },
    );
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(out).toContain(`roles ${a.schema}, ${b.schema}`);
    await admin.connect();
  });

  afterAll(async () => {
    for (const s of storages) await s.close().catch(() => {});
    await withAdmin(async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`);
      for (const id of [a, b]) await c.query(`DROP ROLE IF EXISTS ${quoteIdent(id.schema)}`);
    });
    for (const id of [a, b]) {
      await admin.call("ACL", "DELUSER", id.instanceName);
      const [, keys] = await admin.scan("0", "MATCH", `${id.redisPrefix}*`, "COUNT", 1000);
      if (keys.length > 0) await admin.del(...keys);
      await admin.del(id.discoveryKey);
    }
    admin.disconnect();
    rmSync(journalDir, { recursive: true, force: true });
  });

  it("each instance migrates, writes and reads with its own credentials, and sees only its own data", async () => {
    const sa = await open(a);
    const sb = await open(b);
    await sa.events.append([{ type: "who", data: "a" }]);
    await sb.events.append([{ type: "who", data: "b" }, { type: "who", data: "b2" }]);
    expect((await sa.events.readFrom(1)).map((e) => e.data)).toEqual(["a"]);
    expect((await sb.events.readFrom(1)).map((e) => e.data)).toEqual(["b", "b2"]);
    await sa.kv.set("k", "from a");
    await sb.kv.set("k", "from b");
    expect(await sa.kv.get("k")).toBe("from a");
    expect(await sb.kv.get("k")).toBe("from b");
    expect(await admin.get(`${a.redisPrefix}k`)).toBe("from a");
    for (const check of [...sa.readiness, ...sb.readiness]) await check.check();
  });

  it("with A's PostgreSQL credentials, everything outside A's schema is permission denied", async () => {
    await open(b); // B's schema has its tables
    await withAdmin(async (c) => {
      await c.query("CREATE TABLE IF NOT EXISTS public.shared (x int)");
      await c.query("GRANT SELECT ON public.shared TO PUBLIC");
    }, dbUrl());
    const client = new pg.Client({ connectionString: dbUrl(a) });
    await client.connect();
    try {
      const denied = async (sql: string) => {
        const err = await client.query(sql).then(
          () => undefined,
          (e: { code?: string; message: string }) => e,
        );
        expect(err, sql).toMatchObject({ code: "42501" });
        return err!.message;
      };
      expect(await denied(`SELECT * FROM ${quoteIdent(b.schema)}.event_log`)).toMatch(/permission denied for schema/);
      await denied(`INSERT INTO ${quoteIdent(b.schema)}.event_log VALUES (99, 'x', '1', now())`);
      await denied(`CREATE TABLE ${quoteIdent(b.schema)}.intruder (x int)`);
      expect(await denied("CREATE SCHEMA elsewhere")).toMatch(/permission denied for database/);
      expect(await denied("CREATE TABLE public.t (x int)")).toMatch(/permission denied for schema public/);
      await denied("SELECT * FROM public.shared");
      expect(await denied("CREATE TEMP TABLE t (x int)")).toMatch(/temporary tables/);
      // …while its own schema works, and is where unqualified names go.
      await client.query("CREATE TABLE mine (x int)");
      const where = await client.query<{ s: string }>("SELECT schemaname AS s FROM pg_tables WHERE tablename = 'mine'");
      expect(where.rows).toEqual([{ s: a.schema }]);
    } finally {
      await client.end();
    }
  });

  it("with A's Redis user, B's keys and everything outside A's namespace are NOPERM", async () => {
    const sb = await open(b);
    await sb.kv.set("secret", "b's");
    const r = rawRedisAs(a);
    await r.connect();
    try {
      const noperm = async (what: string, p: Promise<unknown>) => expect(p, what).rejects.toThrow(/NOPERM/);
      await noperm("read B's key", r.get(`${b.redisPrefix}secret`));
      await noperm("write B's key", r.set(`${b.redisPrefix}secret`, "a's"));
      await noperm("write an unprefixed key", r.set("unprefixed", "x"));
      await noperm("write B's discovery record", r.set(b.discoveryKey, "{}"));
      await noperm("KEYS", r.keys("*"));
      await noperm("FLUSHALL", r.flushall());
      await noperm("EVAL", r.eval("return 1", 0));
      await noperm("CONFIG", r.config("GET", "maxmemory"));
      expect(await r.set(`${a.redisPrefix}mine`, "ok")).toBe("OK");
      expect(await r.set(a.discoveryKey, "{}", "PX", 1000)).toBe("OK");
      expect(await admin.get(`${b.redisPrefix}secret`)).toBe("b's");
    } finally {
      r.disconnect();
    }
  });

  it("discovery works under the ACL: each instance registers itself and finds the other (SCAN, not KEYS)", async () => {
    const base = { version: "1.0.0", grpcEndpoint: "127.0.0.1:50051", heartbeatMs: 1000, logger: recordingLogger() };
    const da = await startDiscovery({ ...base, redisUrl: redisAs(a), identity: a });
    const db = await startDiscovery({ ...base, redisUrl: redisAs(b), identity: b });
    try {
      const seen = (await da.lookup(service)).map((r) => r.instance_name);
      expect(seen).toEqual(expect.arrayContaining([a.instanceName, b.instanceName]));
    } finally {
      await da.stop();
      await db.stop();
    }
    expect(await admin.exists(a.discoveryKey, b.discoveryKey)).toBe(0); // deregistered (WATCH/MULTI allowed)
  });
});
