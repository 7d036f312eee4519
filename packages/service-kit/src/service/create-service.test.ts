/**
 * createService in-process, on ephemeral ports, with real HTTP and gRPC clients: the surface every service
 * gets without writing it (architecture §5, §6).
 */
import { promtoolAvailable, promtoolCheckMetrics } from "@tse/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { baseEnvSchema } from "../config/base-env.js";
import { envPort } from "../config/env-vars.js";
import { ConfigError } from "../config/load-config.js";
import { validate } from "../http/validate.js";
import { loadSampleProto } from "../test-support/sample-service/proto.js";
import { captureLogs } from "../test-support/log-capture.js";
import { reflectionClient, sampleClient } from "../test-support/grpc-clients.js";
import { sampleValue } from "../test-support/scrape.js";
import { type CreateServiceOptions, createService, type Service } from "./create-service.js";
import { ListenError } from "./listen.js";

const running: Service[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

const ENV = { HTTP_PORT: "0", GRPC_PORT: "0", SHUTDOWN_TIMEOUT_MS: "2000" };

async function start(overrides: Partial<CreateServiceOptions> & { env?: Record<string, string> } = {}) {
  const logs = captureLogs();
  const svc = await createService({
    name: "kit-test",
    version: "9.9.9",
    logDestination: logs.stream,
    ...overrides,
    env: { ...ENV, ...overrides.env },
    configure: async (ctx) => {
      ctx.app.post("/api/v1/things", validate("json", z.strictObject({ name: z.string().min(1), qty: z.number().int() })), (c) =>
        c.json(c.req.valid("json"), 201),
      );
      ctx.app.get("/api/v1/explode", () => {
        throw new Error("database password is hunter2");
      });
      ctx.grpc.addService(loadSampleProto().service, {
        Echo: (call: { request: { message: string } }, cb: (e: null, r: object) => void) => cb(null, { message: call.request.message }),
      });
      await overrides.configure?.(ctx);
    },
  });
  running.push(svc);
  await svc.start();
  return { svc, logs };
}

describe("HTTP surface", () => {
  it("GET /api/v1/health reports identity, version, environment and uptime, without I/O", async () => {
    const { svc } = await start({ env: { SERVICE_INSTANCE_NAME: "Kit-Test-7", ENVIRONMENT: "testing" } });
    const res = await fetch(`${svc.httpUrl}/api/v1/health`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({
      status: "ok",
      service: "kit-test",
      instance_name: "kit-test-7",
      version: "9.9.9",
      environment: "testing",
      uptime_seconds: expect.any(Number),
      timestamp: expect.any(String),
    });
    expect(Math.abs(Date.parse(String(body.timestamp)) - Date.now())).toBeLessThan(60_000);
  });

  it("answers 404, 405, 413, 400 and 500 in the JSON error shape, never leaking internals", async () => {
    const { svc, logs } = await start({ env: { BODY_LIMIT_BYTES: "64" } });
    const url = svc.httpUrl;
    type Body = { error: { code: string; message: string; details: { issues: Array<{ field: string }> } } };
    const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as Body });

    expect(await json(await fetch(`${url}/nope`))).toEqual({
      status: 404,
      body: { error: { code: "not_found", message: "no route for GET /nope" } },
    });

    const notAllowed = await fetch(`${url}/api/v1/things`, { method: "GET" });
    expect(notAllowed.headers.get("allow")).toBe("POST");
    expect(await json(notAllowed)).toMatchObject({ status: 405, body: { error: { code: "method_not_allowed" } } });

    const big = await fetch(`${url}/api/v1/things`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "x".repeat(100), qty: 1 }),
    });
    expect(await json(big)).toEqual({
      status: 413,
      body: { error: { code: "payload_too_large", message: "request body exceeds 64 bytes", details: { limit_bytes: 64 } } },
    });

    const bad = await fetch(`${url}/api/v1/things`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "", qty: 1.5, colour: "red" }),
    });
    const badBody = await json(bad);
    expect(badBody.status).toBe(400);
    expect(badBody.body.error.code).toBe("invalid_request");
    expect(badBody.body.error.details.issues.map((i) => i.field).sort()).toEqual(["colour", "name", "qty"]);
    expect(badBody.body.error.message).toMatch(/^invalid request body: .*colour: unknown field/);

    const malformed = await fetch(`${url}/api/v1/things`, { method: "POST", headers: { "content-type": "application/json" }, body: "{" });
    expect(await json(malformed)).toMatchObject({ status: 400, body: { error: { code: "bad_request", message: "Malformed JSON in request body" } } });

    const ok = await fetch(`${url}/api/v1/things`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"name":"a","qty":2}' });
    expect(await json(ok)).toEqual({ status: 201, body: { name: "a", qty: 2 } });

    const boom = await fetch(`${url}/api/v1/explode`);
    const boomText = await boom.text();
    expect(boom.status).toBe(500);
    expect(JSON.parse(boomText)).toEqual({ error: { code: "internal", message: "internal error" } });
    expect(boomText).not.toContain("hunter2");
    expect(boomText).not.toContain("at ");
    // …but the log has it all, with the identity fields on the line.
    const logged = logs.lines().find((l) => l.msg === "unhandled error in request");
    expect(logged).toMatchObject({ service: "kit-test", instance_name: "kit-test", version: "9.9.9", path: "/api/v1/explode" });
    expect(String((logged?.err as { stack?: string } | undefined)?.stack)).toContain("hunter2");
  });

  it("logs one line per request, probes at debug only", async () => {
    const { svc, logs } = await start({ env: { LOG_LEVEL: "info" } });
    await fetch(`${svc.httpUrl}/api/v1/health`);
    await fetch(`${svc.httpUrl}/nope`);
    const requests = logs.lines().filter((l) => l.msg === "request");
    expect(requests).toEqual([
      expect.objectContaining({ method: "GET", path: "/nope", status: 404, duration_ms: expect.any(Number), service: "kit-test" }),
    ]);
  });

  it("has no chaos API unless CHAOS_ENABLED=true", async () => {
    const { svc } = await start();
    const res = await fetch(`${svc.httpUrl}/api/v1/chaos`, { headers: { Authorization: "Bearer whatever-whatever" } });
    expect(res.status).toBe(404);
    expect((await fetch(`${svc.httpUrl}/api/v1/chaos/latency`, { method: "POST" })).status).toBe(404);
  });
});

