/**
 * The composition root: the one place that wires concrete adapters (storage, HTTP, gRPC, chaos, discovery)
 * to the application and the domain. main.ts runs it as a process; tests run it in-process with
 * `createService({ ...exchangeServiceOptions(env), … })`.
 *
 * Start-up order: open storage (migrations, journal recovery) → load the latest snapshot and replay the durable
 * log after it → subscribe group commit and the snapshotter → resume symbols a dead process left halted →
 * routes, gRPC, chaos faults. After the servers listen, `announce` registers the real endpoints in discovery
 * (when REDIS_URL is set).
 * Shutdown (closers run newest first): discovery deregisters → market-data streams end (lifecycle.stopping) →
 * a snapshot being saved completes → pending journal events are flushed → engine metrics stop → storage closes.
 */
import { hostname } from "node:os";
import type { CreateServiceOptions, Env, Service, ServiceContext } from "@tse/service-kit";
import { openStorage, type Storage, startDiscovery, storageConfigFromEnv } from "@tse/storage";
import { exchangeGrpcService } from "./adapters/grpc/handlers.js";
import { CountingRandom, REJECT_ORDERS, registerExchangeFaults } from "./adapters/http/chaos-faults.js";
import { API_PREFIX, exchangeRoutes } from "./adapters/http/routes.js";
import { ExchangeApp } from "./application/exchange-app.js";
import { GroupCommit } from "./application/group-commit.js";
import { restoreExchange } from "./application/restore.js";
import { Snapshotter } from "./application/snapshots.js";
import { type ExchangeEnv, envSchema, exchangeConfigOf } from "./env.js";

export const SERVICE_NAME = "exchange-simulator";
export const SERVICE_VERSION = "0.1.0";

/** What configure built, for announce() and for tests. */
export interface Composition {
  app: ExchangeApp;
  storage: Storage;
  journal: GroupCommit;
  /** Saves snapshots (undefined when SNAPSHOT_INTERVAL_EVENTS is 0). */
  snapshots: Snapshotter | undefined;
  /** How start-up restored the engine: events replayed, and the snapshot's seq (0: none). */
  restored: { readonly events: number; readonly snapshotSeq: number };
}

export interface ExchangeServiceOptions extends CreateServiceOptions<typeof envSchema> {
  /** Resolves with what configure built (rejects if configure failed). */
  readonly composed: Promise<Composition>;
}

/** Options for createService/runService, plus the composition once configure has run. */
export function exchangeServiceOptions(env: Env = process.env): ExchangeServiceOptions {
  let resolve!: (c: Composition) => void;
  let reject!: (err: unknown) => void;
  const composed = new Promise<Composition>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  composed.catch(() => {}); // a failed configure is reported by createService itself
  const configure = async (ctx: ServiceContext<ExchangeEnv>) => {
    try {
      resolve(await compose(ctx, env));
    } catch (err) {
      reject(err);
      throw err;
    }
  };
  return { name: SERVICE_NAME, version: SERVICE_VERSION, envSchema, env, configure, composed };
}

async function compose(ctx: ServiceContext<ExchangeEnv>, env: Env): Promise<Composition> {
  const { config, identity, logger, metrics, readiness, lifecycle, chaos } = ctx;
  const storage = await openStorage({ identity, config: storageConfigFromEnv(env), metrics, logger: logger.child({ component: "storage" }) });
  lifecycle.onShutdown("storage", () => storage.close());
  for (const check of storage.readiness) readiness.register(check);

  const random = new CountingRandom(() => chaos.recordInjection(REJECT_ORDERS));
  const onListenerError = (err: unknown) => logger.error({ err }, "exchange event listener failed");
  const started = performance.now();
  const restored = await restoreExchange(storage.events, { config: exchangeConfigOf(config), metrics, random: random.next, onListenerError });
  const { exchange, events, snapshotSeq } = restored;
  if (restored.snapshotRejected !== undefined) logger.warn({ reason: restored.snapshotRejected }, "snapshot unusable: replayed the whole event log");
  logger.info(
    { events, snapshot_seq: snapshotSeq, duration_ms: Math.round(performance.now() - started), backend: storage.backends.events },
    "exchange restored from the event log",
  );
  lifecycle.onShutdown("engine", () => exchange.engine.close());

  const journal = new GroupCommit(storage.events, (err) => logger.error({ err }, "event log append failed: refusing writes until restart"));
  exchange.subscribeJournal(journal.record);
  lifecycle.onShutdown("journal", () => journal.flush());
  let snapshots: Snapshotter | undefined;
  if (config.SNAPSHOT_INTERVAL_EVENTS > 0) {
    const snapshotter = new Snapshotter({
      log: storage.events,
      engine: exchange.engine,
      journal,
      intervalEvents: config.SNAPSHOT_INTERVAL_EVENTS,
      lastSnapshotSeq: snapshotSeq,
      onError: (err) => logger.warn({ err }, "snapshot not saved (the event log still has every event)"),
      onSaved: (seq) => logger.info({ seq }, "snapshot saved"),
    });
    // Registered after the journal: closers run newest first, so a save in flight finishes before the flush.
    lifecycle.onShutdown("snapshots", () => {
      snapshotter.stop();
      return snapshotter.idle();
    });
    snapshots = snapshotter;
  }
  readiness.register({
    name: "exchange_journal",
    check: async () => {
      if (journal.failed) throw journal.failed;
    },
  });

  const app = new ExchangeApp(exchange, journal);
  // A halt is a time-boxed chaos fault; its timer died with the previous process, so lift it (journaled).
  for (const symbol of app.haltedSymbols()) {
    await app.resumeTrading(symbol);
    logger.warn({ symbol }, "resumed trading halted by a previous process");
  }
  registerExchangeFaults(chaos, app, random);
  ctx.app.route(API_PREFIX, exchangeRoutes(app));
  const grpcService = exchangeGrpcService(app, lifecycle.stopping);
  ctx.grpc.addService(grpcService.definition, grpcService.handlers);
  return { app, storage, journal, snapshots, restored: { events, snapshotSeq } };
}

/** After start: publishes the bound endpoints in discovery (REDIS_URL set) and deregisters on shutdown. */
export async function announce(service: Service<ExchangeEnv>, env: Env = process.env): Promise<void> {
  const { redisUrl, discoveryHeartbeatMs } = storageConfigFromEnv(env);
  if (!redisUrl) return;
  const { config } = service;
  const wildcard = config.HTTP_HOST === "0.0.0.0" || config.HTTP_HOST === "::";
  const host = config.ADVERTISE_HOST ?? (wildcard ? hostname() : config.HTTP_HOST);
  const discovery = await startDiscovery({
    redisUrl,
    identity: service.identity,
    version: service.version,
    httpEndpoint: `${host}:${service.httpPort}`,
    grpcEndpoint: `${host}:${service.grpcPort}`,
    heartbeatMs: discoveryHeartbeatMs,
    metrics: service.metrics,
    logger: service.logger.child({ component: "discovery" }),
  });
  service.lifecycle.onShutdown("discovery", () => discovery.stop());
  service.logger.info({ key: service.identity.discoveryKey, record: discovery.record }, "registered in service discovery");
}
