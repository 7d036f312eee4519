/**
 * One call gives a service everything that is not its domain: validated config, identity, logger, metrics,
 * an HTTP app and a gRPC server already wired (RED metrics, gRPC interceptors, /metrics, health, readiness,
 * gRPC health + reflection, request logging, body limits, JSON errors, chaos), and graceful shutdown.
 *
 *   const svc = await createService({
 *     name: "exchange-simulator", version, envSchema,
 *     configure: ({ app, grpc, metrics, readiness, lifecycle }) => { … },
 *   });
 *   await svc.start();
 */
import type { Server } from "node:http";
import { createAdaptorServer } from "@hono/node-server";
import type { MetricsPort } from "@tse/metrics-port";
import { serverMetricsInterceptor } from "@tse/metrics-port/grpc";
import { createPrometheusMetrics, type PrometheusMetrics } from "@tse/metrics-port/prometheus";
import type { Hono } from "hono";
import type { DestinationStream, Logger } from "pino";
import type { z } from "zod";
import { chaosInterceptor } from "../chaos/grpc.js";
import { ChaosRegistry } from "../chaos/registry.js";
import { type BaseEnv, baseEnvSchema } from "../config/base-env.js";
import { ConfigError, type Env, loadConfig, showValue } from "../config/load-config.js";
import { GrpcHost, type GrpcRegistrar } from "../grpc/grpc-host.js";
import { GrpcHealth } from "../health/grpc-health.js";
import { Readiness } from "../health/readiness.js";
import { createHttpApp } from "../http/app.js";
import { type InstanceIdentity, resolveIdentity } from "../identity.js";
import { type Lifecycle, ShutdownHooks } from "../lifecycle/lifecycle.js";
import { createLogger } from "../logging/logger.js";
import { closeHttp, ListenError, listenHttp } from "./listen.js";

/** What `configure` receives. */
export interface ServiceContext<C extends BaseEnv = BaseEnv> {
  /** The Hono app: add routes. Health, ready, metrics and chaos routes are already there. */
  app: Hono;
  /** Add gRPC services; health, reflection and metrics follow automatically. */
  grpc: GrpcRegistrar;
  /** Declare business metrics here (constant labels service/instance_name/version are added). */
  metrics: MetricsPort;
  logger: Logger;
  config: Readonly<C>;
  identity: InstanceIdentity;
  /** `readiness.register({ name, check })` for every dependency (@tse/storage provides checks). */
  readiness: Pick<Readiness, "register">;
  /** `chaos.registerFault(…)` for domain faults; `chaos.recordInjection(name)` when one bites. */
  chaos: Pick<ChaosRegistry, "registerFault" | "recordInjection" | "isActive">;
  lifecycle: Lifecycle;
}

export interface CreateServiceOptions<S extends z.ZodObject = typeof baseEnvSchema> {
  /** SERVICE_NAME: fixed per service (exchange-simulator, trading-engine, test-coordinator). */
  name: string;
  /** The package version; SERVICE_VERSION overrides it. */
  version: string;
  /** Defaults to process.env. */
  env?: Env;
  /** `baseEnvSchema.extend({ … })`; defaults to baseEnvSchema. */
  envSchema?: S;
  configure?: (context: ServiceContext<z.output<S> & BaseEnv>) => void | Promise<void>;
  /** Log destination (tests); stdout by default. */
  logDestination?: DestinationStream;
  /** Randomness for the errors fault, [0, 1) (tests); Math.random by default. */
  random?: () => number;
}

export interface Service<C extends BaseEnv = BaseEnv> {
  readonly identity: InstanceIdentity;
  readonly version: string;
  readonly config: Readonly<C>;
  readonly logger: Logger;
  readonly metrics: PrometheusMetrics;
  readonly app: Hono;
  readonly grpc: GrpcRegistrar;
  readonly readiness: Readiness;
  readonly chaos: ChaosRegistry;
  readonly lifecycle: Lifecycle;
  /** Bound ports (after start; HTTP_PORT/GRPC_PORT 0 picks free ones). */
  readonly httpPort: number;
  readonly grpcPort: number;
  /** `http://host:port` and `host:port` (after start). */
  readonly httpUrl: string;
  readonly grpcAddress: string;
  /** Listens on HTTP and gRPC and logs the endpoints. */
  start(): Promise<void>;
  /**
   * Graceful stop (idempotent): readiness and gRPC health go NOT_SERVING, listeners close, in-flight HTTP
   * and gRPC calls get SHUTDOWN_TIMEOUT_MS to finish, then closers run newest first. Resolves true when
   * everything finished in time and every closer succeeded.
   */
  stop(): Promise<boolean>;
}

/** Every variable of the base schema must be in a service's schema (extend it, do not replace it). */
function assertExtendsBase(schema: z.ZodObject): void {
  const missing = Object.keys(baseEnvSchema.shape).filter((k) => !(k in schema.shape));
  if (missing.length > 0) {
    throw new TypeError(`envSchema must extend baseEnvSchema (missing: ${missing.join(", ")})`);
  }
}

/** SERVICE_NAME is not configuration: a different value in the environment is a deployment mistake. */
function assertServiceName(name: string, env: Env): void {
  const value = env.SERVICE_NAME;
  if (value === undefined || value === "" || value === name) return;
  throw new ConfigError([
    {
      variable: "SERVICE_NAME",
      shownValue: showValue(value),
      message: `must be "${name}" (fixed for this service); name an instance with SERVICE_INSTANCE_NAME`,
    },
  ]);
}

const isGrpcInfraPath = (path: string) =>
  path.startsWith("/grpc.health.v1.Health/") || path.startsWith("/grpc.reflection.");

