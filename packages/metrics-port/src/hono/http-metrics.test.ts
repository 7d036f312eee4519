import { Hono } from "hono";
import { stream } from "hono/streaming";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DEFAULT_LATENCY_BUCKETS } from "../buckets.js";
import type { Counter, Histogram } from "../instruments.js";
import type { MetricsPort } from "../port.js";
import { createRecordingMetrics, type RecordingMetrics } from "../testing/index.js";
import { httpMetricDescriptors } from "./descriptors.js";
import { httpMetrics } from "./http-metrics.js";
import type { HttpMetricsOptions } from "./options.js";
import { addSlowRoutes, deferred, distinctLabelValues, recordedRequests } from "./test-support/index.js";

function instrumented(options?: HttpMetricsOptions): { app: Hono; metrics: RecordingMetrics } {
  const metrics = createRecordingMetrics();
  const app = new Hono();
  app.use(httpMetrics(metrics, options));
  return { app, metrics };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("httpMetrics: RED series", () => {
  it("registers the four metrics of architecture §5 with their labels", () => {
    const { metrics } = instrumented();
    const byName = new Map(metrics.descriptors().map((d) => [d.name, d]));
    expect([...byName.keys()].sort()).toEqual([
      "http_request_duration_seconds",
      "http_request_errors_total",
      "http_requests_in_flight",
      "http_requests_total",
    ]);
    expect(byName.get("http_requests_total")).toMatchObject({ kind: "counter", labelNames: ["method", "route", "code"] });
    expect(byName.get("http_request_errors_total")).toMatchObject({ kind: "counter", labelNames: ["method", "route", "code"] });
    expect(byName.get("http_request_duration_seconds")).toMatchObject({
      kind: "histogram",
      unit: "seconds",
      labelNames: ["method", "route", "code"],
      buckets: DEFAULT_LATENCY_BUCKETS,
    });
    expect(byName.get("http_requests_in_flight")).toMatchObject({ kind: "gauge", labelNames: ["method"] });
  });

  it("counts requests, counts errors only for codes ≥ 400, and observes one duration per request", async () => {
    const { app, metrics } = instrumented();
    app.get("/ok", (c) => c.text("ok"));
    app.get("/redirect", (c) => c.redirect("/ok"));
    app.get("/bad", (c) => c.text("bad", 400));
    app.get("/down", (c) => c.text("down", 503));
    for (const path of ["/ok", "/ok", "/redirect", "/bad", "/down", "/down"]) await app.request(path);

    metrics.expectCounter("http_requests_total", { method: "GET", route: "/ok", code: "200" }).toBe(2);
    metrics.expectCounter("http_requests_total", { route: "/redirect", code: "302" }).toBe(1);
    metrics.expectCounter("http_request_errors_total").toBe(3);
    metrics.expectCounter("http_request_errors_total", { route: "/bad", code: "400" }).toBe(1);
    metrics.expectCounter("http_request_errors_total", { route: "/down", code: "503" }).toBe(2);
    expect(distinctLabelValues(metrics, "http_request_errors_total", "code")).toEqual(new Set(["400", "503"]));
    expect(metrics.histogramSnapshot("http_request_duration_seconds").count).toBe(6);
    expect(metrics.histogramSnapshot("http_request_duration_seconds", { route: "/down", code: "503" }).count).toBe(2);
  });

  it("observes durations in seconds, measured around the handler", async () => {
    vi.useFakeTimers({ toFake: ["performance"] });
    const { app, metrics } = instrumented();
    app.get("/work", (c) => {
      vi.advanceTimersByTime(1250); // the handler "takes" 1.25 s of the fake clock
      return c.text("done");
    });
    await app.request("/work");
    const snap = metrics.histogramSnapshot("http_request_duration_seconds", { route: "/work" });
    expect(snap.observations).toHaveLength(1);
    expect(snap.observations[0]).toBeCloseTo(1.25, 6);
    expect(snap.buckets.find((b) => b.le === 1)!.count).toBe(0);
    expect(snap.buckets.find((b) => b.le === 2.5)!.count).toBe(1);
  });

  it("uses custom duration buckets", async () => {
    const { app, metrics } = instrumented({ durationBuckets: [0.001, 0.1] });
    app.get("/x", (c) => c.text("x"));
    await app.request("/x");
    const snap = metrics.histogramSnapshot("http_request_duration_seconds");
    expect(snap.buckets.map((b) => b.le)).toEqual([0.001, 0.1]);
    expect(snap.count).toBe(1);
  });

  it("fails at construction when the metrics are already registered with other buckets", () => {
    const metrics = createRecordingMetrics();
    httpMetrics(metrics);
    expect(() => httpMetrics(metrics, { durationBuckets: [0.5, 1] })).toThrow(/http_request_duration_seconds.*already registered/);
    expect(() => httpMetrics(metrics, { durationBuckets: [1, 0.5] })).toThrow(/strictly increasing/);
  });

  it("shares series when two apps are instrumented on one port (idempotent registration)", async () => {
    const metrics = createRecordingMetrics();
    const a = new Hono().use(httpMetrics(metrics)).get("/a", (c) => c.text("a"));
    const b = new Hono().use(httpMetrics(metrics)).get("/a", (c) => c.text("b"));
    await a.request("/a");
    await b.request("/a");
    metrics.expectCounter("http_requests_total", { route: "/a" }).toBe(2);
  });
});

describe("httpMetrics: exclusion", () => {
  it("does not count the scrape paths by default", async () => {
    const { app, metrics } = instrumented();
    app.get("/metrics", (c) => c.text("# scrape"));
    app.get("/api/v1/metrics", (c) => c.text("# scrape"));
    app.get("/hello", (c) => c.text("hi"));
    await app.request("/metrics");
    await app.request("/api/v1/metrics");
    await app.request("/hello");
    expect(recordedRequests(metrics)).toEqual(["GET /hello 200"]);
    expect(metrics.histogramSnapshot("http_request_duration_seconds").count).toBe(1);
  });

  it("excludes configured strings exactly and RegExps by test (global flag made harmless)", async () => {
    const { app, metrics } = instrumented({ excludePaths: ["/api/v1/health", /^\/internal\//g] });
    app.get("/api/v1/health", (c) => c.text("ok"));
    app.get("/api/v1/health/deep", (c) => c.text("ok"));
    app.get("/internal/:x", (c) => c.text("i"));
    app.get("/metrics", (c) => c.text("# now counted"));
    for (let i = 0; i < 3; i++) await app.request("/internal/a"); // a stateful /g regex would miss every other call
    await app.request("/api/v1/health");
    await app.request("/api/v1/health/deep");
    await app.request("/metrics");
    expect(recordedRequests(metrics)).toEqual(["GET /api/v1/health/deep 200", "GET /metrics 200"]);
  });

  it("counts everything with excludePaths: []", async () => {
    const { app, metrics } = instrumented({ excludePaths: [] });
    app.get("/metrics", (c) => c.text("# scrape"));
    await app.request("/metrics");
    expect(recordedRequests(metrics)).toEqual(["GET /metrics 200"]);
  });

  it("leaves excluded requests' in-flight gauge untouched", async () => {
    const { app, metrics } = instrumented();
    const release = deferred();
    const entered = deferred();
    app.get("/metrics", async (c) => {
      entered.resolve();
      await release.promise;
      return c.text("# scrape");
    });
    const pending = app.request("/metrics");
    await entered.promise;
    metrics.expectGauge("http_requests_in_flight", { method: "GET" }).toBe(0);
    release.resolve();
    expect((await pending).status).toBe(200);
  });
});

describe("httpMetrics: in-flight gauge", () => {
  it("exports 0 for every known method and _OTHER before any request", () => {
    const { metrics } = instrumented();
    expect(distinctLabelValues(metrics, "http_requests_in_flight", "method")).toEqual(
      new Set(["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH", "_OTHER"]),
    );
    metrics.expectGauge("http_requests_in_flight").toBe(0);
  });

  it("rises during slow requests and returns to 0 after them, also when the handler throws", async () => {
    const { app, metrics } = instrumented();
    const { release, allEntered } = addSlowRoutes(app);
    const requests = [app.request("/slow"), app.request("/slow"), app.request("/slow-throw", { method: "POST" })];
    await allEntered;
    metrics.expectGauge("http_requests_in_flight", { method: "GET" }).toBe(2);
    metrics.expectGauge("http_requests_in_flight", { method: "POST" }).toBe(1);
    release();
    const statuses = (await Promise.all(requests)).map((r) => r.status);
    expect(statuses).toEqual([200, 200, 500]);
    metrics.expectGauge("http_requests_in_flight").toBe(0);
    expect(recordedRequests(metrics)).toEqual(["GET /slow 200", "POST /slow-throw 500"]);
  });

  it("returns to 0 when the error escapes the app", async () => {
    const { app, metrics } = instrumented();
    app.onError((err) => {
      throw err; // a broken error handler: the rejection reaches the caller
    });
    app.get("/boom", () => {
      throw new Error("boom");
    });
    await expect(app.request("/boom")).rejects.toThrow("boom");
    metrics.expectGauge("http_requests_in_flight").toBe(0);
    expect(recordedRequests(metrics)).toEqual(["GET /boom 500"]);
  });
});

describe("httpMetrics: streaming responses", () => {
  it("records when the handler returns the Response; the body keeps streaming afterwards", async () => {
    const { app, metrics } = instrumented();
    const more = deferred();
    app.get("/stream", (c) =>
      stream(c, async (s) => {
        await s.write("first;");
        await more.promise;
        await s.write("second");
      }),
    );
    const res = await app.request("/stream");
    expect(res.status).toBe(200);
    // Recorded already although the body has not finished.
    metrics.expectCounter("http_requests_total", { route: "/stream", code: "200" }).toBe(1);
    expect(metrics.histogramSnapshot("http_request_duration_seconds", { route: "/stream" }).count).toBe(1);
    metrics.expectGauge("http_requests_in_flight").toBe(0);
    more.resolve();
    expect(await res.text()).toBe("first;second");
    metrics.expectCounter("http_requests_total").toBe(1);
  });
});

describe("httpMetrics: cardinality", () => {
  it("adds at most one route value for 10,000 requests to random unknown paths", async () => {
    const { app, metrics } = instrumented();
    app.get("/known/:id", (c) => c.text("k"));
    await app.request("/known/1");
    const before = distinctLabelValues(metrics, "http_requests_total", "route");
    for (let i = 0; i < 10_000; i++) {
      const path = `/${Math.random().toString(36).slice(2)}/${i}${i % 3 === 0 ? "/deeper?x=1" : ""}`;
      await app.request(path, { method: i % 5 === 0 ? "POST" : "GET" });
    }
    const after = distinctLabelValues(metrics, "http_requests_total", "route");
    expect([...after].filter((r) => !before.has(r))).toEqual(["_unmatched"]);
    metrics.expectCounter("http_requests_total", { route: "_unmatched", code: "404" }).toBe(10_000);
    expect(metrics.series("http_requests_total")).toHaveLength(3); // GET /known/:id 200, GET and POST _unmatched 404
  });
});

/** Wraps a port to count `bind()` calls per metric: our own interface, so a wrapper is not a mock of anything. */
function countingBinds(port: MetricsPort): { port: MetricsPort; binds: Map<string, number> } {
  const binds = new Map<string, number>();
  const wrap = <I extends Counter<string> | Histogram<string>>(instrument: I): I =>
    new Proxy(instrument, {
      get(target, prop, receiver) {
        if (prop !== "bind") return Reflect.get(target, prop, receiver);
        return (labels: never) => {
          binds.set(target.name, (binds.get(target.name) ?? 0) + 1);
          return target.bind(labels);
        };
      },
    });
  return {
    binds,
    port: {
      ...port,
      counter: (d) => wrap(port.counter(d)),
      histogram: (d) => wrap(port.histogram(d)),
      gauge: (d) => port.gauge(d),
    },
  };
}

describe("httpMetrics: hot path", () => {
  it("binds handles once per (method, route, code) and reuses them", async () => {
    const { port, binds } = countingBinds(createRecordingMetrics());
    const app = new Hono();
    app.use(httpMetrics(port));
    app.get("/a/:id", (c) => c.text("a", c.req.param("id") === "x" ? 400 : 200));
    for (let i = 0; i < 50; i++) await app.request(`/a/${i}`);
    for (let i = 0; i < 50; i++) await app.request("/a/x");
    expect(binds.get(httpMetricDescriptors.requests.name)).toBe(2);
    expect(binds.get(httpMetricDescriptors.duration.name)).toBe(2);
    expect(binds.get(httpMetricDescriptors.errors.name)).toBe(1); // only the 400 series
  });
});
