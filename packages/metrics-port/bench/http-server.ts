/**
 * One trivial Hono route served five ways, one process per variant so they never share a heap:
 *   bare             — no instrumentation
 *   ours-fetch       — @tse/metrics-port/hono `instrumentedFetch(app, metrics)` on the Prometheus adapter
 *   ours-middleware  — @tse/metrics-port/hono `app.use(httpMetrics(metrics))`, same adapter and series
 *   hono-prometheus  — @hono/prometheus (the peer)
 *   noop-middleware  — one middleware that only awaits next(): what any Hono middleware costs. With none, Hono
 *                      returns the handler's Response synchronously and @hono/node-server writes it on a fast
 *                      path; with any, the request goes through compose() and node-server's async path.
 * Usage: node --import tsx bench/http-server.ts <variant> <port>
 */
import { serve } from "@hono/node-server";
import { prometheus } from "@hono/prometheus";
import { Hono } from "hono";
import { httpMetrics, instrumentedFetch, mountMetricsRoutes } from "../src/hono/index.js";
import { createPrometheusMetrics } from "../src/prometheus/index.js";
import { answerStatsQueries } from "./server-stats.js";

const [variant, portArg] = process.argv.slice(2);
const app = new Hono();
const ourMetrics = () =>
  createPrometheusMetrics({
    constantLabels: { service: "bench", instance_name: "bench", version: "0.0.0" },
    runtimeMetrics: false,
  });
let fetch = app.fetch;
if (variant === "ours-fetch") {
  const metrics = ourMetrics();
  mountMetricsRoutes(app, metrics);
  fetch = instrumentedFetch(app, metrics);
} else if (variant === "ours-middleware") {
  const metrics = ourMetrics();
  app.use(httpMetrics(metrics));
  mountMetricsRoutes(app, metrics);
} else if (variant === "hono-prometheus") {
  const { printMetrics, registerMetrics } = prometheus();
  app.use("*", registerMetrics);
  app.get("/metrics", printMetrics);
} else if (variant === "noop-middleware") {
  app.use(async (_c, next) => {
    await next();
  });
} else if (variant !== "bare") {
  throw new Error(`unknown variant ${variant}`);
}
let handled = 0;
app.get("/hello/:name", (c) => {
  handled++;
  return c.text(`hello ${c.req.param("name")}`);
});
answerStatsQueries(() => handled);
serve({ fetch, port: Number(portArg), hostname: "127.0.0.1" }, () => process.send?.("ready"));
