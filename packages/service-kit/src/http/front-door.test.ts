import { Hono } from "hono";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { Readiness } from "../health/readiness.js";
import { createPrometheusMetrics } from "@tse/metrics-port/prometheus";
import { captureLogs } from "../test-support/log-capture.js";
import { createHttpApp } from "./app.js";
import { HttpError } from "./errors.js";

/** The service app (createHttpApp) with a few routes; requests through `app.request()`, i.e. the front door. */
function serviceApp(level = "info") {
  const logs = captureLogs();
  const logger = pino({ level }, logs.stream);
  const metrics = createPrometheusMetrics({ constantLabels: { service: "s", instance_name: "s", version: "0" } });
  const { app } = createHttpApp({
    logger,
    metrics,
    exporter: metrics,
    readiness: new Readiness({ metrics, timeoutMs: 1000, logger }),
    health: { service: "s", instanceName: "s", version: "0", environment: "test" },
    bodyLimitBytes: 16,
    chaos: undefined,
  });
  app.post("/things", (c) => c.json({ ok: true }, 201));
  app.get("/things/:id", (c) => {
    if (c.req.param("id") === "missing") throw new HttpError(404, "not_found", "no such thing");
    return c.json({ id: c.req.param("id") });
  });
  app.delete("/things/:id", (c) => c.body(null, 204));
  const guarded = new Hono();
  guarded.use("*", () => {
    throw new HttpError(404, "hidden", "nothing here");
  });
  guarded.post("/x", (c) => c.text("x"));
  app.route("/guarded", guarded);
  app.get("/boom", () => {
    throw new Error("boom");
  });
  return { app, logs };
}

describe("the front door (what createHttpApp runs around the app)", () => {
  it("turns a 404 on a path other methods serve into 405 + Allow, HEAD without a body", async () => {
    const { app } = serviceApp();
    const res = await app.request("/things", { method: "GET" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
    expect(await res.json()).toEqual({
      error: { code: "method_not_allowed", message: "GET is not allowed on /things", details: { allow: ["POST"] } },
    });
    const head = await app.request("/things", { method: "HEAD" });
    expect(head.status).toBe(405);
    expect(head.headers.get("allow")).toBe("POST");
    expect(await head.text()).toBe("");
    const put = await app.request("/things/1", { method: "PUT" });
    expect([put.status, put.headers.get("allow")]).toEqual([405, "GET, HEAD, DELETE"]);
    expect((await app.request("/things/1", { method: "HEAD" })).status).toBe(200);
  });

  it("leaves 404s alone where nothing is served, and 404s the app's error handler made", async () => {
    const { app } = serviceApp();
    expect((await app.request("/nowhere")).status).toBe(404);
    const missing = await app.request("/things/missing");
    expect([missing.status, missing.headers.get("allow")]).toEqual([404, null]);
    // A middleware's thrown 404 on a path only POST serves: not a 405 (hono's methodNotAllowed skips c.error).
    const hidden = await app.request("/guarded/x", { method: "GET" });
    expect(hidden.status).toBe(404);
    expect(((await hidden.json()) as { error: { code: string } }).error.code).toBe("hidden");
  });

  it("refuses a declared body over the limit with 413 before the app, HEAD without a body", async () => {
    const { app } = serviceApp();
    const big = await app.request("/things", { method: "POST", body: "x".repeat(17), headers: { "content-length": "17" } });
    expect(big.status).toBe(413);
    expect(await big.json()).toEqual({
      error: { code: "payload_too_large", message: "request body exceeds 16 bytes", details: { limit_bytes: 16 } },
    });
    expect((await app.request("/things", { method: "POST", body: "x".repeat(16), headers: { "content-length": "16" } })).status).toBe(201);
    const head = await app.request("/things/1", { method: "HEAD", headers: { "content-length": "17" } });
    expect([head.status, await head.text()]).toEqual([413, ""]);
  });

  it("logs one line per request: route template, status, duration; 5xx at error; probes at debug only", async () => {
    const { app, logs } = serviceApp();
    await app.request("/things/7");
    await app.request("/things", { method: "GET" });
    await app.request("/boom");
    await app.request("/api/v1/health");
    const lines = logs.lines().filter((l) => l.msg === "request");
    expect(lines).toEqual([
      expect.objectContaining({ level: 30, method: "GET", path: "/things/7", route: "/things/:id", status: 200, duration_ms: expect.any(Number) }),
      expect.objectContaining({ level: 30, method: "GET", path: "/things", status: 405 }),
      expect.objectContaining({ level: 50, method: "GET", path: "/boom", route: "/boom", status: 500 }),
    ]);
    expect(lines[1]).not.toHaveProperty("route"); // no GET route on /things

    const debug = serviceApp("debug");
    await debug.app.request("/api/v1/health");
    expect(debug.logs.lines().filter((l) => l.msg === "request")).toEqual([
      expect.objectContaining({ level: 20, path: "/api/v1/health", route: "/api/v1/health", status: 200 }),
    ]);

    const quiet = serviceApp("warn");
    await quiet.app.request("/things/7");
    await quiet.app.request("/boom");
    expect(quiet.logs.lines().filter((l) => l.msg === "request")).toEqual([expect.objectContaining({ level: 50, status: 500 })]);
  });

  it("keeps a synchronous answer synchronous (no Promise where the route answered at once)", () => {
    const { app } = serviceApp();
    const res = app.fetch(new Request("http://localhost/things/1"));
    expect(res).not.toBeInstanceOf(Promise);
    expect((res as Response).status).toBe(200);
  });
});
