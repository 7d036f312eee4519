/**
 * The adapter swap: one instrumented service (Hono middleware + grpc-js server interceptor, both through the
 * port) runs under the Prometheus adapter and under the OTel adapter, receives identical traffic, and is
 * scraped over HTTP. Dashboards survive a swap only if both scrapes have the same families, types, label
 * names and series; the only allowed differences are PROMETHEUS_ONLY_FAMILIES (runtime series, with reasons).
 */
import { promtoolAvailable, promtoolCheckMetrics, waitFor } from "@tse/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MetricsExporter } from "../exporter.js";
import type { MetricsRegistry } from "../port.js";
import { createPrometheusMetrics } from "../prometheus/index.js";
import { eventLoopMetricDescriptors } from "./event-loop-metrics.js";
import { createOtelMetrics, type OtelMetrics } from "./index.js";
import { processStartTimeSeconds, serviceStartsTotal, uptimeSeconds } from "../lifecycle.js";
import { processMetricDescriptors } from "./process-metrics.js";
import { PROMETHEUS_ONLY_FAMILIES } from "./prometheus-parity.js";
import { labelNamesOf, type MetricFamily, parseExposition, type Sample } from "./test-support/exposition.js";
import { provokeGarbageCollection } from "./test-support/garbage.js";
import { type SampleApp, startSampleApp } from "./test-support/sample-app.js";

const constantLabels = { service: "swap-demo", instance_name: "swap-demo-1", version: "0.9.0" };

/** Runtime families whose values (and, for the Node-API ones, help texts) legitimately differ. */
const RUNTIME_FAMILIES = new Set(
  [
    uptimeSeconds,
    serviceStartsTotal,
    processStartTimeSeconds,
    ...Object.values(processMetricDescriptors),
    ...Object.values(eventLoopMetricDescriptors),
  ].map((d) => d.name),
);
/** Runtime families the OTel adapter reads from Node APIs with its own help text. */
const NODE_API_FAMILIES = new Set(
  [processStartTimeSeconds, ...Object.values(processMetricDescriptors), ...Object.values(eventLoopMetricDescriptors)].map(
    (d) => d.name,
  ),
);

interface Scrape {
  readonly text: string;
  readonly families: Map<string, MetricFamily>;
  readonly headers: Headers;
}

async function request(app: SampleApp, path: string, method = "GET"): Promise<number> {
  const res = await fetch(`${app.baseUrl}${path}`, { method });
  await res.arrayBuffer();
  return res.status;
}

/** The same traffic for both adapters; returns what the clients saw, so a broken app cannot pass silently. */
async function drive(app: SampleApp): Promise<unknown[]> {
  const seen: unknown[] = [];
  for (const path of ["/hello", "/hello", "/users/1", "/users/2", "/nope", "/boom"]) seen.push(await request(app, path));
  seen.push(await request(app, "/hello", "POST"));
  seen.push(await request(app, "/hello", "PURGE"));
  for (const symbol of ["BTC-USD", "ETH-USD", "MISSING"]) seen.push(await app.getQuote(symbol));
  // nodejs_gc_duration_seconds has series only once a GC has happened; make sure one has, under both adapters.
  await provokeGarbageCollection();
  return seen;
}

async function runSampleApp(metrics: MetricsRegistry & MetricsExporter): Promise<Scrape & { seen: unknown[] }> {
  const app = await startSampleApp(metrics);
  try {
    const seen = await drive(app);
    // The Prometheus adapter would answer OpenMetrics to Prometheus' own Accept; ask both for text 0.0.4.
    // Polled until the GC the traffic provoked has reached the adapter's observer (delivered asynchronously).
    const scraped = await waitFor(
      async () => {
        const res = await fetch(`${app.baseUrl}/metrics`, {
          headers: { accept: "text/plain;version=0.0.4", "accept-encoding": "gzip" },
        });
        const text = await res.text(); // fetch undoes the gzip
        if (res.status !== 200) throw new Error(`scrape answered ${res.status}: ${text}`);
        const families = parseExposition(text);
        return (families.get("nodejs_gc_duration_seconds")?.samples.length ?? 0) > 0 && { text, families, headers: res.headers };
      },
      { what: "a scrape that includes GC series" },
    );
    return { ...scraped, seen };
  } finally {
    await app.close();
  }
}

const withSamples = (s: Scrape) => [...s.families.values()].filter((f) => f.samples.length > 0).map((f) => f.name);

