import { Hono } from "hono";
import { stream } from "hono/streaming";
import { getPath } from "hono/utils/url";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { MetricsPort } from "../port.js";
import { createRecordingMetrics, type RecordingMetrics } from "../testing/index.js";
import { httpMetricDescriptors } from "./descriptors.js";
import { httpMetrics } from "./http-metrics.js";
import { instrumentedFetch } from "./instrumented-fetch.js";
import type { HttpMetricsOptions } from "./options.js";
import type { AnyHono } from "./route-table.js";
import { addSlowRoutes, deferred, distinctLabelValues, recordedRequests } from "./test-support/index.js";

const request = (path: string, init?: RequestInit) => new Request(`http://localhost${path}`, init);

function wrapped<A extends AnyHono>(app: A, options?: HttpMetricsOptions): { fetch: A["fetch"]; metrics: RecordingMetrics } {
  const metrics = createRecordingMetrics();
  return { fetch: instrumentedFetch(app, metrics, options), metrics };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("instrumentedFetch: what it leaves alone", () => {
  it("returns the app's synchronous Response synchronously (the server's fast path stays available)", () => {
    const app = new Hono().get("/hello", (c) => c.text("hi"));
    const { fetch, metrics } = wrapped(app);
    const res = fetch(request("/hello"));
    expect(res).toBeInstanceOf(Response);
    expect(recordedRequests(metrics)).toEqual(["GET /hello 200"]); // recorded before returning
  });

  it("adds no route to the app and passes env and executionCtx through", async () => {
    const app = new Hono<{ Bindings: { greeting: string } }>();
    app.get("/env", (c) => c.text(`${c.env.greeting} ${c.executionCtx.passThroughOnException === undefined}`));
    const before = app.routes.length;
    const { fetch } = wrapped(app); // same type as app.fetch, no cast needed
    const ctx = { waitUntil() {}, passThroughOnException: undefined, props: {} } as never;
    const res = await fetch(request("/env"), { greeting: "hello" }, ctx);
    expect(await res.text()).toBe("hello true");
    expect(app.routes).toHaveLength(before);
  });

  it("keeps the body of a streamed response untouched and records when the Response is returned", async () => {
    const app = new Hono();
    const more = deferred();
    app.get("/stream", (c) =>
      stream(c, async (s) => {
        await s.write("first;");
        await more.promise;
        await s.write("second");
      }),
    );
    const { fetch, metrics } = wrapped(app);
    const res = await fetch(request("/stream"));
    metrics.expectCounter("http_requests_total", { route: "/stream", code: "200" }).toBe(1);
    metrics.expectGauge("http_requests_in_flight").toBe(0);
    more.resolve();
    expect(await res.text()).toBe("first;second");
  });
});

describe("instrumentedFetch: RED series", () => {
  it("registers the same metrics as the middleware and exports 0 in flight for every method", () => {
    const a = createRecordingMetrics();
    const b = createRecordingMetrics();
    httpMetrics(a, { sizeHistograms: true });
    instrumentedFetch(new Hono(), b, { sizeHistograms: true });
    expect(b.descriptors()).toEqual(a.descriptors());
    expect(distinctLabelValues(b, "http_requests_in_flight", "method")).toEqual(
      new Set(["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH", "_OTHER"]),
    );
  });

  it("observes durations in seconds around app.fetch", async () => {
    vi.useFakeTimers({ toFake: ["performance"] });
    const app = new Hono().get("/work", async (c) => {
      vi.advanceTimersByTime(1250);
      return c.text("done");
    });
    const { fetch, metrics } = wrapped(app);
    await fetch(request("/work"));
    const snap = metrics.histogramSnapshot("http_request_duration_seconds", { route: "/work" });
    expect(snap.observations).toHaveLength(1);
    expect(snap.observations[0]).toBeCloseTo(1.25, 6);
  });

  it("rises in flight during slow requests and returns to 0, also when the handler throws", async () => {
    const app = new Hono();
    const { release, allEntered } = addSlowRoutes(app);
    const { fetch, metrics } = wrapped(app);
    const pending = [fetch(request("/slow")), fetch(request("/slow")), fetch(request("/slow-throw", { method: "POST" }))];
    await allEntered;
    metrics.expectGauge("http_requests_in_flight", { method: "GET" }).toBe(2);
    metrics.expectGauge("http_requests_in_flight", { method: "POST" }).toBe(1);
    release();
    expect((await Promise.all(pending)).map((r) => r.status)).toEqual([200, 200, 500]);
    metrics.expectGauge("http_requests_in_flight").toBe(0);
    expect(recordedRequests(metrics)).toEqual(["GET /slow 200", "POST /slow-throw 500"]);
  });

  it("shares series with other instrumented apps on the same port", async () => {
    const metrics = createRecordingMetrics();
    const a = instrumentedFetch(new Hono().get("/a", (c) => c.text("a")), metrics);
    const b = new Hono().use(httpMetrics(metrics)).get("/a", (c) => c.text("b"));
    await a(request("/a"));
    await b.request("/a");
    metrics.expectCounter("http_requests_total", { route: "/a" }).toBe(2);
  });
});

describe("instrumentedFetch: errors escaping the app", () => {
  it("records 500 and rethrows synchronously when app.fetch throws synchronously", () => {
    const app = new Hono().get("/weird", () => {
      throw "not an Error"; // a lone handler is called directly; Hono rethrows non-Error values at once
    });
    const { fetch, metrics } = wrapped(app);
    expect(() => fetch(request("/weird"))).toThrow("not an Error");
    expect(recordedRequests(metrics)).toEqual(["GET /weird 500"]);
    metrics.expectGauge("http_requests_in_flight").toBe(0);
  });

  it("records 500 and rejects when app.fetch rejects", async () => {
    const app = new Hono();
    app.onError((err) => {
      throw err; // a broken error handler
    });
    app.get("/boom/:id", async () => {
      await Promise.resolve();
      throw new Error("boom");
    });
    const { fetch, metrics } = wrapped(app, { sizeHistograms: true });
    await expect(fetch(request("/boom/1"))).rejects.toThrow("boom");
    expect(recordedRequests(metrics)).toEqual(["GET /boom/:id 500"]);
    expect(metrics.histogramSnapshot("http_request_size_bytes", { route: "/boom/:id" }).observations).toEqual([0]);
    expect(metrics.histogramSnapshot("http_response_size_bytes").count).toBe(0); // there was no response
    metrics.expectGauge("http_requests_in_flight").toBe(0);
  });
});

describe("instrumentedFetch: the path Hono routes on", () => {
  it("labels routes of a basePath() app and of mounted sub-apps with their full template", async () => {
    const api = new Hono().get("/users/:id", (c) => c.text("user"));
    const app = new Hono().basePath("/svc");
    app.route("/api", api);
    app.get("/ping", (c) => c.text("pong"));
    const { fetch, metrics } = wrapped(app);
    await fetch(request("/svc/api/users/1"));
    await fetch(request("/svc/ping"));
    await fetch(request("/ping")); // outside the base path: no route
    expect(recordedRequests(metrics)).toEqual(["GET /svc/api/users/:id 200", "GET /svc/ping 200", "GET _unmatched 404"]);
  });

  it("follows strict: false (a trailing slash routes to the same template) and strict routing otherwise", async () => {
    const lax = new Hono({ strict: false }).get("/hello", (c) => c.text("hi"));
    const strict = new Hono().get("/hello", (c) => c.text("hi"));
    const a = wrapped(lax);
    const b = wrapped(strict);
    for (const f of [a.fetch, b.fetch]) {
      await f(request("/hello/")); // first, so a cached "/hello" could not answer for it
      await f(request("/hello"));
    }
    expect(recordedRequests(a.metrics)).toEqual(["GET /hello 200"]);
    a.metrics.expectCounter("http_requests_total", { route: "/hello" }).toBe(2);
    expect(recordedRequests(b.metrics)).toEqual(["GET /hello 200", "GET _unmatched 404"]);
  });

  it("uses the app's own getPath (e.g. host-based routing) for routes and exclusions", async () => {
    const app = new Hono({ getPath: (req) => `/${new URL(req.url).hostname}${getPath(req)}` });
    app.get("/a.example/users/:id", (c) => c.text("a"));
    app.get("/b.example/metrics", (c) => c.text("# scrape"));
    const { fetch, metrics } = wrapped(app, { excludePaths: ["/b.example/metrics"] });
    await fetch(new Request("http://a.example/users/1"));
    await fetch(new Request("http://b.example/users/1"));
    await fetch(new Request("http://b.example/metrics"));
    expect(recordedRequests(metrics)).toEqual(["GET /a.example/users/:id 200", "GET _unmatched 404"]);
  });

  it("decodes the path as Hono does, so encoded and plain spellings share one label", async () => {
    const app = new Hono().get("/café/:id", (c) => c.text(c.req.param("id")));
    const { fetch, metrics } = wrapped(app);
    expect(await (await fetch(request("/caf%C3%A9/1"))).text()).toBe("1");
    await fetch(request("/café/2"));
    metrics.expectCounter("http_requests_total", { route: "/café/:id", code: "200" }).toBe(2);
  });

  it("excludes the scrape paths by default, leaving their in-flight gauge alone", async () => {
    const app = new Hono();
    const release = deferred();
    const entered = deferred();
    app.get("/metrics", async (c) => {
      entered.resolve();
      await release.promise;
      return c.text("# scrape");
    });
    app.get("/api/v1/metrics", (c) => c.text("# scrape"));
    const { fetch, metrics } = wrapped(app);
    const pending = fetch(request("/metrics"));
    await entered.promise;
    metrics.expectGauge("http_requests_in_flight").toBe(0);
    release.resolve();
    expect((await pending).status).toBe(200);
    await fetch(request("/api/v1/metrics"));
    expect(recordedRequests(metrics)).toEqual([]);
  });
});

describe("instrumentedFetch: labels from the route table", () => {
  it("adds one route value at most for 10,000 requests to random unknown paths", async () => {
    const app = new Hono().get("/known/:id", (c) => c.text("k"));
    const { fetch, metrics } = wrapped(app);
    await fetch(request("/known/1"));
    for (let i = 0; i < 10_000; i++) {
      await fetch(request(`/${Math.random().toString(36).slice(2)}/${i}`, { method: i % 5 === 0 ? "POST" : "GET" }));
    }
    expect(distinctLabelValues(metrics, "http_requests_total", "route")).toEqual(new Set(["/known/:id", "_unmatched"]));
    metrics.expectCounter("http_requests_total", { route: "_unmatched", code: "404" }).toBe(10_000);
  });

  it("binds handles once per (method, route, code)", async () => {
    const metrics = createRecordingMetrics();
    let binds = 0;
    // A port of our own that counts bind() calls of http_requests_total and delegates everything to the real one.
    const counting: MetricsPort = {
      ...metrics,
      counter: (d) => {
        const c = metrics.counter(d);
        if (d.name !== httpMetricDescriptors.requests.name) return c;
        const bind = (labels: never) => {
          binds++;
          return c.bind(labels);
        };
        return Object.assign(Object.create(c), { bind });
      },
      gauge: (d) => metrics.gauge(d),
      histogram: (d) => metrics.histogram(d),
    };
    const app = new Hono().get("/a/:id", (c) => c.text("a"));
    const fetch = instrumentedFetch(app, counting);
    for (let i = 0; i < 50; i++) await fetch(request(`/a/${i}`));
    expect(binds).toBe(1);
    metrics.expectCounter("http_requests_total", { route: "/a/:id" }).toBe(50);
  });

  it("labels a fall-through with the first route, where the middleware names the route that answered", async () => {
    // The one documented difference (route-table.ts): the wrapper cannot see a route calling next().
    const build = () =>
      new Hono()
        .get("/items/:id", async (c, next) => {
          if (c.req.param("id") === "special") return c.text("special");
          await next();
        })
        .get("/items/*", (c) => c.text("generic"));
    const inside = createRecordingMetrics();
    const viaMiddleware = new Hono().use(httpMetrics(inside));
    viaMiddleware.route("/", build());
    const { fetch, metrics } = wrapped(build());
    await viaMiddleware.request("/items/1");
    await fetch(request("/items/1"));
    expect(recordedRequests(inside)).toEqual(["GET /items/* 200"]);
    expect(recordedRequests(metrics)).toEqual(["GET /items/:id 200"]);
  });
});

describe("instrumentedFetch: construction", () => {
  it("rejects a non-Hono app, a missing port and bad options, naming itself", () => {
    const metrics = createRecordingMetrics();
    expect(() => instrumentedFetch({} as never, metrics)).toThrow(/instrumentedFetch: app must be a Hono app/);
    expect(() => instrumentedFetch(undefined as never, metrics)).toThrow(/instrumentedFetch: app must be a Hono app/);
    expect(() => instrumentedFetch(new Hono(), undefined as never)).toThrow(/instrumentedFetch: metrics must be a MetricsPort/);
    expect(() => instrumentedFetch(new Hono(), metrics, { unmatchedRoute: "/404" })).toThrow(
      /^instrumentedFetch: option "unmatchedRoute"/,
    );
    expect(() => instrumentedFetch(new Hono(), metrics, { excludePaths: ["metrics"] })).toThrow(
      /^instrumentedFetch: option "excludePaths"/,
    );
  });

  it("fails when the metrics are already registered with other buckets", () => {
    const metrics = createRecordingMetrics();
    httpMetrics(metrics);
    expect(() => instrumentedFetch(new Hono(), metrics, { durationBuckets: [0.5, 1] })).toThrow(/already registered/);
  });
});
