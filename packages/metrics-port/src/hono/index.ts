/**
 * @tse/metrics-port/hono — HTTP RED metrics and the scrape endpoint for Hono apps.
 *
 *   const app = new Hono();
 *   app.use(httpMetrics(metrics));          // first, so it sees every request
 *   mountMetricsRoutes(app, exporter);      // GET /metrics and /api/v1/metrics, excluded from the metrics
 */
export { httpMetricDescriptors } from "./descriptors.js";
export { httpMetrics } from "./http-metrics.js";
export { DEFAULT_METRICS_PATHS, metricsHandler, mountMetricsRoutes } from "./metrics-route.js";
export {
  DEFAULT_EXCLUDE_PATHS,
  DEFAULT_KNOWN_METHODS,
  DEFAULT_UNMATCHED_ROUTE,
  type HttpMetricsOptions,
  OTHER_METHOD,
} from "./options.js";