const seriesKey = (s: Sample) =>
  `${s.name}{${Object.entries(s.labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(",")}}`;

/** Series identity plus the values identical traffic must reproduce (durations excluded). */
function deterministicSeries(f: MetricFamily): Record<string, number | "timing"> {
  const out: Record<string, number | "timing"> = {};
  for (const s of f.samples) out[seriesKey(s)] = /_(bucket|sum)$/.test(s.name) ? "timing" : s.value;
  return out;
}

describe("swapping the Prometheus adapter for the OTel adapter", () => {
  let prom: Scrape & { seen: unknown[] };
  let otel: Scrape & { seen: unknown[] };
  let otelMetrics: OtelMetrics;

  beforeAll(async () => {
    prom = await runSampleApp(createPrometheusMetrics({ constantLabels, logger: { warn() {} } }));
    otelMetrics = createOtelMetrics({ constantLabels, logger: { warn() {} } });
    otel = await runSampleApp(otelMetrics);
  });
  afterAll(() => otelMetrics?.shutdown());

  it("drives the same traffic through both (statuses as the clients saw them)", () => {
    expect(prom.seen).toEqual([200, 200, 200, 200, 404, 500, 404, 404, 0, 0, 5]);
    expect(otel.seen).toEqual(prom.seen);
  });

  it("scrapes text 0.0.4 from both, gzipped on request", () => {
    for (const s of [prom, otel]) {
      expect(s.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
      expect(s.headers.get("content-encoding")).toBe("gzip");
    }
  });

  it("exports the same metric families, except the listed Prometheus-only runtime families", () => {
    const promNames = new Set(withSamples(prom));
    const otelNames = new Set(withSamples(otel));
    expect([...otelNames].filter((n) => !promNames.has(n)), "families only the OTel adapter exports").toEqual([]);
    expect(
      [...promNames].filter((n) => !otelNames.has(n) && !(n in PROMETHEUS_ONLY_FAMILIES)),
      "families only the Prometheus adapter exports, not in PROMETHEUS_ONLY_FAMILIES",
    ).toEqual([]);
    // The HTTP and gRPC families are really there (an empty app would pass the checks above).
    for (const name of [
      "http_requests_total",
      "http_request_errors_total",
      "http_request_duration_seconds",
      "http_requests_in_flight",
      "grpc_server_started_total",
      "grpc_server_handled_total",
      "grpc_server_msg_received_total",
      "grpc_server_msg_sent_total",
      "grpc_server_handling_seconds",
      "uptime_seconds",
      "service_starts_total",
      "process_start_time_seconds",
    ]) {
      expect(otelNames.has(name), name).toBe(true);
    }
  });

  it("keeps the allow-list honest: each entry is a Prometheus-adapter family the OTel adapter lacks", () => {
    for (const name of Object.keys(PROMETHEUS_ONLY_FAMILIES)) {
      expect(prom.families.has(name), `${name} is declared by the Prometheus adapter`).toBe(true);
      expect(otel.families.has(name), `${name} is absent from the OTel adapter`).toBe(false);
    }
  });

  it("gives every common family the same type and label names (help too, for port-declared families)", () => {
    const common = withSamples(otel);
    expect(common.length).toBeGreaterThan(20);
    for (const name of common) {
      const p = prom.families.get(name)!;
      const o = otel.families.get(name)!;
      expect(o.type, `${name} type`).toBe(p.type);
      expect(labelNamesOf(o), `${name} label names`).toEqual(labelNamesOf(p));
      if (!NODE_API_FAMILIES.has(name)) expect(o.help, `${name} help`).toBe(p.help);
    }
  });

  it("produces the same series and counts for identical traffic (histogram buckets included)", () => {
    for (const name of withSamples(otel).filter((n) => !RUNTIME_FAMILIES.has(n))) {
      expect(deterministicSeries(otel.families.get(name)!), name).toEqual(deterministicSeries(prom.families.get(name)!));
    }
  });

  it("labels series with templates and fixed values, never raw paths", () => {
    const routes = new Set(otel.families.get("http_requests_total")!.samples.map((s) => s.labels.route));
    expect(routes).toContain("/users/:id");
    expect([...routes].some((r) => r?.startsWith("/users/1"))).toBe(false);
  });

  it.skipIf(!promtoolAvailable())("passes promtool check metrics on the OTel adapter's full scrape", () => {
    const verdict = promtoolCheckMetrics(otel.text);
    expect(verdict.output).toBe("");
    expect(verdict.ok).toBe(true);
  });
});
