/**
 * End to end with a real Prometheus: it scrapes an instrumented Hono + gRPC app through our adapter, and
 * we ask Prometheus (its HTTP API) what it stored. This is what dashboards will see.
 */
import {
  prometheusAvailable,
  promtoolAvailable,
  promtoolCheckMetrics,
  type RunningPrometheus,
  startPrometheus,
} from "@tse/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrometheusMetrics } from "../src/prometheus/index.js";
import { echo, type SampleApp, startSampleApp } from "./sample-app.js";

const constantLabels = { service: "sample-service", instance_name: "sample-a", version: "1.2.3" };

describe.skipIf(!prometheusAvailable())("real Prometheus scraping an instrumented Hono + gRPC app", () => {
  const metrics = createPrometheusMetrics({ constantLabels });
  let app: SampleApp;
  let prom: RunningPrometheus;
  const value = async (q: string) => Number((await prom.query(q))[0]?.value[1] ?? Number.NaN);

  beforeAll(async () => {
    app = await startSampleApp(metrics);
    prom = await startPrometheus([{ job: "sample", target: `127.0.0.1:${app.httpPort}` }]);
    // Traffic in two rounds with scrapes in between: rate() needs a series to increase between two samples
    // (a series first seen with its final value has no increase yet).
    const drive = async () => {
      const base = `http://127.0.0.1:${app.httpPort}`;
      for (let i = 0; i < 10; i++) await fetch(`${base}/hello`);
      for (let i = 0; i < 5; i++) await fetch(`${base}/api/users/${i}`);
      for (let i = 0; i < 5; i++) await fetch(`${base}/slow`);
      for (let i = 0; i < 2; i++) await fetch(`${base}/boom`);
      for (let i = 0; i < 2; i++) await fetch(`${base}/api/admin/stats`);
      for (let i = 0; i < 4; i++) await fetch(`${base}/no/such/path/${Math.random()}`);
      for (let i = 0; i < 3; i++) await echo(app, "hi");
      await echo(app, "missing");
      await echo(app, "");
    };
    await drive();
    await prom.waitForScrapes(2);
    await drive();
    await prom.waitForScrapes(4);
  }, 60_000);

  afterAll(async () => {
    await prom?.stop();
    await app?.close();
  });

  it("stores request counts per route template", async () => {
    const rows = await prom.query('sum by (route, code) (http_requests_total{job="sample"})');
    const byRoute = Object.fromEntries(rows.map((r) => [`${r.metric.route} ${r.metric.code}`, Number(r.value[1])]));
    expect(byRoute["/hello 200"]).toBe(20);
    expect(byRoute["/api/users/:id 200"]).toBe(10);
    expect(byRoute["/boom 500"]).toBe(4);
    expect(byRoute["/api/admin/stats 401"]).toBe(4);
    const unmatched = rows.filter((r) => r.metric.code === "404");
    expect(unmatched).toHaveLength(1);
    expect(Number(unmatched[0]!.value[1])).toBe(8);
    expect(rows.some((r) => r.metric.route?.includes("/users/1"))).toBe(false);
  });

  it("computes per-route request rates and a p99 from the histogram", async () => {
    expect(await value('sum(rate(http_requests_total{route="/hello"}[1m]))')).toBeGreaterThan(0);
    const p99 = await value('histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{route="/slow"}[1m])))');
    // The handler sleeps 30 ms, so the p99 cannot lie below the 25 ms bucket; on a loaded machine it may land
    // a bucket or two higher, never near the top of the range.
    expect(p99).toBeGreaterThan(0.025);
    expect(p99).toBeLessThan(1);
    const helloP99 = await value('histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{route="/hello"}[1m])))');
    expect(helloP99).toBeLessThan(p99);
    expect(await value('sum(http_request_errors_total{route="/boom"})')).toBe(4);
  });

  it("stores grpc_server_handled_total by Go-style grpc_code, with zero-initialised codes", async () => {
    const rows = await prom.query('grpc_server_handled_total{grpc_service="tse.bench.v1.Bench",grpc_method="Echo"}');
    const byCode = Object.fromEntries(rows.map((r) => [r.metric.grpc_code, Number(r.value[1])]));
    expect(byCode.OK).toBe(6);
    expect(byCode.NotFound).toBe(2);
    expect(byCode.InvalidArgument).toBe(2);
    expect(byCode.DeadlineExceeded).toBe(0);
    expect(await value('sum(grpc_server_handling_seconds_count{grpc_code="OK"})')).toBe(6);
  });

  it("puts the constant labels on every series and never an exported_* label", async () => {
    const all = await prom.query('{job="sample"}');
    expect(all.length).toBeGreaterThan(50);
    const missing = all.filter(
      (r) =>
        !["up", "scrape_duration_seconds", "scrape_samples_scraped", "scrape_samples_post_metric_relabeling", "scrape_series_added"].includes(
          r.metric.__name__!,
        ) &&
        (r.metric.service !== constantLabels.service ||
          r.metric.instance_name !== constantLabels.instance_name ||
          r.metric.version !== constantLabels.version),
    );
    expect(missing.map((r) => r.metric.__name__)).toEqual([]);
    expect((await prom.labelNames()).filter((l) => l.startsWith("exported_"))).toEqual([]);
    expect(await value('sum(service_starts_total{job="sample"})')).toBe(1);
    expect(await value('max(uptime_seconds{job="sample"})')).toBeGreaterThan(0);
  });
});

