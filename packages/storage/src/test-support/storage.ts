/** Opens real storage for a test, in a schema and journal directory nobody else uses, and cleans up after. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { MetricsPort } from "@tse/metrics-port";
import type { InstanceIdentity } from "@tse/service-kit/identity";
import { postgresUrl } from "@tse/testkit";
import { DEFAULT_STORAGE_CONFIG, type StorageConfig } from "../config.js";
import type { StorageLogger } from "../logger.js";
import { type OpenStorageOptions, openStorage, type Storage } from "../open.js";
import { recordingLogger } from "./logger.js";
import { dropSchema, testIdentity } from "./pg.js";

export interface TestStorage {
  readonly storage: Storage;
  readonly identity: InstanceIdentity;
  readonly config: StorageConfig;
  readonly logger: StorageLogger & { lines: { level: string; message: string }[] };
  /** Closes the storage (idempotent). */
  close(): Promise<void>;
  /** Closes, drops the schema, deletes the journal directory. */
  cleanup(): Promise<void>;
}

export function testConfig(overrides: Partial<StorageConfig> = {}): StorageConfig {
  return {
    ...DEFAULT_STORAGE_CONFIG,
    postgresUrl: postgresUrl(),
    journalDir: overrides.journalDir ?? mkdtempSync(join(tmpdir(), "tse-journal-")),
    pgQueryTimeoutMs: 2000,
    pgConnectTimeoutMs: 1000,
    pgPoolMax: 4,
    replayMaxDelayMs: 200,
    ...overrides,
  };
}

export async function openTestStorage(
  options: {
    identity?: InstanceIdentity;
    config?: Partial<StorageConfig>;
    metrics?: MetricsPort;
  } & Partial<Pick<OpenStorageOptions, "projections" | "migrations" | "maxBatchEvents">> = {},
): Promise<TestStorage> {
  const identity = options.identity ?? testIdentity();
  const config = testConfig(options.config);
  const logger = recordingLogger();
  const storage = await openStorage({
    identity,
    config,
    logger,
    metrics: options.metrics,
    projections: options.projections,
    migrations: options.migrations,
    maxBatchEvents: options.maxBatchEvents,
    replayMinDelayMs: 20,
  });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await storage.close();
  };
  return {
    storage,
    identity,
    config,
    logger,
    close,
    async cleanup() {
      await close();
      await dropSchema(identity.schema, config.postgresUrl);
      rmSync(config.journalDir, { recursive: true, force: true });
    },
  };
}
