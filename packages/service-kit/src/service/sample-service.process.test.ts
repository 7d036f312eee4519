/**
 * The sample service (src/test-support/sample-service/main.ts) as a REAL child process: exit codes, signals,
 * stderr, HTTP and gRPC from outside. These are the acceptance tests of how services get wired.
 */
import { createConnection, createServer, type Server } from "node:net";
import { status as GrpcStatus } from "@grpc/grpc-js";
import { freePort, waitFor } from "@tse/testkit";
import { afterAll, describe, expect, it, type TestContext } from "vitest";
import { INSTANCE_NAME_RULE } from "../identity.js";
import { type ChildService, killAllChildren, runSampleToExit, startSample } from "../test-support/child-service.js";
import { healthClient, sampleClient } from "../test-support/grpc-clients.js";
import { sampleValue, scrape } from "../test-support/scrape.js";

const TOKEN = "sample-chaos-token-0123456789";
const CHAOS_ENV = { CHAOS_ENABLED: "true", CHAOS_TOKEN: TOKEN };
const auth = { Authorization: `Bearer ${TOKEN}` };

// Tests run concurrently (each has its own child process, and most of their time is waiting), so each
// test kills its own child when it finishes; afterAll is the safety net.
afterAll(killAllChildren);

async function sample(ctx: TestContext, env: Record<string, string> = {}): Promise<ChildService> {
  const svc = await startSample(env);
  ctx.onTestFinished(() => svc.kill());
  return svc;
}

/** True when nothing accepts TCP connections at host:port any more. */
const refuses = (hostPort: string) =>
  new Promise<boolean>((resolve) => {
    const [host, port] = hostPort.replace("http://", "").split(":");
    const socket = createConnection({ host, port: Number(port) });
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(true));
  });

