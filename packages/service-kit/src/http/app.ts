/**
 * The Hono app every service starts from. What runs around a request, outermost first:
 *
 *   0. RED metrics          around everything (`fetch`), so they time and count everything below, routing,
 *                           injected faults and 413s included
 *   1. request log          one line per request                                    ┐ the front door
 *   2. 405 detection        turns a 404 on a known path into 405 + Allow            │ (front-door.ts), around
 *   3. body limit           413 before any handler reads an oversized body          │ the app's own fetch: no
 *   4. chaos                injected latency / errors / downtime (probe, scrape and │ app-wide middleware, so a
 *                           chaos paths exempt)                                     ┘ lone handler is called directly
 *   5. built-in routes      health, ready, metrics, chaos API — then the service's own routes
 *
 * `app.fetch` itself is the front door, so `app.request()` in tests sees 1–5 too. 404/500 and everything
 * thrown become the JSON error shape (errors.ts).
 */
import { Hono } from "hono";
import type { MetricsExporter, MetricsPort } from "@tse/metrics-port";
import { DEFAULT_METRICS_PATHS, instrumentedFetch, mountMetricsRoutes } from "@tse/metrics-port/hono";
import type { Logger } from "pino";
import { CHAOS_BASE_PATH, chaosGate, mountChaosRoutes } from "../chaos/http.js";
import type { ChaosRegistry } from "../chaos/registry.js";
import { HEALTH_PATH, type HealthInfo, mountHealthRoutes, READY_PATH } from "../health/http-routes.js";
import type { Readiness } from "../health/readiness.js";
import { errorHandler, errorResponse, methodNotAllowedResponse, notFoundHandler } from "./errors.js";
import { endpointRoute, frontDoor } from "./front-door.js";

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
  mountHealthRoutes(app, options.health, options.readiness);
  mountMetricsRoutes(app, options.exporter);
  if (options.chaos) mountChaosRoutes(app, options.chaos.registry, options.chaos.token);

  app.notFound(notFoundHandler);
  const onError = errorHandler(options.logger);
  // A thrown 404 (HttpError, a middleware's refusal) stays a 404: the front door must tell it from "no route".
  const fromOnError = new WeakSet<Response>();
  app.onError((err, c) => {
    const res = onError(err, c);
    fromOnError.add(res);
    return res;
  });
  const limit = options.bodyLimitBytes;
  const chaos = options.chaos;
  app.fetch = frontDoor(app, app.fetch, {
    logger: options.logger,
    isQuiet: isProbePath,
    bodyLimitBytes: limit,
    onTooLarge: () => errorResponse(413, "payload_too_large", `request body exceeds ${limit} bytes`, { limit_bytes: limit }),
    onMethodNotAllowed: methodNotAllowedResponse,
    isErrorResponse: (res) => fromOnError.has(res),
    chaos: chaos && chaosGate(chaos.registry, isChaosExemptHttpPath, (request, path) => endpointRoute(app, request.method, path)),
  });
  return { app, fetch: instrumentedFetch(app, options.metrics) };
}
