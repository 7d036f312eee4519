/**
 * The Hono app every service starts from. Middleware order is the point of this file:
 *
 *   0. RED metrics          around the whole app (`fetch`), so they time and count everything below, routing,
 *                           injected faults and 413s included
 *   1. request log          one line per request
 *   2. 405 detection        turns a 404 on a known path into 405 + Allow
 *   3. body limit           413 before any handler reads an oversized body
 *   4. chaos                injected latency / errors / downtime (probe, scrape and chaos paths exempt)
 *   5. built-in routes      health, ready, metrics, chaos API — then the service's own routes
 *
 * 404/500 and everything thrown become the JSON error shape (errors.ts).
 */
import { Hono } from "hono";
import { methodNotAllowed } from "hono/method-not-allowed";
import type { MetricsExporter, MetricsPort } from "@tse/metrics-port";
import { DEFAULT_METRICS_PATHS, instrumentedFetch, mountMetricsRoutes } from "@tse/metrics-port/hono";
import type { Logger } from "pino";
import { CHAOS_BASE_PATH, chaosMiddleware, mountChaosRoutes } from "../chaos/http.js";
import type { ChaosRegistry } from "../chaos/registry.js";
import { HEALTH_PATH, type HealthInfo, mountHealthRoutes, READY_PATH } from "../health/http-routes.js";
import type { Readiness } from "../health/readiness.js";
import { bodySizeLimit } from "./body-size-limit.js";
import { errorHandler, errorResponse, methodNotAllowedResponse, notFoundHandler } from "./errors.js";
import { requestLog } from "./request-log.js";

export interface HttpAppOptions {
  logger: Logger;
  metrics: MetricsPort;
  exporter: MetricsExporter;
  readiness: Readiness;
  health: HealthInfo;
  bodyLimitBytes: number;
  /** Mounted (and applied) only when given: CHAOS_ENABLED=true. */
  chaos: { registry: ChaosRegistry; token: string } | undefined;
}

const PROBE_PATHS: ReadonlySet<string> = new Set([HEALTH_PATH, READY_PATH, ...DEFAULT_METRICS_PATHS]);

/** Health, readiness and scrapes: never slowed or failed by chaos, logged at debug. */
export const isProbePath = (path: string): boolean => PROBE_PATHS.has(path);

/** Probe paths plus the chaos API itself (a fault must never lock out the switch that clears it). */
export const isChaosExemptHttpPath = (path: string): boolean =>
  isProbePath(path) || path === CHAOS_BASE_PATH || path.startsWith(`${CHAOS_BASE_PATH}/`);

/** The service's Hono app (services add their routes to it) and the instrumented `fetch` that serves it. */
export interface HttpApp {
  readonly app: Hono;
  /**
   * `app.fetch` wrapped with the HTTP RED metrics. Recorded around the app rather than as its first middleware:
   * the duration then covers routing and every middleware too, and the app pays no extra compose layer.
   */
  readonly fetch: Hono["fetch"];
}

export function createHttpApp(options: HttpAppOptions): HttpApp {
  const app = new Hono();
  app.use(requestLog(options.logger, isProbePath));
  app.use(methodNotAllowed({ app, onMethodNotAllowed: methodNotAllowedResponse }));
  app.use(
    bodySizeLimit(options.bodyLimitBytes, () =>
      errorResponse(413, "payload_too_large", `request body exceeds ${options.bodyLimitBytes} bytes`, {
        limit_bytes: options.bodyLimitBytes,
      }),
    ),
  );
  if (options.chaos) app.use(chaosMiddleware(options.chaos.registry, isChaosExemptHttpPath));

  mountHealthRoutes(app, options.health, options.readiness);
  mountMetricsRoutes(app, options.exporter);
  if (options.chaos) mountChaosRoutes(app, options.chaos.registry, options.chaos.token);

  app.notFound(notFoundHandler);
  app.onError(errorHandler(options.logger));
  return { app, fetch: instrumentedFetch(app, options.metrics) };
}