export async function createService<S extends z.ZodObject = typeof baseEnvSchema>(
  options: CreateServiceOptions<S>,
): Promise<Service<z.output<S> & BaseEnv>> {
  type C = z.output<S> & BaseEnv;
  const schema = (options.envSchema ?? baseEnvSchema) as z.ZodObject;
  assertExtendsBase(schema);
  const env = options.env ?? process.env;
  const config = loadConfig(schema, env) as Readonly<C>;
  assertServiceName(options.name, env);
  const identity = resolveIdentity(options.name, config.SERVICE_INSTANCE_NAME);
  const version = config.SERVICE_VERSION ?? options.version;

  const logger = createLogger({
    service: identity.service,
    instanceName: identity.instanceName,
    version,
    level: config.LOG_LEVEL,
    destination: options.logDestination,
  });
  const metrics = createPrometheusMetrics({
    constantLabels: { service: identity.service, instance_name: identity.instanceName, version },
    logger: logger.child({ component: "metrics" }),
  });
  const readiness = new Readiness({ metrics, timeoutMs: config.READINESS_TIMEOUT_MS, logger });
  const chaos = new ChaosRegistry({
    enabled: config.CHAOS_ENABLED,
    metrics,
    logger: logger.child({ component: "chaos" }),
    random: options.random,
    holdReadiness: (reason) => readiness.hold("chaos:downtime", reason),
  });
  const lifecycle = new ShutdownHooks(logger);
  const health = new GrpcHealth();
  readiness.onChange((ready) => health.setAll(ready ? "SERVING" : "NOT_SERVING"));

  const grpcHost = new GrpcHost({
    metrics,
    health,
    logger,
    // Metrics first: it then sees the statuses chaos injects, like any other status.
    interceptors: [serverMetricsInterceptor(metrics), ...(config.CHAOS_ENABLED ? [chaosInterceptor(chaos, isGrpcInfraPath)] : [])],
  });
  const { app, fetch } = createHttpApp({
    logger,
    metrics,
    exporter: metrics,
    readiness,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    health: { service: identity.service, instanceName: identity.instanceName, version, environment: config.ENVIRONMENT },
    chaos: config.CHAOS_ENABLED ? { registry: chaos, token: config.CHAOS_TOKEN! } : undefined,
  });

  try {
    await options.configure?.({ app, grpc: grpcHost, metrics, logger, config, identity, readiness, chaos, lifecycle });
  } catch (err) {
    // Close what configure opened before it failed (newest first), then report the failure.
    await lifecycle.runClosers(config.SHUTDOWN_TIMEOUT_MS);
    await chaos.close();
    throw err;
  }

  let httpServer: Server | undefined;
  let httpPort: number | undefined;
  let grpcPort: number | undefined;
  let stopping: Promise<boolean> | undefined;
  const started = () => {
    if (httpPort === undefined || grpcPort === undefined) throw new Error("the service has not been started");
    return { httpPort, grpcPort };
  };
  const hostForUrl = (host: string) => (host.includes(":") ? `[${host}]` : host === "0.0.0.0" ? "127.0.0.1" : host);

  async function stop(): Promise<boolean> {
    const deadline = config.SHUTDOWN_TIMEOUT_MS;
    logger.info({ deadline_ms: deadline }, "shutting down");
    lifecycle.beginShutdown();
    readiness.hold("shutdown", "shutting down");
    readiness.stopPolling();
    await chaos.close();
    const [httpDrained, grpcDrained] = await Promise.all([
      httpServer ? closeHttp(httpServer, deadline, logger) : true,
      grpcHost.shutdown(deadline),
    ]);
    const closed = await lifecycle.runClosers(deadline);
    const clean = httpDrained && grpcDrained && closed;
    logger.info({ clean, http_drained: httpDrained, grpc_drained: grpcDrained, closers_ok: closed }, "stopped");
    return clean;
  }

  return {
    identity,
    version,
    config,
    logger,
    metrics,
    app,
    grpc: grpcHost,
    readiness,
    chaos,
    lifecycle,
    get httpPort() {
      return started().httpPort;
    },
    get grpcPort() {
      return started().grpcPort;
    },
    get httpUrl() {
      return `http://${hostForUrl(config.HTTP_HOST)}:${started().httpPort}`;
    },
    get grpcAddress() {
      return `${hostForUrl(config.GRPC_HOST)}:${started().grpcPort}`;
    },
    async start() {
      if (httpServer) throw new Error("the service is already started");
      try {
        await readiness.evaluate();
        httpServer = createAdaptorServer({ fetch }) as Server;
        httpPort = (await listenHttp(httpServer, config.HTTP_HOST, config.HTTP_PORT)).port;
        grpcPort = await grpcHost
          .listen(config.GRPC_HOST, config.GRPC_PORT, [identity.service])
          .catch((err: unknown) => Promise.reject(new ListenError("GRPC", config.GRPC_HOST, config.GRPC_PORT, err)));
      } catch (err) {
        // Release whatever configure opened (pools, timers) before reporting; the caller decides about exiting.
        stopping ??= stop();
        await stopping;
        throw err;
      }
      health.setAll(readiness.ready ? "SERVING" : "NOT_SERVING");
      readiness.startPolling(config.READINESS_INTERVAL_MS);
      const http = `http://${hostForUrl(config.HTTP_HOST)}:${httpPort}`;
      logger.info(
        {
          http,
          grpc: `${hostForUrl(config.GRPC_HOST)}:${grpcPort}`,
          metrics: `${http}/metrics`,
          grpc_services: grpcHost.serviceNames,
          chaos: config.CHAOS_ENABLED,
          environment: config.ENVIRONMENT,
        },
        "service started",
      );
    },
    stop() {
      stopping ??= stop();
      return stopping;
    },
  };
}
