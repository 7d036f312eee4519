/**
 * One trivial Hono route served three ways, one process per variant so they never share a heap:
 *   bare             — no instrumentation
 *   ours             — @tse/metrics-port/hono RED middleware on the Prometheus adapter
 *   hono-prometheus  — @hono/prometheus (the peer)
 * Usage: node --import tsx bench/http-server.ts <variant> <port>
 */
import { serve } from "@hono/node-server";
import { prometheus } from "@hono/prometheus";
import { Hono } from "hono";
import { httpMetrics, mountMetricsRoutes } from "../src/hono/index.js";
import { createPrometheusMetrics } from "../src/prometheus/index.js";

const [variant, portArg] = process.argv.slice(2);
const app = new Hono();
if (variant === "ours") {
  const metrics = createPrometheusMetrics({
    constantLabels: { service: "bench", instance_name: "bench", version: "0.0.0" },
    runtimeMetrics: false,
  });
  app.use(httpMetrics(metrics));
  mountMetricsRoutes(app, metrics);
} else if (variant === "hono-prometheus") {
  const { printMetrics, registerMetrics } = prometheus();
  app.use("*", registerMetrics);
  app.get("/metrics", printMetrics);
} else if (variant !== "bare") {
  throw new Error(`unknown variant ${variant}`);
}
app.get("/hello/:name", (c) => c.text(`hello ${c.req.param("name")}`));
serve({ fetch: app.fetch, port: Number(portArg), hostname: "127.0.0.1" }, () => process.send?.("ready"));
