/**
 * `httpMetrics()` (inside the app) and `instrumentedFetch()` (around it) must write identical series for
 * identical traffic: dashboards must not care which one a service uses. One request set covering every
 * labelling rule goes through both, and every recorded family is compared exactly, observations included
 * (the clock is frozen, so every duration is 0 on both sides).
 */
import { Hono } from "hono";
import { cors } from "hono/cors";
import { HTTPException } from "hono/http-exception";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createRecordingMetrics, type RecordingMetrics } from "../testing/index.js";
import { httpMetrics } from "./http-metrics.js";
import { instrumentedFetch } from "./instrumented-fetch.js";
import type { HttpMetricsOptions } from "./options.js";
import { authGuardedApi, recordedRequests } from "./test-support/index.js";

type Fetch = (request: Request) => Response | Promise<Response>;

/** Every kind of route the labelling rules distinguish. `app` may be a basePath() view. */
function addRoutes(app: Hono): void {
  app.onError((err, c) => (err instanceof HTTPException ? err.getResponse() : c.text("failed", 500)));
  app.use("*", cors()); // a catch-all middleware that answers preflights itself
  app.use("/v1/*", async (c, next) => {
    if (!c.req.header("authorization")) return c.text("no", 401);
    await next();
  });
  app.get("/v1/users/:id", (c) => c.text("user"));
  app.get("/hello", (c) => c.text("hi"));
  app.get("/metrics", (c) => c.text("# scrape"));
  app.get("/orders/:id", (c) => c.json({ id: c.req.param("id") }));
  app.get("/orders/:id/fills/:fill", (c) => c.text("fill"));
  app.post("/orders", () => new Response("created", { status: 201, headers: { "content-length": "7" } }));
  app.get("/users/:id", (c) => c.json({ error: "no such user" }, 404));
  app.delete("/item/:id", (c) => c.body(null, 204));
  app.get("/docs/:page", (c) => c.text("page"));
  app.get("/docs/*", (c) => c.text("docs fallback"));
  app.get("/boom", () => {
    throw new Error("boom");
  });
  app.get("/teapot", () => {
    throw new HTTPException(418);
  });
  app.get("/weird", () => {
    throw "not an Error"; // escapes the app: Hono rethrows non-Error values
  });
  app.on("PURGE", "/cache/:key", (c) => c.text("purged"));
  app.all("/webhook", (c) => c.text("ok"));
  app.mount("/legacy", () => new Response("legacy"));

  const api = authGuardedApi();
  api.onError((_err, c) => c.text("sub failed", 502));
  api.get("/things/:id", async () => {
    await Promise.resolve();
    throw new Error("async boom");
  });
  app.route("/api", api);
}

/** [path, init] pairs; paths are relative to the app's base path. */
const TRAFFIC: [string, RequestInit?][] = [
  ["/hello"],
  ["/hello"],
  ["/hello", { method: "HEAD" }],
  ["/hello/"],
  ["/metrics"],
  ["/api/v1/metrics"],
  ["/orders/1"],
  ["/orders/2?x=1"],
  ["/orders/3/fills/4"],
  ["/orders", { method: "POST", body: "x".repeat(300), headers: { "content-length": "300" } }],
  ["/orders", { method: "POST", body: "abc", headers: { "transfer-encoding": "chunked" } }],
  ["/orders"], // GET on a POST-only route
  ["/users/999"],
  ["/item/1", { method: "DELETE" }],
  ["/docs/intro"],
  ["/docs/a/b"],
  ["/v1/users/1"],
  ["/v1/users/1", { headers: { authorization: "x" } }],
  ["/api/users/7"],
  ["/api/admin/stats"],
  ["/api/admin/stats", { headers: { authorization: "Bearer ok" } }],
  ["/api/admin/no-such-thing"],
  ["/api/things/9"],
  ["/api/nope"],
  ["/boom"],
  ["/teapot"],
  ["/weird"],
  ["/cache/a", { method: "PURGE" }],
  ["/cache/b", { method: "PROPFIND" }],
  ["/cache/c", { method: "purge" }],
  ["/webhook", { method: "POST" }],
  ["/legacy/a/b"],
  ["/hello", { method: "OPTIONS", headers: { origin: "https://example.test", "access-control-request-method": "GET" } }],
  ["/nope"],
  ["/hello", { method: "PUT" }],
  [`/${"long/".repeat(100)}path`],
];

