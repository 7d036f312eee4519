/**
 * @tse/metrics-port/prometheus — the Prometheus adapter: the port backed by compact cells, a private
 * prom-client Registry (runtime metrics and prom-client tooling keep working), and a time-sliced exposition
 * in text 0.0.4 or OpenMetrics 1.0.0 with content negotiation and gzip.
 *
 *   const metrics = createPrometheusMetrics({ constantLabels: { service, instance_name, version } });
 *   const res = await metrics.scrape({ accept: req.headers.accept, acceptEncoding: req.headers["accept-encoding"] });
 */
export {
  createPrometheusMetrics,
  type PrometheusMetrics,
  type PrometheusMetricsOptions,
} from "./create-prometheus-metrics.js";
export {
  acceptsGzip,
  type ExpositionFormat,
  negotiateFormat,
  OPENMETRICS_CONTENT_TYPE,
  TEXT_CONTENT_TYPE,
} from "./negotiation.js";
export { DROPPED_RUNTIME_METRICS } from "./runtime-metrics.js";
