/**
 * @tse/metrics-port/otel — the port on the OpenTelemetry SDK, scraped in the Prometheus text format under the
 * same metric and label names as `@tse/metrics-port/prometheus`, so a service can swap adapters without
 * touching a dashboard.
 *
 *   const metrics = createOtelMetrics({ constantLabels: { service, instance_name, version } });
 *   app.use(httpMetrics(metrics));           // @tse/metrics-port/hono, unchanged from the Prometheus adapter
 *   mountMetricsRoutes(app, metrics);        // GET /metrics: text 0.0.4, gzip when accepted
 *   process.on("SIGTERM", () => metrics.shutdown());
 *
 * Differences from the Prometheus adapter (all runtime series, with reasons) are listed in prometheus-parity.ts.
 *
 * Needs the optional peers @opentelemetry/api, @opentelemetry/sdk-metrics, @opentelemetry/exporter-prometheus
 * and @opentelemetry/resources.
 */
export { createOtelMetrics, type OtelMetrics, type OtelMetricsOptions } from "./create-otel-metrics.js";
