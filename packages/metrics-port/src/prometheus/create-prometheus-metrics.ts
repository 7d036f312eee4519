/**
 * The Prometheus adapter: the port (create-metrics.ts) on top of our own cells, a private prom-client Registry
 * holding every family, runtime metrics, and a time-sliced exposition with content negotiation and gzip.
 */
import { Registry } from "prom-client";
import { type ConstantLabels, validateConstantLabels } from "../constant-labels.js";
import { createMetrics } from "../create-metrics.js";
import type { MetricsExporter, ScrapeRequest, ScrapeResponse } from "../exporter.js";
import { CONSTANT_LABEL_NAMES } from "../names.js";
import type { MetricsRegistry, PortLogger } from "../port.js";
import { BufferPool } from "./buffer-pool.js";
import { labelPairs } from "./escaping.js";
import { loadForeignFamily } from "./foreign-family.js";
import { acceptsGzip, type ExpositionFormat, negotiateFormat } from "./negotiation.js";
import { PrometheusBackend } from "./prometheus-backend.js";
import type { PromClientMetricLike } from "./port-families.js";
import { RenderQueue } from "./render-queue.js";
import type { FamilySource } from "./renderer.js";
import { installRuntimeMetrics } from "./runtime-metrics.js";
import { decodeBody, renderGzipBody, renderIdentityBody, scrapeHeaders } from "./scrape-response.js";

export interface PrometheusMetricsOptions {
  /** service, instance_name, version — stamped on every series, runtime ones included. */
  constantLabels: ConstantLabels;
  /** Receives cardinality overflows and failing collect callbacks / runtime metrics. Default: JSON on stderr. */
  logger?: PortLogger;
  /** Process/Node runtime metrics plus uptime_seconds, service_starts_total, process_start_time_seconds. Default true. */
  runtimeMetrics?: boolean;
  /** Not supported: metric names are canonical (dashboards and alerts depend on them). */
  prefix?: never;
}

export interface PrometheusMetrics extends MetricsRegistry, MetricsExporter {
  /** This adapter's own prom-client Registry (never the global one), holding every family. */
  readonly registry: Registry;
  /**
   * Runs the collect callbacks and renders text 0.0.4 (default) or OpenMetrics 1.0.0, uncompressed —
   * what a scrape would return, for tests and tools.
   */
  render(format?: ExpositionFormat): Promise<string>;
}

/** What one render produces: a document in one format, gzip-compressed or not. */
interface BodyKey {
  format: ExpositionFormat;
  gzip: boolean;
}
const BODY_KEYS: Record<ExpositionFormat, Record<"gzip" | "identity", BodyKey>> = {
  text: { gzip: { format: "text", gzip: true }, identity: { format: "text", gzip: false } },
  openmetrics: { gzip: { format: "openmetrics", gzip: true }, identity: { format: "openmetrics", gzip: false } },
};
/** Headroom over the previous document's size when pre-sizing an uncompressed body (series come and go). */
const BODY_HEADROOM = 1.25;

const stderrLogger: PortLogger = {
  warn: (fields, message) => console.warn(JSON.stringify({ level: "warn", msg: message, ...fields })),
};

export function createPrometheusMetrics(options: PrometheusMetricsOptions): PrometheusMetrics {
  if (options === null || typeof options !== "object") {
    throw new TypeError("createPrometheusMetrics: options with constantLabels { service, instance_name, version } are required");
  }
  if ((options as { prefix?: unknown }).prefix !== undefined) {
    throw new TypeError("createPrometheusMetrics: `prefix` is not supported — metric names are canonical (architecture §5)");
  }
  const constantLabels = validateConstantLabels(options.constantLabels);
  const logger = options.logger ?? stderrLogger;
  const constantPairs = labelPairs(
    CONSTANT_LABEL_NAMES,
    CONSTANT_LABEL_NAMES.map((n) => constantLabels[n]),
  );

  const registry = new Registry();
  // For prom-client's own rendering (registry.metrics(), getMetricsAsJSON()); our renderer stamps them itself.
  registry.setDefaultLabels({ ...constantLabels });
  const backend = new PrometheusBackend(registry, constantPairs);
  const port = createMetrics(backend, { constantLabels, logger });
  if (options.runtimeMetrics !== false) installRuntimeMetrics(registry, port);

  /** Registry order: runtime metrics first, then port families in declaration order — stable across scrapes. */
  const sources = (): FamilySource[] =>
    registry.getMetricsAsArray().map((metric) => {
      const own = backend.familyOf(metric);
      if (own) return () => own;
      return async () => {
        try {
          return await loadForeignFamily(metric as unknown as PromClientMetricLike, constantPairs);
        } catch (err) {
          // One broken metric must not fail the whole scrape; it is reported and left out.
          logger.warn({ metric: metric.name, err: err instanceof Error ? err.message : String(err) }, "metric collection failed");
          return undefined;
        }
      };
    });

  // Chunks for gzip scrapes, reused from one scrape to the next.
  const pool = new BufferPool();
  /** Size of the last uncompressed document per format: the next one is pre-sized from it. */
  const lastBytes: Record<ExpositionFormat, number> = { text: 0, openmetrics: 0 };
  // Keys are the interned BODY_KEYS objects, so requests for the same document share a queued render.
  const queue = new RenderQueue(async ({ format, gzip }: BodyKey): Promise<Buffer> => {
    await port.collect();
    if (gzip) return renderGzipBody(sources(), format, pool);
    const body = await renderIdentityBody(sources(), format, lastBytes[format] * BODY_HEADROOM);
    lastBytes[format] = body.byteLength;
    return body;
  });

  const exporter = {
    registry,
    async render(format: ExpositionFormat = "text"): Promise<string> {
      if (format !== "text" && format !== "openmetrics") {
        throw new TypeError(`render: format must be "text" or "openmetrics" (got ${String(format)})`);
      }
      return decodeBody(await queue.run(BODY_KEYS[format].identity));
    },
    async scrape(request: ScrapeRequest = {}): Promise<ScrapeResponse> {
      const format = negotiateFormat(request.accept);
      const gzip = acceptsGzip(request.acceptEncoding);
      const body = await queue.run(BODY_KEYS[format][gzip ? "gzip" : "identity"]);
      return { status: 200, headers: scrapeHeaders(format, gzip), body };
    },
  };
  return Object.assign(port, exporter);
}
