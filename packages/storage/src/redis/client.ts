/**
 * How every Redis connection of this package behaves: fail fast while Redis is away (no offline queue, no
 * resending), reconnect forever with capped backoff, and never crash the process with an unhandled 'error'.
 * Failing fast is what lets readiness turn red and a service answer 503 instead of hanging requests.
 */
import { Redis } from "./ioredis.js";
import { errorMessage, type StorageLogger } from "../logger.js";

export interface RedisClientOptions {
  /** ioredis keyPrefix: prepended to every key argument. */
  readonly keyPrefix?: string;
  /** CLIENT SETNAME, visible in CLIENT LIST. */
  readonly connectionName?: string;
  /** Longest wait between reconnect attempts. Default 1000 ms. */
  readonly reconnectMaxDelayMs?: number;
  /** Per-command limit: a Redis that stops answering fails commands after this. Default 2000 ms. */
  readonly commandTimeoutMs?: number;
  readonly logger: StorageLogger;
}

export function createRedisClient(url: string, options: RedisClientOptions): Redis {
  const maxDelay = options.reconnectMaxDelayMs ?? 1000;
  const redis = new Redis(url, {
    keyPrefix: options.keyPrefix ?? "",
    connectionName: options.connectionName,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    // INFO is refused to provisioned users (ACL -@dangerous); ioredis would only warn, so skip the check.
    enableReadyCheck: false,
    // CLIENT SETINFO does not exist before Redis 7.2 and is not needed.
    disableClientInfo: true,
    connectTimeout: 3000,
    commandTimeout: options.commandTimeoutMs ?? 2000,
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times - 1, 10), maxDelay),
  });
  // One warning per outage, not one per reconnect attempt.
  let down = false;
  redis.on("error", (err) => {
    if (down) return;
    down = true;
    options.logger.warn({ err: errorMessage(err), connection: options.connectionName }, "redis connection failed");
  });
  redis.on("ready", () => {
    if (down) options.logger.info({ connection: options.connectionName }, "redis connection restored");
    down = false;
  });
  return redis;
}

/** Resolves true once `redis` is ready, false if it is not within `timeoutMs`. Never rejects. */
export function waitUntilReady(redis: Redis, timeoutMs: number): Promise<boolean> {
  if (redis.status === "ready") return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      redis.off("ready", onReady);
      resolve(ok);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    redis.on("ready", onReady);
  });
}

/** Closes a client: QUIT when connected (flushes politely), otherwise drops it. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === "end") return;
  if (redis.status === "ready") {
    try {
      await redis.quit();
      return;
    } catch {
      // fall through to disconnect
    }
  }
  redis.disconnect(false);
}