// Everything runs concurrently: each test has its own child process and mostly waits on it.
describe.concurrent("the sample service as a child process", () => {
  describe("invalid configuration", () => {
    it("exits 1 with one stderr line per bad variable naming the variable, the value and the rule", async () => {
      // (Every other rule's exact line is unit-tested in config/load-config.test.ts; two processes suffice here.)
      const [badName, badPort] = await Promise.all([
        runSampleToExit({ SERVICE_INSTANCE_NAME: "sample_service" }),
        runSampleToExit({ HTTP_PORT: "abc", CHAOS_ENABLED: "true", CHAOS_TOKEN: "short" }),
      ]);
      expect(badName.code).toBe(1);
      expect(badName.stderr).toBe(`sample-service: SERVICE_INSTANCE_NAME="sample_service" is invalid: ${INSTANCE_NAME_RULE}\n`);
      expect(badName.stdout).toBe("");
      expect(badPort.code).toBe(1);
      expect(badPort.stderr).toBe(
        [
          'sample-service: HTTP_PORT="abc" is invalid: expected an integer 0-65535',
          "sample-service: CHAOS_TOKEN=<redacted, 5 characters> is invalid: expected at least 16 characters",
          "",
        ].join("\n"),
      );
    });

    it("exits 1 naming HTTP_HOST/HTTP_PORT when the port is taken", async () => {
      const blocker = createServer();
      await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", r));
      const port = (blocker.address() as { port: number }).port;
      try {
        const run = await runSampleToExit({ HTTP_PORT: String(port) });
        expect(run.code).toBe(1);
        expect(run.stderr).toBe(
          `sample-service: cannot listen on 127.0.0.1:${port} (HTTP_HOST/HTTP_PORT): address already in use\n`,
        );
      } finally {
        blocker.close();
      }
    });
  });

  describe("graceful shutdown", () => {
    it("on SIGTERM stops accepting, finishes in-flight HTTP and gRPC calls, runs closers newest first, exits 0", async (ctx) => {
      const svc = await sample(ctx, { SHUTDOWN_TIMEOUT_MS: "20000" });
      const grpc = sampleClient(svc.grpc);
      try {
        const started = Date.now();
        const slowHttp = [1, 2, 3].map(() => fetch(`${svc.http}/api/v1/slow?ms=2500`));
        const slowGrpc = grpc.echo("still here", 2500);
        // In flight = the service itself says so (its own metrics; scrapes are not counted).
        await waitFor(
          async () => {
            const text = await scrape(svc.http);
            return (
              sampleValue(text, "http_requests_in_flight", { method: "GET" }) === 3 &&
              sampleValue(text, "grpc_server_started_total", { grpc_method: "Echo" }) === 1
            );
          },
          { what: "3 HTTP requests and 1 gRPC call in flight" },
        );
        svc.child.kill("SIGTERM");
        await waitFor(() => refuses(svc.http), { what: "the HTTP listener to close" });

        const responses = await Promise.all(slowHttp);
        expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
        expect(await Promise.all(responses.map((r) => r.json()))).toEqual([{ slept_ms: 2500 }, { slept_ms: 2500 }, { slept_ms: 2500 }]);
        expect(await slowGrpc).toEqual({ value: { message: "still here" } });
        expect(Date.now() - started).toBeGreaterThanOrEqual(2500); // they really ran to completion

        expect(await svc.exited).toEqual({ code: 0, signal: null });
        const logs = svc.logs();
        expect(logs.filter((l) => l.msg === "closer ran").map((l) => l.closer)).toEqual(["second", "first"]);
        expect(logs.find((l) => l.msg === "stopped")).toMatchObject({ clean: true, http_drained: true, grpc_drained: true });
        expect(svc.stderr()).toBe("");
      } finally {
        grpc.close();
      }
    });

    it("a second signal while draining exits at once, non-zero", async (ctx) => {
      const svc = await sample(ctx, { SHUTDOWN_TIMEOUT_MS: "60000" });
      const slow = fetch(`${svc.http}/api/v1/slow?ms=30000`).catch(() => undefined);
      await waitFor(async () => sampleValue(await scrape(svc.http), "http_requests_in_flight", { method: "GET" }) === 1, {
        what: "the slow request to be in flight",
      });
      svc.child.kill("SIGTERM");
      await waitFor(() => svc.logs().some((l) => l.msg === "shutting down"), { what: "shutdown to begin" });
      svc.child.kill("SIGINT");
      expect(await svc.exited).toEqual({ code: 130, signal: null });
      expect(svc.logs().some((l) => l.msg === "second signal while stopping: exiting now")).toBe(true);
      await slow;
    });
  });

  describe("readiness follows a real dependency, over HTTP and gRPC health", () => {
    let upstream: Server | undefined;
    const listenUpstream = (port: number) =>
      new Promise<Server>((resolve, reject) => {
        const s = createServer((socket) => socket.end());
        s.once("error", reject);
        s.listen(port, "127.0.0.1", () => resolve(s));
      });
    afterAll(() => upstream?.close());

    it("flips /ready to 503 and health to NOT_SERVING when the dependency goes, and back", async (ctx) => {
      const port = await freePort();
      upstream = await listenUpstream(port);
      const svc = await sample(ctx, { SAMPLE_DEPENDENCY_ADDR: `127.0.0.1:${port}`, READINESS_INTERVAL_MS: "100" });
      const health = healthClient(svc.grpc);
      try {
        const ready = await fetch(`${svc.http}/api/v1/ready`);
        expect(ready.status).toBe(200);
        expect(await ready.json()).toEqual({
          status: "ready",
          checks: [{ name: "upstream", healthy: true, latency_ms: expect.any(Number), error: null }],
        });
        for (const name of ["", "sample-service", "tse.sample.v1.Sample"]) expect(await health.check(name)).toBe("SERVING");
        await expect(health.check("no.such.Service")).rejects.toMatchObject({ code: GrpcStatus.NOT_FOUND });
        const watch = health.watch("");
        await waitFor(() => watch.statuses.length === 1, { what: "the first Watch message" });

        await new Promise<void>((r) => upstream!.close(() => r()));
        await waitFor(async () => (await health.check("")) === "NOT_SERVING", { what: "gRPC health NOT_SERVING" });
        expect(await health.check("tse.sample.v1.Sample")).toBe("NOT_SERVING");
        const notReady = await fetch(`${svc.http}/api/v1/ready`);
        expect(notReady.status).toBe(503);
        expect(await notReady.json()).toEqual({
          status: "not_ready",
          checks: [{ name: "upstream", healthy: false, latency_ms: expect.any(Number), error: expect.stringContaining("ECONNREFUSED") }],
        });
        expect((await fetch(`${svc.http}/api/v1/health`)).status).toBe(200); // liveness does no I/O
        expect(sampleValue(await scrape(svc.http), "service_dependency_ready", { dependency: "upstream" })).toBe(0);
        await waitFor(() => watch.statuses.includes("NOT_SERVING"), { what: "Watch to announce NOT_SERVING" });

        upstream = await listenUpstream(port);
        await waitFor(async () => (await health.check("")) === "SERVING", { what: "gRPC health SERVING again" });
        expect((await fetch(`${svc.http}/api/v1/ready`)).status).toBe(200);
        expect(sampleValue(await scrape(svc.http), "service_dependency_ready", { dependency: "upstream" })).toBe(1);
        await waitFor(() => watch.statuses.at(-1) === "SERVING", { what: "Watch to announce SERVING" });
        expect(watch.statuses).toEqual(["SERVING", "NOT_SERVING", "SERVING"]);

        // Shutdown ends Watch streams rather than waiting for the watcher to leave.
        svc.child.kill("SIGTERM");
        expect(await svc.exited).toEqual({ code: 0, signal: null });
        await waitFor(() => watch.ended(), { what: "the Watch stream to end" });
        expect(watch.statuses.at(-1)).toBe("NOT_SERVING");
      } finally {
        health.close();
      }
    });
  });

  describe("chaos, observed from outside", () => {
    const post = (http: string, fault: string, body: unknown, headers: Record<string, string> = auth) =>
      fetch(`${http}/api/v1/chaos/${fault}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify(body),
      });
    const activeFaults = async (http: string) =>
      ((await (await fetch(`${http}/api/v1/chaos`, { headers: auth })).json()) as { active: Array<{ fault: string }> }).active.map(
        (a) => a.fault,
      );
    const timed = async <T>(fn: () => Promise<T>) => {
      const t0 = performance.now();
      const value = await fn();
      return { value, ms: performance.now() - t0 };
    };

    it("guards the API with the bearer token; runs domain faults; DELETE clears all; crashes exit 1", async (ctx) => {
      const svc = await sample(ctx, CHAOS_ENV);
      const missing = await fetch(`${svc.http}/api/v1/chaos`);
      expect(missing.status).toBe(401);
      expect(missing.headers.get("www-authenticate")).toBe('Bearer realm="chaos"');
      expect(await missing.json()).toMatchObject({ error: { code: "unauthorized" } });
      const wrong = await post(svc.http, "downtime", { duration_ms: 60_000 }, { Authorization: `Bearer ${TOKEN}x` });
      expect(wrong.status).toBe(401);
      expect(await wrong.json()).toEqual({ error: { code: "unauthorized", message: "invalid bearer token" } });
      expect((await fetch(`${svc.http}/api/v1/ready`)).status).toBe(200); // the wrong token changed nothing
      expect(await activeFaults(svc.http)).toEqual([]);

      const frozen = async () => ((await (await fetch(`${svc.http}/api/v1/frozen`)).json()) as { frozen: boolean }).frozen;
      expect((await post(svc.http, "freeze", { reason: "test", duration_ms: 1500 })).status).toBe(200);
      expect(await frozen()).toBe(true);
      await waitFor(async () => !(await frozen()), { timeoutMs: 10_000, what: "freeze to expire" });

      await post(svc.http, "freeze", { reason: "again", duration_ms: 60_000 });
      await post(svc.http, "latency", { delay_ms: 1, pattern: "/nothing", duration_ms: 60_000 });
      expect((await activeFaults(svc.http)).sort()).toEqual(["freeze", "latency"]);
      const cleared = await fetch(`${svc.http}/api/v1/chaos`, { method: "DELETE", headers: auth });
      expect(((await cleared.json()) as { cleared: string[] }).cleared.sort()).toEqual(["freeze", "latency"]);
      expect(await frozen()).toBe(false);

      const unknown = await post(svc.http, "meteor", { duration_ms: 10 });
      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toMatchObject({ error: { code: "unknown_fault" } });
      const tooLong = await post(svc.http, "downtime", { duration_ms: 3_600_001 });
      expect(tooLong.status).toBe(400);
      expect(((await tooLong.json()) as { error: { message: string } }).error.message).toMatch(/duration_ms/);

      // (Reusing this child:) the service's own zod-validated route names the offending field.
      const echo = await fetch(`${svc.http}/api/v1/echo`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ message: "hi", loud: true }),
      });
      expect(echo.status).toBe(400);
      expect(await echo.json()).toMatchObject({ error: { code: "invalid_request", message: "invalid request body: loud: unknown field" } });

      // (Reusing this child:) an unhandled rejection is logged as fatal and ends the process non-zero.
      expect((await fetch(`${svc.http}/api/v1/crash?kind=rejection`, { method: "POST" })).status).toBe(202);
      expect(await svc.exited).toEqual({ code: 1, signal: null });
      expect(svc.logs().find((l) => l.level === "fatal")).toMatchObject({
        msg: "unhandled promise rejection",
        err: { message: "crash requested" },
      });
    });

    it("latency delays HTTP and gRPC while active, then expires", async (ctx) => {
      const svc = await sample(ctx, CHAOS_ENV);
      const grpc = sampleClient(svc.grpc);
      ctx.onTestFinished(() => grpc.close());
      expect((await post(svc.http, "latency", { delay_ms: 400, duration_ms: 3000, foo: 1 })).status).toBe(400);
      const latency = await post(svc.http, "latency", { delay_ms: 400, duration_ms: 3000 });
      expect(latency.status).toBe(200);
      expect(await latency.json()).toMatchObject({ fault: "latency", params: { delay_ms: 400, jitter_ms: 0, pattern: "*" } });
      const slowHttp = await timed(() => fetch(`${svc.http}/api/v1/slow?ms=0`));
      expect(slowHttp.value.status).toBe(200);
      expect(slowHttp.ms).toBeGreaterThanOrEqual(390);
      const slowGrpc = await timed(() => grpc.echo("late"));
      expect(slowGrpc.value).toEqual({ value: { message: "late" } });
      expect(slowGrpc.ms).toBeGreaterThanOrEqual(390);
      expect((await fetch(`${svc.http}/api/v1/health`)).status).toBe(200);
      // Each delayed call is counted; probes and scrapes are exempt, so exactly 2.
      expect(sampleValue(await scrape(svc.http), "chaos_injections_total", { fault: "latency" })).toBe(2);

      await waitFor(async () => !(await activeFaults(svc.http)).includes("latency"), { timeoutMs: 10_000, what: "latency to expire" });
      await fetch(`${svc.http}/api/v1/slow?ms=0`);
      await grpc.echo("on time");
      const after = await scrape(svc.http);
      expect(sampleValue(after, "chaos_injections_total", { fault: "latency" })).toBe(2); // nothing delayed since
      expect(sampleValue(after, "chaos_active", { fault: "latency" })).toBe(0);

      // (Reusing this child:) an uncaught exception is logged as fatal and ends the process non-zero.
      expect((await fetch(`${svc.http}/api/v1/crash`, { method: "POST" })).status).toBe(202);
      expect(await svc.exited).toEqual({ code: 1, signal: null });
      expect(svc.logs().find((l) => l.level === "fatal")).toMatchObject({ msg: "uncaught exception", err: { message: "crash requested" } });
    });

    it("errors fail HTTP and gRPC calls with the requested codes, spare probes, then expire", async (ctx) => {
      const svc = await sample(ctx, CHAOS_ENV);
      const grpc = sampleClient(svc.grpc);
      const health = healthClient(svc.grpc);
      ctx.onTestFinished(() => {
        grpc.close();
        health.close();
      });
      const body = { rate: 1, http_status: 503, grpc_code: "RESOURCE_EXHAUSTED", pattern: "/api/v1/slow", duration_ms: 3000 };
      expect((await post(svc.http, "errors", { ...body, pattern: "*" })).status).toBe(200);
      const failed = await fetch(`${svc.http}/api/v1/slow?ms=0`);
      expect(failed.status).toBe(503);
      expect(failed.headers.get("x-chaos-fault")).toBe("errors");
      expect(await failed.json()).toMatchObject({ error: { code: "injected_fault", details: { fault: "errors" } } });
      const failedGrpc = await grpc.echo("x");
      expect(failedGrpc.error?.code).toBe(GrpcStatus.RESOURCE_EXHAUSTED);
      expect(failedGrpc.error?.metadata.get("x-chaos-fault")).toEqual(["errors"]);
      expect((await fetch(`${svc.http}/api/v1/health`)).status).toBe(200);
      expect(await health.check("")).toBe("SERVING");
      // The metrics interceptor runs first, so the injected status is counted like any other.
      const text = await scrape(svc.http);
      expect(sampleValue(text, "grpc_server_handled_total", { grpc_method: "Echo", grpc_code: "ResourceExhausted" })).toBe(1);
      expect(sampleValue(text, "http_requests_total", { route: "/api/v1/slow", code: "503" })).toBe(1);
      expect(sampleValue(text, "chaos_injections_total", { fault: "errors" })).toBe(2);

      // A pattern confines the fault: the HTTP route fails, gRPC does not.
      expect((await post(svc.http, "errors", body)).status).toBe(200);
      expect((await grpc.echo("spared")).value).toEqual({ message: "spared" });
      expect((await fetch(`${svc.http}/api/v1/slow?ms=0`)).status).toBe(503);

      await waitFor(async () => (await fetch(`${svc.http}/api/v1/slow?ms=0`)).status === 200, { timeoutMs: 10_000, what: "errors to expire" });
      expect((await grpc.echo("ok again")).value).toEqual({ message: "ok again" });
    });

    it("downtime fails readiness and every call (not probes or chaos), then expires", async (ctx) => {
      const svc = await sample(ctx, { ...CHAOS_ENV, READINESS_INTERVAL_MS: "100" });
      const grpc = sampleClient(svc.grpc);
      const health = healthClient(svc.grpc);
      ctx.onTestFinished(() => {
        grpc.close();
        health.close();
      });
      expect((await post(svc.http, "downtime", { duration_ms: 3000 })).status).toBe(200);
      const ready = await fetch(`${svc.http}/api/v1/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ status: "not_ready", checks: [{ name: "chaos:downtime", healthy: false }] });
      const down = await fetch(`${svc.http}/api/v1/slow?ms=0`);
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({ error: { code: "unavailable" } });
      expect((await grpc.echo("x")).error?.code).toBe(GrpcStatus.UNAVAILABLE);
      expect(await health.check("")).toBe("NOT_SERVING");
      expect((await fetch(`${svc.http}/api/v1/health`)).status).toBe(200);
      expect(await activeFaults(svc.http)).toEqual(["downtime"]); // the chaos API still answers
      const during = await scrape(svc.http);
      expect(sampleValue(during, "chaos_active", { fault: "downtime" })).toBe(1);
      expect(sampleValue(during, "chaos_injections_total", { fault: "downtime" })).toBe(2);

      await waitFor(async () => (await fetch(`${svc.http}/api/v1/ready`)).status === 200, { timeoutMs: 10_000, what: "downtime to expire" });
      expect((await fetch(`${svc.http}/api/v1/slow?ms=0`)).status).toBe(200);
      expect((await grpc.echo("back")).value).toEqual({ message: "back" });
      await waitFor(async () => (await health.check("")) === "SERVING", { what: "gRPC health SERVING" });
      expect(sampleValue(await scrape(svc.http), "chaos_active", { fault: "downtime" })).toBe(0);
    });

  });
});
