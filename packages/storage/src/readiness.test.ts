import { freePort, postgresAvailable, postgresUrl, redisAvailable, redisUrl } from "@tse/testkit";
import { describe, expect, it } from "vitest";
import { createPgPool } from "./postgres/pool.js";
import { abortable, outboxReadiness, postgresReadiness, redisReadiness } from "./readiness.js";
import { RedisKv } from "./redis/namespaced.js";
import { recordingLogger } from "./test-support/logger.js";
import { TcpProxy } from "./test-support/tcp-proxy.js";

const logger = recordingLogger();
const pool = (url: string) =>
  createPgPool(url, { schema: "readiness_probe", max: 1, queryTimeoutMs: 1000, connectTimeoutMs: 500, applicationName: "t", logger });

describe("abortable", () => {
  it("rejects with the signal's reason as soon as it aborts, and passes results through otherwise", async () => {
    const controller = new AbortController();
    const never = new Promise<never>(() => {});
    const pending = abortable(never, controller.signal);
    controller.abort(new Error("readiness timeout"));
    await expect(pending).rejects.toThrow("readiness timeout");
    await expect(abortable(Promise.resolve(7), AbortSignal.timeout(1000))).resolves.toBe(7);
    await expect(abortable(Promise.reject(new Error("x")), undefined)).rejects.toThrow("x");
  });
});

describe("outboxReadiness", () => {
  it("reports why writes cannot be taken", async () => {
    await outboxReadiness({ health: () => ({ ok: true }) }).check();
    await expect(
      outboxReadiness({ health: () => ({ ok: false, reason: "journal_full", message: "journal x would exceed 10 bytes" }) }).check(),
    ).rejects.toThrow("journal_full: journal x would exceed 10 bytes");
  });
});

describe.skipIf(!(await postgresAvailable()))("postgresReadiness (real PostgreSQL)", () => {
  it("passes against the server and fails against a port with nothing behind it", async () => {
    const up = pool(postgresUrl());
    const u = new URL(postgresUrl());
    u.port = String(await freePort());
    const down = pool(u.toString());
    try {
      await postgresReadiness(up).check();
      expect(postgresReadiness(up).name).toBe("postgres");
      await expect(postgresReadiness(down).check()).rejects.toThrow();
    } finally {
      await Promise.all([up.end(), down.end()]);
    }
  });

  it("gives up when the signal aborts, even if the server never answers", async () => {
    const target = new URL(postgresUrl());
    const proxy = await TcpProxy.start(target.hostname, Number(target.port || 5432));
    proxy.stall();
    const p = createPgPool(proxy.urlFor(postgresUrl()), {
      schema: "readiness_probe",
      max: 1,
      queryTimeoutMs: 60_000,
      connectTimeoutMs: 60_000,
      applicationName: "t",
      logger,
    });
    try {
      await expect(postgresReadiness(p).check(AbortSignal.timeout(100))).rejects.toThrow(/timeout|abort/i);
    } finally {
      await proxy.close();
      await p.end().catch(() => {});
    }
  });
});

describe.skipIf(!(await redisAvailable()))("redisReadiness (real Redis)", () => {
  it("passes against the server and fails against a port with nothing behind it", async () => {
    const up = RedisKv.create(redisUrl(), "readiness-probe:", { logger });
    const down = RedisKv.create(`redis://127.0.0.1:${await freePort()}`, "readiness-probe:", { logger });
    try {
      await up.ready(3000);
      await redisReadiness(up).check();
      await expect(redisReadiness(down).check()).rejects.toThrow();
    } finally {
      await Promise.all([up.close(), down.close()]);
    }
  });
});
