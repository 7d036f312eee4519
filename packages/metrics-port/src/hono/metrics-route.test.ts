import { gunzipSync, gzipSync } from "node:zlib";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { MetricsExporter, ScrapeRequest, ScrapeResponse } from "../exporter.js";
import { createRecordingMetrics } from "../testing/index.js";
import { httpMetrics } from "./http-metrics.js";
import { metricsHandler, mountMetricsRoutes } from "./metrics-route.js";
import { recordedRequests } from "./test-support/index.js";

const TEXT = "text/plain; version=0.0.4; charset=utf-8";
const OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/**
 * A hand-written exporter (our own interface): negotiates like a real one would and remembers what it was
 * asked, so the tests can check what the route passes in and what it sends back.
 */
class FakeExporter implements MetricsExporter {
  readonly requests: ScrapeRequest[] = [];
  failWith: Error | undefined;

  async scrape(request: ScrapeRequest): Promise<ScrapeResponse> {
    this.requests.push(request);
    if (this.failWith) throw this.failWith;
    const openMetrics = request.accept?.includes("application/openmetrics-text") ?? false;
    const text = openMetrics ? "# TYPE up gauge\nup 1\n# EOF\n" : "# TYPE up gauge\nup 1\n";
    const headers: Record<string, string> = { "Content-Type": openMetrics ? OPENMETRICS : TEXT, Vary: "Accept, Accept-Encoding" };
    if (request.acceptEncoding?.includes("gzip")) {
      headers["Content-Encoding"] = "gzip";
      return { status: 200, headers, body: new Uint8Array(gzipSync(text)) };
    }
    return { status: 200, headers, body: new TextEncoder().encode(text) };
  }
}

describe("metricsHandler", () => {
  it("passes Accept and Accept-Encoding to the exporter (null when absent)", async () => {
    const exporter = new FakeExporter();
    const app = new Hono().get("/metrics", metricsHandler(exporter));
    await app.request("/metrics");
    await app.request("/metrics", {
      headers: { accept: "application/openmetrics-text;version=1.0.0,text/plain;q=0.5", "accept-encoding": "gzip, br" },
    });
    expect(exporter.requests).toEqual([
      { accept: null, acceptEncoding: null },
      { accept: "application/openmetrics-text;version=1.0.0,text/plain;q=0.5", acceptEncoding: "gzip, br" },
    ]);
  });

  it("returns exactly the exporter's status, headers and body bytes", async () => {
    const exporter = new FakeExporter();
    const app = new Hono().get("/metrics", metricsHandler(exporter));
    const res = await app.request("/metrics", {
      headers: { accept: "application/openmetrics-text; version=1.0.0", "accept-encoding": "gzip" },
    });
    expect(res.status).toBe(200);
    expect(Object.fromEntries(res.headers)).toEqual({
      "content-type": OPENMETRICS,
      "content-encoding": "gzip",
      vary: "Accept, Accept-Encoding",
    });
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(gunzipSync(bytes).toString()).toBe("# TYPE up gauge\nup 1\n# EOF\n");
  });

  it("passes non-200 answers through unchanged (e.g. 406 from negotiation)", async () => {
    const exporter: MetricsExporter = {
      scrape: async () => ({ status: 406, headers: { "Content-Type": "text/plain; charset=utf-8" }, body: new TextEncoder().encode("no") }),
    };
    const res = await new Hono().get("/metrics", metricsHandler(exporter)).request("/metrics");
    expect(res.status).toBe(406);
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await res.text()).toBe("no");
  });

  it("lets a failing scrape reach the app's error handler", async () => {
    const exporter = new FakeExporter();
    exporter.failWith = new Error("collector exploded");
    const app = new Hono().get("/metrics", metricsHandler(exporter));
    app.onError((err, c) => c.text(`scrape failed: ${err.message}`, 500));
    const res = await app.request("/metrics");
    expect(res.status).toBe(500);
    expect(await res.text()).toBe("scrape failed: collector exploded");
  });

  it("rejects something that is not an exporter", () => {
    expect(() => metricsHandler({} as never)).toThrow(/metricsHandler: exporter must be a MetricsExporter/);
  });
});

describe("mountMetricsRoutes", () => {
  it("serves GET (and HEAD) on /metrics and /api/v1/metrics by default", async () => {
    const exporter = new FakeExporter();
    const app = new Hono();
    mountMetricsRoutes(app, exporter);
    for (const path of ["/metrics", "/api/v1/metrics"]) {
      const res = await app.request(path);
      expect(res.headers.get("content-type")).toBe(TEXT);
      expect(await res.text()).toBe("# TYPE up gauge\nup 1\n");
    }
    const head = await app.request("/metrics", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    expect((await app.request("/metrics", { method: "POST" })).status).toBe(404);
  });

  it("serves custom paths only, on apps with any Env type", async () => {
    const app = new Hono<{ Variables: { user: string }; Bindings: { TOKEN: string } }>();
    mountMetricsRoutes(app, new FakeExporter(), ["/internal/metrics"]);
    expect((await app.request("/internal/metrics")).status).toBe(200);
    expect((await app.request("/metrics")).status).toBe(404);
  });

  it("is not counted by httpMetrics with the defaults of both", async () => {
    const metrics = createRecordingMetrics();
    const app = new Hono();
    app.use(httpMetrics(metrics));
    mountMetricsRoutes(app, new FakeExporter());
    app.get("/hello", (c) => c.text("hi"));
    await app.request("/metrics");
    await app.request("/api/v1/metrics");
    await app.request("/hello");
    expect(recordedRequests(metrics)).toEqual(["GET /hello 200"]);
  });

  it.each<[string, unknown, RegExp]>([
    ["an empty list", [], /non-empty array/],
    ["a relative path", ["metrics"], /"metrics" must be a string starting with "\/"/],
    ["a duplicate", ["/metrics", "/metrics"], /"\/metrics" is listed twice/],
  ])("rejects %s", (_what, paths, message) => {
    expect(() => mountMetricsRoutes(new Hono(), new FakeExporter(), paths as string[])).toThrow(message);
  });
});
