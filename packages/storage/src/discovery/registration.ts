/**
 * An instance's presence in service discovery: registers at start, heartbeats (re-writing the whole record,
 * so a Redis that restarted empty gets it back at the next beat), registers again the moment the connection
 * comes back, and deregisters on shutdown. The record's TTL is three heartbeats: an instance that dies
 * without deregistering disappears within three.
 */
import { createNoopMetrics, type MetricsPort } from "@tse/metrics-port";
import type { InstanceIdentity } from "@tse/service-kit/identity";
import { consoleLogger, errorMessage, type StorageLogger } from "../logger.js";
import { discoveryRegistered } from "../metrics.js";
import { checkEndpoint, type DiscoveryRecord } from "./record.js";
import { DiscoveryStore } from "./store.js";

export interface DiscoveryOptions {
  readonly redisUrl: string;
  readonly identity: InstanceIdentity;
  readonly version: string;
  /** "host:port" others reach this instance's HTTP API at (not 0.0.0.0). */
  readonly httpEndpoint?: string | null;
  readonly grpcEndpoint?: string | null;
  /** Default 10 s (DISCOVERY_HEARTBEAT_MS); the record's TTL is three of them. */
  readonly heartbeatMs?: number;
  readonly metrics?: MetricsPort;
  readonly logger?: StorageLogger;
  /** Longest wait at start for Redis before carrying on unregistered (the heartbeat keeps trying). Default 3 s. */
  readonly startTimeoutMs?: number;
}

export interface Discovery {
  readonly record: DiscoveryRecord;
  /** Live instances of `service` (including this one when it is that service). */
  lookup(service: string): Promise<DiscoveryRecord[]>;
  /** Stops heartbeating, deregisters, closes the connection. */
  stop(): Promise<void>;
}

export async function startDiscovery(o: DiscoveryOptions): Promise<Discovery> {
  const heartbeatMs = o.heartbeatMs ?? 10_000;
  if (!Number.isSafeInteger(heartbeatMs) || heartbeatMs < 10) throw new RangeError(`heartbeatMs must be an integer ≥ 10 (got ${heartbeatMs})`);
  const ttlMs = 3 * heartbeatMs;
  const logger = o.logger ?? consoleLogger;
  const registered = (o.metrics ?? createNoopMetrics()).gauge(discoveryRegistered).bind();
  const record: DiscoveryRecord = Object.freeze({
    service: o.identity.service,
    instance_name: o.identity.instanceName,
    version: o.version,
    http_endpoint: checkEndpoint("httpEndpoint", o.httpEndpoint),
    grpc_endpoint: checkEndpoint("grpcEndpoint", o.grpcEndpoint),
    started_at: new Date().toISOString(),
  });
  // Reconnect at least twice per heartbeat, so a returning Redis is found well within one beat.
  const store = DiscoveryStore.create(o.redisUrl, {
    logger,
    connectionName: `discovery-${o.identity.instanceName}`,
    reconnectMaxDelayMs: Math.max(10, Math.min(1000, Math.floor(heartbeatMs / 2))),
  });
  let written: string | undefined;
  let inFlight = false;
  let failing = false;
  let stopped = false;

  const beat = async () => {
    if (inFlight || stopped) return;
    inFlight = true;
    try {
      written = await store.publish(record, ttlMs);
      registered.set(1);
      if (failing) logger.info({ key: o.identity.discoveryKey }, "discovery record registered again");
      failing = false;
    } catch (err) {
      registered.set(0);
      if (!failing) logger.warn({ key: o.identity.discoveryKey, err: errorMessage(err) }, "discovery heartbeat failed");
      failing = true;
    } finally {
      inFlight = false;
    }
  };

  registered.set(0);
  await store.ready(o.startTimeoutMs ?? 3000);
  await beat();
  const timer = setInterval(() => void beat(), heartbeatMs);
  timer.unref();
  const unsubscribe = store.onReconnect(() => void beat());

  return {
    record,
    lookup: (service) => store.list(service),
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      unsubscribe();
      registered.set(0);
      if (written !== undefined) {
        await store.withdraw({ service: record.service, instanceName: record.instance_name }, written).catch((err) => {
          logger.warn({ key: o.identity.discoveryKey, err: errorMessage(err) }, "could not deregister; the record expires by itself");
        });
      }
      await store.close();
    },
  };
}