describe("metrics", () => {
  it("serves /metrics and /api/v1/metrics with constant labels, RED, gRPC zero series and the kit's own metrics", async () => {
    const { svc } = await start({
      env: { SERVICE_VERSION: "1.0.0-rc.1" },
      configure: ({ readiness }) => {
        readiness.register({ name: "postgres", check: async () => {} });
      },
    });
    await fetch(`${svc.httpUrl}/api/v1/ready`);
    await fetch(`${svc.httpUrl}/api/v1/health`);
    const text = await (await fetch(`${svc.httpUrl}/metrics`)).text();
    const alias = await fetch(`${svc.httpUrl}/api/v1/metrics`);
    expect(alias.status).toBe(200);
    expect(alias.headers.get("content-type")).toContain("text/plain; version=0.0.4");

    const constant = 'service="kit-test",instance_name="kit-test",version="1.0.0-rc.1"';
    expect(text).toContain(`service_dependency_ready{${constant},dependency="postgres"} 1`);
    expect(sampleValue(text, "http_requests_total", { route: "/api/v1/health", code: "200" })).toBe(1);
    expect(sampleValue(text, "http_requests_total", { route: "/metrics" })).toBeUndefined(); // scrapes do not count
    expect(sampleValue(text, "grpc_server_handled_total", { grpc_method: "Echo", grpc_code: "OK" })).toBe(0);
    expect(sampleValue(text, "chaos_active", { fault: "downtime" })).toBe(0);
    expect(sampleValue(text, "service_starts_total")).toBe(1);
    for (const line of text.split("\n").filter((l) => l && !l.startsWith("#"))) expect(line).toContain(constant);
    expect(text).not.toMatch(/[{,]instance="/);
  });

  it.skipIf(!promtoolAvailable())("passes promtool check metrics", async () => {
    const { svc } = await start({ env: { CHAOS_ENABLED: "true", CHAOS_TOKEN: "x".repeat(16) } });
    await fetch(`${svc.httpUrl}/api/v1/ready`);
    const text = await (await fetch(`${svc.httpUrl}/metrics`)).text();
    const verdict = promtoolCheckMetrics(text);
    expect(verdict.output).toBe("");
    expect(verdict.ok).toBe(true);
  });
});

describe("gRPC surface", () => {
  it("serves reflection (what grpcurl uses) for the service and health", async () => {
    const { svc } = await start();
    const reflection = reflectionClient(svc.grpcAddress);
    try {
      expect(await reflection.listServices()).toEqual(["grpc.health.v1.Health", "tse.sample.v1.Sample"]);
      const described = await reflection.fileContainingSymbol("tse.sample.v1.Sample");
      expect(described.file_descriptor_response?.file_descriptor_proto.length).toBeGreaterThan(0);
      expect(Buffer.concat(described.file_descriptor_response!.file_descriptor_proto).toString("latin1")).toContain("EchoRequest");
    } finally {
      reflection.close();
    }
  });

  it("runs the metrics interceptor on real calls", async () => {
    const { svc } = await start();
    const client = sampleClient(svc.grpcAddress);
    try {
      expect(await client.echo("hi")).toEqual({ value: { message: "hi" } });
      const text = await (await fetch(`${svc.httpUrl}/metrics`)).text();
      expect(sampleValue(text, "grpc_server_handled_total", { grpc_service: "tse.sample.v1.Sample", grpc_code: "OK" })).toBe(1);
    } finally {
      client.close();
    }
  });
});

describe("configuration and lifecycle", () => {
  it("refuses a schema that does not extend the base, and a foreign SERVICE_NAME", async () => {
    await expect(createService({ name: "kit-test", version: "1", env: {}, envSchema: z.object({ X: z.string() }) as never })).rejects.toThrow(
      /envSchema must extend baseEnvSchema \(missing: SERVICE_INSTANCE_NAME/,
    );
    const err = await createService({ name: "kit-test", version: "1", env: { SERVICE_NAME: "other" } }).catch((e) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toBe('SERVICE_NAME="other" is invalid: must be "kit-test" (fixed for this service); name an instance with SERVICE_INSTANCE_NAME');
  });

  it("gives configure the typed config of the extended schema", async () => {
    const envSchema = baseEnvSchema.extend({ HTTP_PORT: envPort({ default: 0, description: "p" }), GREETING: z.string().default("hi") });
    let seen: string | undefined;
    const svc = await createService({
      name: "kit-test",
      version: "1",
      envSchema,
      env: { GRPC_PORT: "0", GREETING: "hello" },
      logDestination: captureLogs().stream,
      configure: ({ config }) => {
        seen = config.GREETING; // typed: string
      },
    });
    expect(seen).toBe("hello");
    expect(svc.config.HTTP_PORT).toBe(0);
    expect(() => svc.httpPort).toThrow(/not been started/);
  });

  it("closes what configure opened when configure fails", async () => {
    const closed: string[] = [];
    const failing = createService({
      name: "kit-test",
      version: "1",
      env: ENV,
      logDestination: captureLogs().stream,
      configure: ({ lifecycle }) => {
        lifecycle.onShutdown("pool", () => {
          closed.push("pool");
        });
        throw new Error("migration failed");
      },
    });
    await expect(failing).rejects.toThrow("migration failed");
    expect(closed).toEqual(["pool"]);
  });

  it("fails start with a ListenError naming GRPC_HOST/GRPC_PORT, releasing the HTTP port and closers", async () => {
    const { svc: first } = await start();
    const closed: string[] = [];
    const second = await createService({
      name: "kit-test",
      version: "1",
      env: { ...ENV, GRPC_PORT: String(first.grpcPort) },
      logDestination: captureLogs().stream,
      configure: ({ lifecycle }) => lifecycle.onShutdown("pool", () => void closed.push("pool")),
    });
    const err = await second.start().catch((e) => e);
    expect(err).toBeInstanceOf(ListenError);
    expect(err.message).toBe(`cannot listen on 127.0.0.1:${first.grpcPort} (GRPC_HOST/GRPC_PORT): address already in use`);
    expect(closed).toEqual(["pool"]);
  });

  it("stop() drains, runs closers newest first once, aborts `stopping`, and is idempotent", async () => {
    const order: string[] = [];
    let stopping: AbortSignal | undefined;
    const { svc, logs } = await start({
      configure: ({ lifecycle }) => {
        stopping = lifecycle.stopping;
        lifecycle.onShutdown("db", () => {
          order.push("db");
        });
        lifecycle.onShutdown("cache", async () => {
          order.push("cache");
        });
        lifecycle.onShutdown("broken", () => {
          throw new Error("close failed");
        });
      },
    });
    expect(stopping?.aborted).toBe(false);
    const [a, b] = await Promise.all([svc.stop(), svc.stop()]);
    expect(a).toBe(false); // one closer failed
    expect(b).toBe(a);
    expect(order).toEqual(["cache", "db"]);
    expect(stopping?.aborted).toBe(true);
    expect(logs.lines().find((l) => l.msg === "shutdown closer failed")).toMatchObject({ closer: "broken" });
    await expect(fetch(`${svc.httpUrl}/api/v1/health`)).rejects.toThrow();
  });
});
