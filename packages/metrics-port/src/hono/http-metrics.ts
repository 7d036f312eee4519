/**
 * The RED middleware. Per request it does: one exclusion check, one method lookup, a gauge inc/dec, two
 * `performance.now()` calls, one route resolution after `next()` (route-label.ts: it reads which route
 * actually answered), and the shared `record()` (http-recorder.ts). The steady state allocates nothing of
 * its own beyond the route list Hono's `matchedRoutes()` returns.
 */
import type { MiddlewareHandler } from "hono";
import type { MetricsPort } from "../port.js";
import { createHttpRecorder } from "./http-recorder.js";
import type { HttpMetricsOptions } from "./options.js";
import { routeLabel } from "./route-label.js";

/**
 * Hono middleware recording RED metrics (architecture §5): `http_requests_total`,
 * `http_request_errors_total` (code ≥ 400) and `http_request_duration_seconds` with labels
 * `method`, `route`, `code`, plus `http_requests_in_flight` by `method`.
 *
 * - `route` is the matched route template (see route-label.ts for which one), never the raw path;
 *   requests no route handled share one value (`unmatchedRoute`, default `"_unmatched"`).
 * - A handler that throws is recorded with the status the app's error handler produced (Hono's default:
 *   500); if the error escapes the app (non-Error throw, failing `onError`), it is recorded as 500 and rethrown.
 * - Duration ends when the handler returns its Response. For a streamed body that is when the headers are
 *   ready, not when the last byte is sent.
 * - Register it first (`app.use(httpMetrics(metrics))` before any route), so it sees every request.
 * - Being a middleware costs something of its own: with none, Hono calls a lone matching handler directly;
 *   with any, every request goes through `compose()`. `instrumentedFetch()` records the same series from
 *   outside the app, without that cost; use this middleware where the app cannot be wrapped (e.g. only a
 *   part of it is measured: `app.use("/api/*", httpMetrics(metrics))`).
 *
 * Throws at construction on invalid options or if the metrics are already registered differently.
 */
export function httpMetrics(metrics: MetricsPort, options?: HttpMetricsOptions): MiddlewareHandler {
  const recorder = createHttpRecorder("httpMetrics", metrics, options);
  const { isExcluded, unmatchedRoute } = recorder.options;

  return async function httpMetricsMiddleware(c, next) {
    if (isExcluded?.(c.req.path)) return next();
    const m = recorder.methodSeries(c.req.method);
    const ownIndex = c.req.routeIndex;
    m.inFlight.inc();
    const start = performance.now();
    let status = 500; // what the server adapter answers when the error escapes the app
    let answered = false;
    try {
      await next();
      status = c.res.status;
      answered = true;
    } finally {
      const seconds = (performance.now() - start) / 1000;
      m.inFlight.dec();
      const route = routeLabel(c, ownIndex, status, unmatchedRoute);
      recorder.record(m, route, status, seconds, c.req.raw, answered ? c.res : undefined);
    }
  };
}