describe.skipIf(!promtoolAvailable())("promtool check metrics on the complete /metrics output", () => {
  const metrics = createPrometheusMetrics({ constantLabels });
  let app: SampleApp;
  beforeAll(async () => {
    app = await startSampleApp(metrics);
    await fetch(`http://127.0.0.1:${app.httpPort}/api/users/1`);
    await echo(app, "hi");
  });
  afterAll(() => app?.close());

  const scrape = async (accept: string) => {
    const res = await fetch(`http://127.0.0.1:${app.httpPort}/metrics`, { headers: { accept, "accept-encoding": "gzip" } });
    expect(res.status).toBe(200);
    // fetch decompresses transparently; the header proves the wire format was gzip.
    expect(res.headers.get("content-encoding")).toBe("gzip");
    return { contentType: res.headers.get("content-type"), body: await res.text() };
  };

  it("passes in text 0.0.4 (gzipped over HTTP)", async () => {
    const { contentType, body } = await scrape("text/plain;version=0.0.4");
    expect(contentType).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(body).toContain("grpc_server_handled_total");
    const check = promtoolCheckMetrics(body);
    expect(check.output).toBe("");
    expect(check.ok).toBe(true);
  });

  it("passes in OpenMetrics 1.0.0 except for promtool 2.42's text-parser view of counter families", async () => {
    const { contentType, body } = await scrape("application/openmetrics-text;version=1.0.0");
    expect(contentType).toBe("application/openmetrics-text; version=1.0.0; charset=utf-8");
    expect(body.endsWith("# EOF\n")).toBe(true);
    // promtool 2.42 lints with the text 0.0.4 parser only: an OpenMetrics counter family (`# TYPE x counter`,
    // samples `x_total`) reads to it as an untyped `x_total` without help. Every other rule must pass; a real
    // Prometheus ingesting this format is tested in src/prometheus/prometheus-scrape.test.ts.
    const counterFamilies = new Set([...body.matchAll(/^# TYPE (\S+) counter$/gm)].map((m) => m[1]));
    const complaints = promtoolCheckMetrics(body).output.split("\n").filter(Boolean);
    const unexpected = complaints.filter((line) => {
      const m = /^(\S+)_total no help text$/.exec(line);
      return !(m && counterFamilies.has(m[1]!));
    });
    expect(unexpected).toEqual([]);
  });

  it("serves the alias /api/v1/metrics identically", async () => {
    const res = await fetch(`http://127.0.0.1:${app.httpPort}/api/v1/metrics`, { headers: { "accept-encoding": "identity" } });
    expect(res.headers.get("content-encoding")).toBeNull();
    expect(await res.text()).toContain("grpc_server_handled_total");
  });
});
