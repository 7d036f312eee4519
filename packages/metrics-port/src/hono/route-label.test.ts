import { Hono } from "hono";
import { cors } from "hono/cors";
import { HTTPException } from "hono/http-exception";
import { methodNotAllowed } from "hono/method-not-allowed";
import { describe, expect, it } from "vitest";
import { createRecordingMetrics, type RecordingMetrics } from "../testing/index.js";
import { httpMetrics } from "./http-metrics.js";
import type { HttpMetricsOptions } from "./options.js";
import { authGuardedApi, recordedRequests } from "./test-support/index.js";

function instrumented(options?: HttpMetricsOptions): { app: Hono; metrics: RecordingMetrics } {
  const metrics = createRecordingMetrics();
  const app = new Hono();
  app.use(httpMetrics(metrics, options));
  return { app, metrics };
}

describe("route label: matched templates, never raw paths", () => {
  it("labels plain and parameterised routes with their template", async () => {
    const { app, metrics } = instrumented();
    app.get("/hello", (c) => c.text("hi"));
    app.get("/orders/:id/fills/:fill", (c) => c.text("fill"));
    await app.request("/hello");
    await app.request("/orders/42/fills/7");
    await app.request("/orders/43/fills/8");
    expect(recordedRequests(metrics)).toEqual(["GET /hello 200", "GET /orders/:id/fills/:fill 200"]);
    metrics.expectCounter("http_requests_total", { route: "/orders/:id/fills/:fill" }).toBe(2);
  });

  it("keeps the mount prefix of sub-apps (app.route)", async () => {
    const { app, metrics } = instrumented();
    app.route("/api", authGuardedApi());
    expect((await app.request("/api/users/7")).status).toBe(200);
    expect(recordedRequests(metrics)).toEqual(["GET /api/users/:id 200"]);
    metrics.expectNoSeries("http_requests_total", { route: "/api/users/7" });
  });

  it("labels a request rejected by auth middleware with the route that would have handled it", async () => {
    const { app, metrics } = instrumented();
    app.use("/v1/*", async (c, next) => {
      if (!c.req.header("authorization")) return c.text("no", 401);
      await next();
    });
    app.get("/v1/users/:id", (c) => c.text("user"));
    app.route("/api", authGuardedApi());

    expect((await app.request("/v1/users/1")).status).toBe(401);
    expect((await app.request("/api/admin/stats")).status).toBe(401);
    expect((await app.request("/api/admin/stats", { headers: { authorization: "Bearer ok" } })).status).toBe(200);
    expect(recordedRequests(metrics)).toEqual([
      "GET /api/admin/stats 200",
      "GET /api/admin/stats 401",
      "GET /v1/users/:id 401",
    ]);
  });

  it("labels auth rejections of paths with no route with the middleware's pattern (bounded)", async () => {
    const { app, metrics } = instrumented();
    app.route("/api", authGuardedApi());
    expect((await app.request("/api/admin/no-such-thing")).status).toBe(401);
    expect((await app.request("/api/admin/another/unknown")).status).toBe(401);
    expect(recordedRequests(metrics)).toEqual(["GET /api/admin/* 401"]);
  });

  it("labels a throwing handler with its route and 500 when the app has no onError", async () => {
    const { app, metrics } = instrumented();
    app.get("/boom/:id", () => {
      throw new Error("boom");
    });
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (e: unknown) => errors.push(e); // Hono's default error handler logs the error
    try {
      expect((await app.request("/boom/1")).status).toBe(500);
    } finally {
      console.error = original;
    }
    expect(errors).toHaveLength(1);
    expect(recordedRequests(metrics)).toEqual(["GET /boom/:id 500"]);
    metrics.expectCounter("http_request_errors_total", { route: "/boom/:id", code: "500" }).toBe(1);
  });

  it("uses the status the app's onError produced, for its own and for sub-app handlers", async () => {
    const { app, metrics } = instrumented();
    app.onError((err, c) => (err instanceof HTTPException ? err.getResponse() : c.text("down", 503)));
    app.get("/boom", () => {
      throw new Error("boom");
    });
    app.get("/teapot", () => {
      throw new HTTPException(418);
    });
    const sub = new Hono();
    sub.onError((_err, c) => c.text("sub failed", 502));
    sub.get("/things/:id", async () => {
      await Promise.resolve();
      throw new Error("async boom");
    });
    app.route("/sub", sub);

    expect((await app.request("/boom")).status).toBe(503);
    expect((await app.request("/teapot")).status).toBe(418);
    expect((await app.request("/sub/things/9")).status).toBe(502);
    expect(recordedRequests(metrics)).toEqual(["GET /boom 503", "GET /sub/things/:id 502", "GET /teapot 418"]);
  });

  it("records 500 and rethrows when the error escapes the app (non-Error throw)", async () => {
    const { app, metrics } = instrumented();
    app.get("/weird", () => {
      throw "not an Error"; // Hono rethrows non-Error values instead of calling onError
    });
    await expect(app.request("/weird")).rejects.toBe("not an Error");
    expect(recordedRequests(metrics)).toEqual(["GET /weird 500"]);
    metrics.expectGauge("http_requests_in_flight", { method: "GET" }).toBe(0);
  });

  it("labels every unmatched request with the one unmatched value", async () => {
    const { app, metrics } = instrumented();
    app.get("/hello", (c) => c.text("hi"));
    app.post("/orders", (c) => c.text("created", 201));
    app.route("/api", authGuardedApi());
    expect((await app.request("/nope")).status).toBe(404);
    expect((await app.request("/api/nope")).status).toBe(404);
    expect((await app.request("/orders")).status).toBe(404); // GET on a POST-only route
    expect((await app.request("/hello", { method: "DELETE" })).status).toBe(404);
    expect(recordedRequests(metrics)).toEqual(["DELETE _unmatched 404", "GET _unmatched 404"]);
    metrics.expectCounter("http_requests_total", { method: "GET", route: "_unmatched", code: "404" }).toBe(3);
  });

  it("uses the configured unmatched value, also with a custom notFound handler", async () => {
    const { app, metrics } = instrumented({ unmatchedRoute: "unknown_route" });
    app.notFound((c) => c.text("SPA shell", 200));
    await app.request("/some/client/side/route");
    expect(recordedRequests(metrics)).toEqual(["GET unknown_route 200"]);
  });

  it("keeps a route's own 404 (resource not found) on the route", async () => {
    const { app, metrics } = instrumented();
    app.get("/users/:id", (c) => c.json({ error: "no such user" }, 404));
    await app.request("/users/999");
    expect(recordedRequests(metrics)).toEqual(["GET /users/:id 404"]);
  });

  it("prefers the route that answered over a later catch-all route", async () => {
    const { app, metrics } = instrumented();
    app.get("/users/:id", (c) => c.text("user"));
    app.get("*", (c) => c.text("spa fallback"));
    await app.request("/users/1");
    await app.request("/anything/else");
    expect(recordedRequests(metrics)).toEqual(["GET /* 200", "GET /users/:id 200"]);
  });

  it("labels a validator registered on the route (app.post(path, validator, handler)) with that route", async () => {
    const { app, metrics } = instrumented();
    app.post(
      "/orders",
      async (c, next) => {
        if (c.req.header("content-type") !== "application/json") return c.text("bad", 400);
        await next();
      },
      (c) => c.text("ok", 201),
    );
    await app.request("/orders", { method: "POST" });
    await app.request("/orders", { method: "POST", headers: { "content-type": "application/json" } });
    expect(recordedRequests(metrics)).toEqual(["POST /orders 201", "POST /orders 400"]);
  });

  it("labels all()/mount-style routes with their pattern", async () => {
    const { app, metrics } = instrumented();
    app.all("/webhook", (c) => c.text("ok"));
    app.mount("/legacy", () => new Response("legacy", { status: 200 }));
    await app.request("/webhook", { method: "POST" });
    await app.request("/legacy/a/b/c");
    expect(recordedRequests(metrics)).toEqual(["GET /legacy/* 200", "POST /webhook 200"]);
  });

  it("does not take its own pattern when mounted under a path", async () => {
    const metrics = createRecordingMetrics();
    const app = new Hono();
    app.use("/api/*", httpMetrics(metrics));
    app.get("/api/ping", (c) => c.text("pong"));
    app.notFound((c) => c.text("not here", 200));
    await app.request("/api/ping");
    await app.request("/api/nope");
    expect(recordedRequests(metrics)).toEqual(["GET /api/ping 200", "GET _unmatched 200"]);
  });
});

