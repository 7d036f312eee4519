/**
 * A real Prometheus server scrapes the OTel adapter through the Hono scrape route: its Accept prefers
 * OpenMetrics, the adapter answers text 0.0.4 (gzipped), and Prometheus accepts that, and the series land with the port's names and labels (and Prometheus' own
 * `job`/`instance` target labels untouched, since the adapter never emits them).
 */
import { type PromSample, prometheusAvailable, type RunningPrometheus, startPrometheus } from "@tse/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOtelMetrics, type OtelMetrics } from "./index.js";
import { type SampleApp, startSampleApp } from "./test-support/sample-app.js";

const constantLabels = { service: "otel-demo", instance_name: "otel-demo-7", version: "2.0.1" };

describe.skipIf(!prometheusAvailable())("Prometheus scraping the OTel adapter", () => {
  let metrics: OtelMetrics;
  let app: SampleApp;
  let prometheus: RunningPrometheus;

  beforeAll(async () => {
    metrics = createOtelMetrics({ constantLabels, logger: { warn() {} } });
    app = await startSampleApp(metrics);
    for (const path of ["/users/1", "/users/2", "/hello"]) await (await fetch(`${app.baseUrl}${path}`)).arrayBuffer();
    expect(await app.getQuote("MISSING")).toBe(5);
    prometheus = await startPrometheus([{ job: "otel-demo", target: new URL(app.baseUrl).host }]);
    await prometheus.waitForScrapes(1);
  });
  afterAll(async () => {
    await prometheus?.stop();
    await app?.close();
    await metrics?.shutdown();
  });

  it("ingests the port's series under their canonical names and labels", async () => {
    const [users] = await prometheus.query('http_requests_total{route="/users/:id"}');
    expect(users?.metric).toEqual({
      __name__: "http_requests_total",
      method: "GET",
      route: "/users/:id",
      code: "200",
      ...constantLabels,
      job: "otel-demo",
      instance: new URL(app.baseUrl).host,
    });
    expect(users?.value[1]).toBe("2");
    const handled = await prometheus.query('grpc_server_handled_total{grpc_method="Get",grpc_code="NotFound"}');
    expect(handled.map((s: PromSample) => s.value[1])).toEqual(["1"]);
    const p99 = await prometheus.query(
      'histogram_quantile(0.99, sum by (le) (grpc_server_handling_seconds_bucket{grpc_code="NotFound"}))',
    );
    expect(Number(p99[0]?.value[1])).toBeGreaterThan(0);
  });

  it("sees no OTel-specific or clashing labels", async () => {
    const labels = await prometheus.labelNames();
    expect(labels.filter((l: string) => l.startsWith("otel_") || l.startsWith("exported_"))).toEqual([]);
    expect(await prometheus.query("target_info")).toEqual([]);
  });
});
