/**
 * The scrape endpoint. It depends only on the port's `MetricsExporter`, so the Prometheus and
 * OpenTelemetry adapters plug in unchanged; negotiation (text vs OpenMetrics) and gzip are the exporter's job.
 */
import type { Handler, Hono } from "hono";
import type { MetricsExporter } from "../exporter.js";
import { DEFAULT_EXCLUDE_PATHS } from "./options.js";

/** Where `mountMetricsRoutes()` serves by default; also `httpMetrics()`'s default `excludePaths`. */
export const DEFAULT_METRICS_PATHS: readonly string[] = DEFAULT_EXCLUDE_PATHS;

/**
 * A GET handler that passes the request's Accept and Accept-Encoding headers to `exporter.scrape()` and
 * answers with exactly its status, headers (Content-Type, Content-Encoding, Vary…) and body bytes.
 * A failing scrape rejects into the app's error handler.
 */
export function metricsHandler(exporter: MetricsExporter): Handler {
  if (exporter === null || typeof exporter !== "object" || typeof exporter.scrape !== "function") {
    throw new TypeError("metricsHandler: exporter must be a MetricsExporter (an object with a scrape() method)");
  }
  return async function metricsRoute(c) {
    const scraped = await exporter.scrape({
      accept: c.req.header("accept") ?? null,
      acceptEncoding: c.req.header("accept-encoding") ?? null,
    });
    return new Response(scraped.body as Uint8Array<ArrayBuffer>, { status: scraped.status, headers: scraped.headers });
  };
}

/**
 * Serves `metricsHandler(exporter)` at `GET paths` (default `/metrics` and `/api/v1/metrics`; HEAD follows
 * GET). If you change the paths, pass the same ones to `httpMetrics({ excludePaths })` so scrapes are not counted.
 */
export function mountMetricsRoutes(
  // biome-ignore lint/suspicious/noExplicitAny: any app, whatever its Env; Hono<E> is not assignable across envs
  app: Hono<any>,
  exporter: MetricsExporter,
  paths: readonly string[] = DEFAULT_METRICS_PATHS,
): void {
  if (!Array.isArray(paths) || paths.length === 0) {
    throw new TypeError("mountMetricsRoutes: paths must be a non-empty array of paths");
  }
  const seen = new Set<string>();
  for (const p of paths) {
    if (typeof p !== "string" || !p.startsWith("/")) {
      throw new TypeError(`mountMetricsRoutes: path "${String(p)}" must be a string starting with "/"`);
    }
    if (seen.has(p)) throw new TypeError(`mountMetricsRoutes: path "${p}" is listed twice`);
    seen.add(p);
  }
  const handler = metricsHandler(exporter);
  for (const p of paths) app.get(p, handler);
}
