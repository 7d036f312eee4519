/**
 * @tse/metrics-port/hono — HTTP RED metrics and the scrape endpoint for Hono apps.
 *
 *   const app = new Hono();
 *   mountMetricsRoutes(app, exporter);      // GET /metrics and /api/v1/metrics, excluded from the metrics
 *   serve({ fetch: instrumentedFetch(app, metrics) });   // the whole app, at no middleware cost
 *
 * or, to measure from inside the app (only part of it, or when something else owns its fetch):
 *
 *   app.use(httpMetrics(metrics));          // first, so it sees every request
 */
export { httpMetricDescriptors } from "./descriptors.js";
export { httpMetrics } from "./http-metrics.js";
export { instrumentedFetch } from "./instrumented-fetch.js";
export { DEFAULT_METRICS_PATHS, metricsHandler, mountMetricsRoutes } from "./metrics-route.js";
export {
  DEFAULT_EXCLUDE_PATHS,
  DEFAULT_KNOWN_METHODS,
  DEFAULT_UNMATCHED_ROUTE,
  type HttpMetricsOptions,
  OTHER_METHOD,
} from "./options.js";
