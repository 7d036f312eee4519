import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_STORAGE_CONFIG, storageConfigFromEnv } from "./config.js";
import { StorageConfigError } from "./errors.js";

describe("storageConfigFromEnv", () => {
  it("selects the in-memory default when no URL is set (empty counts as unset)", () => {
    expect(storageConfigFromEnv({})).toEqual(DEFAULT_STORAGE_CONFIG);
    expect(storageConfigFromEnv({ POSTGRES_URL: "", REDIS_URL: " " })).toMatchObject({ postgresUrl: undefined, redisUrl: undefined });
  });

  it("reads URLs and limits", () => {
    const c = storageConfigFromEnv({
      POSTGRES_URL: "postgresql://u:p@db:5432/trading",
      REDIS_URL: "redis://cache:6379",
      STORAGE_JOURNAL_DIR: "/var/lib/tse",
      STORAGE_OUTBOX_MAX_PENDING: "500",
      STORAGE_JOURNAL_MAX_BYTES: "1048576",
      DISCOVERY_HEARTBEAT_MS: "5000",
    });
    expect(c).toMatchObject({
      postgresUrl: "postgresql://u:p@db:5432/trading",
      redisUrl: "redis://cache:6379",
      journalDir: "/var/lib/tse",
      outboxMaxPending: 500,
      journalMaxBytes: 1_048_576,
      discoveryHeartbeatMs: 5000,
    });
  });

  it("puts passwords from *_PASSWORD_FILE into the URLs", () => {
    const dir = mkdtempSync(join(tmpdir(), "tse-cfg-"));
    try {
      writeFileSync(join(dir, "pg"), "s3cr3t/with@chars\n");
      const c = storageConfigFromEnv({ POSTGRES_URL: "postgres://exchange_binance@db/trading", POSTGRES_PASSWORD_FILE: join(dir, "pg") });
      expect(decodeURIComponent(new URL(c.postgresUrl!).password)).toBe("s3cr3t/with@chars");
      expect(() => storageConfigFromEnv({ REDIS_URL: "redis://x", REDIS_PASSWORD_FILE: join(dir, "missing") })).toThrow(
        /REDIS_PASSWORD_FILE=.* is invalid: a readable file/,
      );
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it.each([
    ["POSTGRES_URL", "localhost:5432", /POSTGRES_URL="localhost:5432" is invalid: scheme must be postgres: or postgresql:/],
    ["POSTGRES_URL", "not a url", /a URL/],
    ["REDIS_URL", "http://cache", /scheme must be redis: or rediss:/],
    ["STORAGE_OUTBOX_MAX_PENDING", "0", /STORAGE_OUTBOX_MAX_PENDING="0" is invalid: an integer from 1/],
    ["STORAGE_OUTBOX_MAX_PENDING", "1e3", /an integer/],
    ["STORAGE_JOURNAL_MAX_BYTES", "100", /from 4096/],
    ["DISCOVERY_HEARTBEAT_MS", "-5", /an integer/],
  ])("refuses %s=%s naming the variable, value and rule", (name, value, message) => {
    const err = (() => {
      try {
        storageConfigFromEnv({ [name]: value });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(StorageConfigError);
    expect((err as Error).message).toMatch(message);
  });
});