/** Sends the traffic; an error escaping the app (synchronously or not) counts as an answer of its own. */
async function drive(fetch: Fetch, base: string): Promise<string[]> {
  const outcomes: string[] = [];
  for (const [path, init] of TRAFFIC) {
    try {
      outcomes.push(String((await fetch(new Request(`http://localhost${base}${path}`, init))).status));
    } catch (e) {
      outcomes.push(`threw ${String(e)}`);
    }
  }
  return outcomes;
}

/** Everything recorded, in a form `toEqual` compares exactly: families by name, series by labels. */
function recorded(metrics: RecordingMetrics) {
  return [...metrics.backend.families.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, fam]) => ({
      name,
      descriptor: fam.descriptor,
      series: [...fam.series.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, s]) => s),
    }));
}

interface Variant {
  name: string;
  /** A fresh app (possibly a basePath() view) and the prefix its routes live under. */
  app: () => { app: Hono; base: string };
  options?: HttpMetricsOptions;
}

const VARIANTS: Variant[] = [
  { name: "default options", app: () => ({ app: new Hono(), base: "" }) },
  {
    name: "sizes, custom unmatched value and exclusions",
    app: () => ({ app: new Hono(), base: "" }),
    options: { sizeHistograms: true, unmatchedRoute: "unknown", excludePaths: ["/hello", /^\/orders\/\d+$/], knownMethods: ["GET", "POST"] },
  },
  {
    name: "basePath() with strict: false",
    app: () => ({ app: new Hono({ strict: false }).basePath("/svc") as unknown as Hono, base: "/svc" }),
    options: { sizeHistograms: true },
  },
];

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["performance"] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe.each(VARIANTS)("httpMetrics() and instrumentedFetch() record identical series ($name)", ({ app: make, options }) => {
  it("for the same traffic", async () => {
    const viaMiddleware = createRecordingMetrics();
    const m = make();
    m.app.use(httpMetrics(viaMiddleware, options));
    addRoutes(m.app);

    const viaFetch = createRecordingMetrics();
    const f = make();
    addRoutes(f.app);
    const fetch = instrumentedFetch(f.app, viaFetch, options);

    const middlewareOutcomes = await drive(m.app.fetch, m.base);
    const fetchOutcomes = await drive(fetch, f.base);
    expect(fetchOutcomes).toEqual(middlewareOutcomes); // the instrumentation changed no answer
    expect(middlewareOutcomes).toContain("threw not an Error");
    expect(recorded(viaFetch)).toEqual(recorded(viaMiddleware));
    expect(recordedRequests(viaMiddleware).length).toBeGreaterThan(15); // the comparison is not vacuous
  });
});

describe("the request set covers every labelling rule", () => {
  it("as the middleware labels it (default options)", async () => {
    const metrics = createRecordingMetrics();
    const app = new Hono();
    app.use(httpMetrics(metrics));
    addRoutes(app);
    await drive(app.fetch, "");
    expect(recordedRequests(metrics)).toEqual([
      "DELETE /item/:id 204",
      "GET /api/admin/* 401",
      "GET /api/admin/stats 200",
      "GET /api/admin/stats 401",
      "GET /api/things/:id 502",
      "GET /api/users/:id 200",
      "GET /boom 500",
      "GET /docs/* 200",
      "GET /docs/:page 200",
      "GET /hello 200",
      "GET /legacy/* 200",
      "GET /orders/:id 200",
      "GET /orders/:id/fills/:fill 200",
      "GET /teapot 418",
      "GET /users/:id 404",
      "GET /v1/users/:id 200",
      "GET /v1/users/:id 401",
      "GET /weird 500",
      "GET _unmatched 404",
      "HEAD /hello 200",
      "OPTIONS _unmatched 204",
      "POST /orders 201",
      "POST /webhook 200",
      "PUT _unmatched 404",
      "_OTHER /cache/:key 200",
      "_OTHER _unmatched 404",
    ]);
    metrics.expectCounter("http_requests_total", { method: "GET", route: "_unmatched" }).toBe(5);
  });
});
