/**
 * The narrow Redis door for service discovery. Discovery keys live outside every instance prefix, so this
 * connection has no keyPrefix — which is why it exposes only three operations, each building its key from
 * validated names: publish/withdraw one instance's record, list one service's records. It cannot touch any
 * key outside `discovery:*`. (Provisioned ACLs enforce the same on the server: read `discovery:*`, write only
 * the instance's own record.)
 */
import { discoveryKeyFor, normalizeInstanceName } from "@tse/service-kit/identity";
import type { Redis } from "ioredis";
import type { StorageLogger } from "../logger.js";
import { closeRedis, createRedisClient, waitUntilReady } from "../redis/client.js";
import { type DiscoveryRecord, parseDiscoveryRecord } from "./record.js";

/** Identifies whose record: service and instance name as resolved by service-kit's identity. */
export interface DiscoveryName {
  readonly service: string;
  readonly instanceName: string;
}

const keyOf = (n: DiscoveryName) =>
  discoveryKeyFor(normalizeInstanceName(n.service, "service"), normalizeInstanceName(n.instanceName, "instance"));

export class DiscoveryStore {
  readonly #redis: Redis;

  private constructor(redis: Redis) {
    this.#redis = redis;
  }

  static create(url: string, options: { logger: StorageLogger; connectionName?: string; reconnectMaxDelayMs?: number }): DiscoveryStore {
    return new DiscoveryStore(
      createRedisClient(url, {
        connectionName: options.connectionName ?? "discovery",
        reconnectMaxDelayMs: options.reconnectMaxDelayMs,
        logger: options.logger,
      }),
    );
  }

  ready(timeoutMs: number): Promise<boolean> {
    return waitUntilReady(this.#redis, timeoutMs);
  }

  /** Calls `fn` every time the connection becomes ready again after a loss. Returns an unsubscribe. */
  onReconnect(fn: () => void): () => void {
    this.#redis.on("ready", fn);
    return () => this.#redis.off("ready", fn);
  }

  /** Writes the record (replacing any previous one) with a TTL; resolves the exact text written. */
  async publish(record: DiscoveryRecord, ttlMs: number): Promise<string> {
    const text = JSON.stringify(record);
    await this.#redis.set(keyOf({ service: record.service, instanceName: record.instance_name }), text, "PX", ttlMs);
    return text;
  }

  /**
   * Deletes the record only if it is still exactly `expected` — so an old process shutting down never removes
   * the registration of its successor with the same instance name. WATCH/MULTI rather than a script: the
   * provisioned ACL grants no scripting.
   */
  async withdraw(name: DiscoveryName, expected: string): Promise<boolean> {
    const key = keyOf(name);
    await this.#redis.watch(key);
    try {
      if ((await this.#redis.get(key)) !== expected) return false;
      const result = await this.#redis.multi().del(key).exec();
      return result !== null;
    } finally {
      await this.#redis.unwatch().catch(() => {});
    }
  }

  /** Live records of `service`, found with SCAN (never KEYS); malformed records are skipped. */
  async list(service: string): Promise<DiscoveryRecord[]> {
    const svc = normalizeInstanceName(service, "service");
    const prefix = `discovery:${svc}:`;
    const keys = new Set<string>();
    let cursor = "0";
    do {
      const [next, batch] = await this.#redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 200);
      cursor = next;
      for (const k of batch) if (!k.slice(prefix.length).includes(":")) keys.add(k);
    } while (cursor !== "0");
    const ordered = [...keys].sort();
    const records: DiscoveryRecord[] = [];
    for (let i = 0; i < ordered.length; i += 500) {
      const chunk = ordered.slice(i, i + 500);
      const values = await this.#redis.mget(...chunk);
      chunk.forEach((key, j) => {
        const r = parseDiscoveryRecord(values[j] ?? null);
        // The record must describe the key it sits under: nobody can advertise in another's name.
        if (r && `${prefix}${r.instance_name}` === key && r.service === svc) records.push(r);
      });
    }
    return records;
  }

  async close(): Promise<void> {
    await closeRedis(this.#redis);
  }
}
