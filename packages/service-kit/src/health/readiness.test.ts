import { createRecordingMetrics } from "@tse/metrics-port/testing";
import { waitFor } from "@tse/testkit";
import { describe, expect, it } from "vitest";
import { type DependencyCheck, Readiness } from "./readiness.js";

const ok = (name: string): DependencyCheck => ({ name, check: async () => {} });
const failing = (name: string, message: string): DependencyCheck => ({
  name,
  check: async () => {
    throw new Error(message);
  },
});

function setup(timeoutMs = 1000) {
  const metrics = createRecordingMetrics();
  const readiness = new Readiness({ metrics, timeoutMs });
  return { metrics, readiness };
}

describe("Readiness", () => {
  it("is not ready before the first evaluation, ready with no checks after it", async () => {
    const { readiness } = setup();
    expect(readiness.ready).toBe(false);
    expect(await readiness.evaluate()).toEqual({ status: "ready", checks: [] });
    expect(readiness.ready).toBe(true);
  });

  it("names what failed and mirrors each dependency into service_dependency_ready", async () => {
    const { metrics, readiness } = setup();
    readiness.register(ok("postgres"));
    readiness.register(failing("redis", "connect ECONNREFUSED 127.0.0.1:6379\n  at stack"));
    metrics.expectGauge("service_dependency_ready", { dependency: "redis" }).toBe(0);

    const report = await readiness.evaluate();
    expect(report.status).toBe("not_ready");
    expect(report.checks).toEqual([
      { name: "postgres", healthy: true, latency_ms: expect.any(Number), error: null },
      { name: "redis", healthy: false, latency_ms: expect.any(Number), error: "connect ECONNREFUSED 127.0.0.1:6379 at stack" },
    ]);
    metrics.expectGauge("service_dependency_ready", { dependency: "postgres" }).toBe(1);
    metrics.expectGauge("service_dependency_ready", { dependency: "redis" }).toBe(0);
    expect(readiness.ready).toBe(false);
  });

  it("fails a check that exceeds the timeout, and aborts its signal", async () => {
    const { readiness } = setup(40);
    let signal: AbortSignal | undefined;
    readiness.register({
      name: "hangs",
      check: (s) => {
        signal = s;
        return new Promise(() => {}); // never settles and ignores the signal
      },
    });
    const report = await readiness.evaluate();
    expect(report.checks[0]).toMatchObject({ name: "hangs", healthy: false, error: "timed out after 40 ms" });
    expect(signal?.aborted).toBe(true);
  });

  it("treats a synchronous throw as a failure", async () => {
    const { readiness } = setup();
    readiness.register({
      name: "sync",
      check: () => {
        throw new RangeError("bad config");
      },
    });
    expect((await readiness.evaluate()).checks[0]?.error).toBe("bad config");
  });

  it("shares one run between concurrent evaluations", async () => {
    const { readiness } = setup();
    let calls = 0;
    let release!: () => void;
    readiness.register({
      name: "slow",
      check: () => {
        calls++;
        return new Promise<void>((r) => {
          release = r;
        });
      },
    });
    const a = readiness.evaluate();
    const b = readiness.evaluate();
    await waitFor(() => calls === 1, { what: "the check to start" });
    release();
    expect(await a).toBe(await b);
    expect(calls).toBe(1);
    await readiness.evaluate();
    expect(calls).toBe(2);
  });

  it("refuses duplicate names", () => {
    const { readiness } = setup();
    readiness.register(ok("db"));
    expect(() => readiness.register(ok("db"))).toThrow(/already registered/);
  });

  it("holds the instance out of service and reports why, notifying listeners", async () => {
    const { readiness } = setup();
    readiness.register(ok("db"));
    const changes: boolean[] = [];
    readiness.onChange((ready) => changes.push(ready));
    await readiness.evaluate();
    const release = readiness.hold("chaos:downtime", "injected downtime until 2030-01-01T00:00:00.000Z");
    expect(readiness.ready).toBe(false);
    expect(await readiness.evaluate()).toMatchObject({
      status: "not_ready",
      checks: [
        { name: "chaos:downtime", healthy: false, error: "injected downtime until 2030-01-01T00:00:00.000Z" },
        { name: "db", healthy: true },
      ],
    });
    release();
    expect(readiness.ready).toBe(true);
    expect(changes).toEqual([true, false, true]);
  });

  it("removes a dependency and its gauge series on unregister", async () => {
    const { metrics, readiness } = setup();
    const unregister = readiness.register(failing("cache", "down"));
    await readiness.evaluate();
    expect(readiness.ready).toBe(false);
    unregister();
    expect(readiness.ready).toBe(true);
    metrics.expectNoSeries("service_dependency_ready", { dependency: "cache" });
  });

  it("polls in the background so consumers see a flip without evaluating", async () => {
    const { readiness } = setup();
    let healthy = true;
    readiness.register({
      name: "flaky",
      check: async () => {
        if (!healthy) throw new Error("gone");
      },
    });
    await readiness.evaluate();
    readiness.startPolling(20);
    try {
      healthy = false;
      await waitFor(() => readiness.ready === false, { timeoutMs: 2000, what: "readiness to drop" });
      healthy = true;
      await waitFor(() => readiness.ready, { timeoutMs: 2000, what: "readiness to recover" });
    } finally {
      readiness.stopPolling();
    }
  });
});
