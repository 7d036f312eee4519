/**
 * Storage configuration from the environment. Unset (or empty) POSTGRES_URL / REDIS_URL select the in-memory
 * default, so `pnpm start` needs nothing installed. Bad values are refused with one line naming the variable,
 * the value and the rule. Passwords may come from files (`*_PASSWORD_FILE`, e.g. Docker/Kubernetes secrets)
 * so they never sit in a URL in the environment.
 */
import { readFileSync } from "node:fs";
import { StorageConfigError } from "./errors.js";

export interface StorageConfig {
  /** postgres:// URL; undefined → in-memory event log. */
  readonly postgresUrl: string | undefined;
  /** redis:// URL; undefined → in-memory key-value store. */
  readonly redisUrl: string | undefined;
  /** Directory of the local write-ahead journal (one file per instance). Must be on durable storage. */
  readonly journalDir: string;
  /** Most events that may wait (queued + journaled) before writes are refused with 503. */
  readonly outboxMaxPending: number;
  /** Largest journal file; appends beyond it are refused with 503. */
  readonly journalMaxBytes: number;
  readonly pgPoolMax: number;
  /** Client-side limit per query: a server that stops answering counts as unreachable after this. */
  readonly pgQueryTimeoutMs: number;
  readonly pgConnectTimeoutMs: number;
  /** Longest pause between journal replay attempts while PostgreSQL is away. */
  readonly replayMaxDelayMs: number;
  /** Discovery heartbeat; records expire after three of them. */
  readonly discoveryHeartbeatMs: number;
}

export const DEFAULT_STORAGE_CONFIG: StorageConfig = Object.freeze({
  postgresUrl: undefined,
  redisUrl: undefined,
  journalDir: "var/journal",
  outboxMaxPending: 100_000,
  journalMaxBytes: 256 * 1024 * 1024,
  pgPoolMax: 10,
  pgQueryTimeoutMs: 5_000,
  pgConnectTimeoutMs: 3_000,
  replayMaxDelayMs: 2_000,
  discoveryHeartbeatMs: 10_000,
});

type Env = Readonly<Record<string, string | undefined>>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new StorageConfigError(name, raw, `an integer from ${min} to ${max}`);
  }
  return n;
}

function url(env: Env, name: string, schemes: readonly string[], passwordFileVar: string): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new StorageConfigError(name, raw, `a URL (${schemes.map((s) => `${s}//…`).join(" or ")})`);
  }
  if (!schemes.includes(parsed.protocol)) {
    throw new StorageConfigError(name, raw, `scheme must be ${schemes.join(" or ")}`);
  }
  const file = env[passwordFileVar];
  if (file) {
    let password: string;
    try {
      password = readFileSync(file, "utf8").replace(/\r?\n$/, "");
    } catch (err) {
      throw new StorageConfigError(passwordFileVar, file, `a readable file (${(err as Error).message})`);
    }
    parsed.password = encodeURIComponent(password);
  }
  return parsed.toString();
}

/** Reads the storage configuration; throws StorageConfigError on the first invalid variable. */
export function storageConfigFromEnv(env: Env = process.env): StorageConfig {
  const d = DEFAULT_STORAGE_CONFIG;
  const journalDir = env.STORAGE_JOURNAL_DIR?.trim() || d.journalDir;
  return Object.freeze({
    postgresUrl: url(env, "POSTGRES_URL", ["postgres:", "postgresql:"], "POSTGRES_PASSWORD_FILE"),
    redisUrl: url(env, "REDIS_URL", ["redis:", "rediss:"], "REDIS_PASSWORD_FILE"),
    journalDir,
    outboxMaxPending: integer(env, "STORAGE_OUTBOX_MAX_PENDING", d.outboxMaxPending, 1, 100_000_000),
    journalMaxBytes: integer(env, "STORAGE_JOURNAL_MAX_BYTES", d.journalMaxBytes, 4096, 2 ** 50),
    pgPoolMax: integer(env, "STORAGE_PG_POOL_MAX", d.pgPoolMax, 1, 1000),
    pgQueryTimeoutMs: integer(env, "STORAGE_PG_QUERY_TIMEOUT_MS", d.pgQueryTimeoutMs, 100, 600_000),
    pgConnectTimeoutMs: integer(env, "STORAGE_PG_CONNECT_TIMEOUT_MS", d.pgConnectTimeoutMs, 100, 600_000),
    replayMaxDelayMs: integer(env, "STORAGE_REPLAY_MAX_DELAY_MS", d.replayMaxDelayMs, 10, 600_000),
    discoveryHeartbeatMs: integer(env, "DISCOVERY_HEARTBEAT_MS", d.discoveryHeartbeatMs, 50, 3_600_000),
  });
}
