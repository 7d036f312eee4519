/**
 * The OpenTelemetry adapter: the port on an OTel SDK MeterProvider, scraped through the OTel Prometheus
 * exporter's reader and serializer. Swapping it for the Prometheus adapter keeps every metric name and label
 * name that dashboards use (differences, all in runtime series, are listed in prometheus-parity.ts).
 */
import type { MeterProvider as ApiMeterProvider } from "@opentelemetry/api";
import { PrometheusExporter, PrometheusSerializer } from "@opentelemetry/exporter-prometheus";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { MeterProvider } from "@opentelemetry/sdk-metrics";
import { type ConstantLabels, validateConstantLabels } from "../constant-labels.js";
import { createMetrics } from "../create-metrics.js";
import type { MetricsExporter, ScrapeRequest, ScrapeResponse } from "../exporter.js";
import { CONSTANT_LABEL_NAMES } from "../names.js";
import type { MetricsRegistry, PortLogger } from "../port.js";
import { OtelBackend } from "./otel-backend.js";
import { registerRuntimeMetrics } from "./runtime-metrics.js";
import { scrapeResponse, shutDownResponse } from "./scrape-response.js";

export interface OtelMetricsOptions {
  constantLabels: ConstantLabels;
  logger?: PortLogger;
}

export interface OtelMetrics extends MetricsRegistry, MetricsExporter {
  /** The SDK provider behind the port: hand it to OTel instrumentations so their metrics join the scrape. */
  readonly meterProvider: ApiMeterProvider;
  /** Stops the runtime-metrics refresh and shuts the provider down; later scrapes answer 503. Idempotent. */
  shutdown(): Promise<void>;
}

/** The meter every port instrument is created on; the cardinality view below is scoped to it. */
export const PORT_METER_NAME = "@tse/metrics-port";

/**
 * Constant labels travel as Resource attributes (nothing extra to hash per measurement) and the exporter
 * renders exactly these three as labels on every series. The anchored pattern keeps the semantic-convention
 * service.* attributes, kept for OTel consumers of the resource, out of the labels.
 */
const CONSTANT_LABEL_PATTERN = new RegExp(`^(${CONSTANT_LABEL_NAMES.join("|")})$`);

/** Exporter options that make the scrape look like the Prometheus adapter's: no scope labels, no target_info. */
const EXPOSITION = {
  withResourceConstantLabels: CONSTANT_LABEL_PATTERN,
  withoutScopeInfo: true,
  withoutTargetInfo: true,
} as const;

const consoleLogger: PortLogger = {
  warn: (fields, message) => console.warn(JSON.stringify({ level: "warn", msg: message, ...fields })),
};

function serviceResource(labels: ConstantLabels) {
  return resourceFromAttributes({
    service: labels.service,
    instance_name: labels.instance_name,
    version: labels.version,
    "service.name": labels.service,
    "service.instance.id": labels.instance_name,
    "service.version": labels.version,
  });
}

export function createOtelMetrics(options: OtelMetricsOptions): OtelMetrics {
  const constantLabels = validateConstantLabels(options.constantLabels);
  const logger = options.logger ?? consoleLogger;

  // The reader only collects; the port's HTTP layer serves the scrape (no second listening port).
  const reader = new PrometheusExporter({ preventServerStart: true, ...EXPOSITION });
  const serializer = new PrometheusSerializer(
    undefined,
    false,
    EXPOSITION.withResourceConstantLabels,
    EXPOSITION.withoutTargetInfo,
    EXPOSITION.withoutScopeInfo,
  );
  const meterProvider = new MeterProvider({
    resource: serviceResource(constantLabels),
    readers: [reader],
    // The port already caps each metric at `maxSeries` label sets plus one overflow series. The SDK's own cap
    // (2000 by default) must never fold the port's series into `otel_metric_overflow`, so it is lifted for the
    // port's meter only; other meters on this provider keep the SDK default.
    views: [{ meterName: PORT_METER_NAME, instrumentName: "*", aggregationCardinalityLimit: Number.POSITIVE_INFINITY }],
  });

  const backend = new OtelBackend(meterProvider.getMeter(PORT_METER_NAME), logger);
  const registry = createMetrics(backend, { constantLabels, logger });
  const stopRuntimeMetrics = registerRuntimeMetrics(registry);

  let shuttingDown: Promise<void> | undefined;

  async function scrape(request: ScrapeRequest = {}): Promise<ScrapeResponse> {
    if (shuttingDown) return shutDownResponse();
    // onCollect callbacks first, so values read at scrape time (uptime, queue depths) are current.
    await registry.collect();
    let collected: Awaited<ReturnType<typeof reader.collect>>;
    try {
      collected = await reader.collect();
    } catch (err) {
      if (shuttingDown) return shutDownResponse(); // shut down while this scrape was running
      throw err;
    }
    const { resourceMetrics, errors } = collected;
    if (errors.length > 0) {
      logger.warn(
        { errors: errors.map((e) => (e instanceof Error ? e.message : String(e))) },
        "OpenTelemetry metrics collection reported errors; the scrape contains what was collected",
      );
    }
    backend.unobserved.addTo(resourceMetrics, PORT_METER_NAME);
    return scrapeResponse(serializer.serialize(resourceMetrics), request.acceptEncoding);
  }

  return Object.assign(registry, {
    meterProvider,
    scrape,
    shutdown() {
      shuttingDown ??= (async () => {
        stopRuntimeMetrics();
        await meterProvider.shutdown();
      })();
      return shuttingDown;
    },
  });
}