describe("route label: methods", () => {
  it("labels HEAD with method HEAD and the GET route", async () => {
    const { app, metrics } = instrumented();
    app.get("/hello", (c) => c.text("hi"));
    const res = await app.request("/hello", { method: "HEAD" });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
    expect(recordedRequests(metrics)).toEqual(["HEAD /hello 200"]);
  });

  it("labels OPTIONS routes, and CORS preflights answered by catch-all middleware as unmatched", async () => {
    const { app, metrics } = instrumented();
    app.use("*", cors());
    app.get("/orders", (c) => c.text("list"));
    app.options("/capabilities", (c) => c.text("caps"));
    const preflight = await app.request("/orders", {
      method: "OPTIONS",
      headers: { origin: "https://example.test", "access-control-request-method": "GET" },
    });
    expect(preflight.status).toBe(204);
    // cors() answers every OPTIONS itself; the label is still the OPTIONS route that would have run next.
    await app.request("/capabilities", { method: "OPTIONS" });
    expect(recordedRequests(metrics)).toEqual(["OPTIONS /capabilities 204", "OPTIONS _unmatched 204"]);
  });

  it("maps unknown methods to _OTHER but keeps their matched route", async () => {
    const { app, metrics } = instrumented();
    app.on("PURGE", "/cache/:key", (c) => c.text("purged"));
    await app.request("/cache/a", { method: "PURGE" });
    await app.request("/cache/b", { method: "PROPFIND" });
    await app.request("/cache/c", { method: "purge" }); // methods are case-sensitive (Fetch upper-cases only six)
    expect(recordedRequests(metrics)).toEqual(["_OTHER /cache/:key 200", "_OTHER _unmatched 404"]);
    metrics.expectCounter("http_requests_total", { method: "_OTHER", route: "_unmatched" }).toBe(2);
  });

  it("labels 405 answers from hono/method-not-allowed as unmatched", async () => {
    const metrics = createRecordingMetrics();
    const app = new Hono();
    app.use(httpMetrics(metrics));
    app.use(methodNotAllowed({ app }));
    app.get("/hello", (c) => c.text("hi"));
    expect((await app.request("/hello", { method: "PUT" })).status).toBe(405);
    expect(recordedRequests(metrics)).toEqual(["PUT _unmatched 405"]);
  });
});
