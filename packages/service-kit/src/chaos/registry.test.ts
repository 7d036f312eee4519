import { createRecordingMetrics } from "@tse/metrics-port/testing";
import { waitFor } from "@tse/testkit";
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { FaultValidationError, ChaosRegistry, MAX_FAULT_DURATION_MS, UnknownFaultError } from "./registry.js";
import type { CallTarget } from "./target.js";

const GET_ORDERS: CallTarget = { protocol: "http", method: "GET", path: "/api/v1/orders/1", route: "/api/v1/orders/:id" };
const GRPC_PLACE: CallTarget = { protocol: "grpc", method: undefined, path: "/tse.exchange.v1.Exchange/PlaceOrder" };

const registries: ChaosRegistry[] = [];
afterEach(async () => {
  await Promise.all(registries.splice(0).map((r) => r.close()));
});

function setup(random = () => 0.5) {
  const metrics = createRecordingMetrics();
  const holds: string[] = [];
  const released: string[] = [];
  const chaos = new ChaosRegistry({
    enabled: true,
    metrics,
    random,
    holdReadiness: (reason) => {
      holds.push(reason);
      return () => released.push(reason);
    },
  });
  registries.push(chaos);
  return { chaos, metrics, holds, released };
}

describe("ChaosRegistry: activation", () => {
  it("starts with the three built-in faults inactive (gauge 0)", () => {
    const { chaos, metrics } = setup();
    expect(chaos.faults().map((f) => f.name)).toEqual(["latency", "errors", "downtime"]);
    expect(chaos.active()).toEqual([]);
    for (const fault of ["latency", "errors", "downtime"]) metrics.expectGauge("chaos_active", { fault }).toBe(0);
    expect(chaos.decide(GET_ORDERS)).toBeUndefined();
  });

  it("validates bodies strictly, naming fields; duration is required and bounded", async () => {
    const { chaos } = setup();
    const fail = async (name: string, body: unknown) => {
      const err = await chaos.activate(name, body).catch((e) => e);
      expect(err).toBeInstanceOf(FaultValidationError);
      return (err as FaultValidationError).zodError.issues.map((i) => (i.code === "unrecognized_keys" ? i.keys.join() : i.path.join(".")));
    };
    expect(await fail("latency", { delay_ms: 10 })).toEqual(["duration_ms"]);
    expect(await fail("latency", { delay_ms: 10, duration_ms: 100, colour: "red" })).toEqual(["colour"]);
    expect(await fail("latency", { delay_ms: 60_001, duration_ms: 100 })).toEqual(["delay_ms"]);
    expect(await fail("downtime", { duration_ms: MAX_FAULT_DURATION_MS + 1 })).toEqual(["duration_ms"]);
    expect(await fail("downtime", { duration_ms: 0 })).toEqual(["duration_ms"]);
    expect(await fail("errors", { rate: 1.5, duration_ms: 10 })).toEqual(["rate"]);
    expect(await fail("errors", { rate: 1, grpc_code: "NOPE", duration_ms: 10 })).toEqual(["grpc_code"]);
    expect(await fail("errors", { rate: 1, grpc_code: 0, duration_ms: 10 })).toEqual(["grpc_code"]);
    expect(await fail("errors", { rate: 1, method: "get", duration_ms: 10 })).toEqual(["method"]);
    await expect(chaos.activate("meteor", { duration_ms: 1 })).rejects.toBeInstanceOf(UnknownFaultError);
    expect(chaos.active()).toEqual([]);
  });

  it("reports what is active with its expiry, and expires by itself", async () => {
    const { chaos, metrics } = setup();
    const before = Date.now();
    const active = await chaos.activate("latency", { delay_ms: 5, duration_ms: 150 });
    expect(active).toMatchObject({ fault: "latency", duration_ms: 150, params: { delay_ms: 5, jitter_ms: 0, pattern: "*" } });
    expect(Date.parse(active.expires_at) - Date.parse(active.started_at)).toBe(150);
    expect(Date.parse(active.started_at)).toBeGreaterThanOrEqual(before - 1);
    expect(chaos.isActive("latency")).toBe(true);
    metrics.expectGauge("chaos_active", { fault: "latency" }).toBe(1);
    await waitFor(() => !chaos.isActive("latency"), { timeoutMs: 3000, what: "latency to expire" });
    metrics.expectGauge("chaos_active", { fault: "latency" }).toBe(0);
    expect(chaos.decide(GET_ORDERS)).toBeUndefined();
  });

  it("a re-post replaces the activation (and its timer)", async () => {
    vi.useFakeTimers();
    try {
      const { chaos } = setup();
      await chaos.activate("latency", { delay_ms: 5, duration_ms: 100 });
      await chaos.activate("latency", { delay_ms: 7, duration_ms: 1000 });
      await vi.advanceTimersByTimeAsync(500); // past the first timer: it must not clear the second activation
      expect(chaos.active()).toMatchObject([{ fault: "latency", params: { delay_ms: 7 }, remaining_ms: 500 }]);
      await vi.advanceTimersByTimeAsync(500);
      expect(chaos.active()).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("deactivate / clearAll / close", async () => {
    const { chaos } = setup();
    await chaos.activate("latency", { delay_ms: 1, duration_ms: 60_000 });
    await chaos.activate("downtime", { duration_ms: 60_000 });
    expect(await chaos.deactivate("latency")).toBe(true);
    expect(await chaos.deactivate("latency")).toBe(false);
    expect(await chaos.clearAll()).toEqual(["downtime"]);
    await chaos.close();
    await expect(chaos.activate("downtime", { duration_ms: 10 })).rejects.toThrow(/closed/);
  });
});

describe("ChaosRegistry: built-in faults", () => {
  it("latency: delay + jitter for matching calls only, counted", async () => {
    const { chaos, metrics } = setup(() => 0.5);
    await chaos.activate("latency", { delay_ms: 100, jitter_ms: 50, pattern: "/api/v1/orders/:id", duration_ms: 60_000 });
    expect(chaos.decide(GET_ORDERS)).toEqual({ delayMs: 125, reject: undefined });
    expect(chaos.decide(GRPC_PLACE)).toBeUndefined();
    metrics.expectCounter("chaos_injections_total", { fault: "latency" }).toBe(1);
  });

  it("errors: fails the chosen fraction with the requested codes", async () => {
    let next = 0;
    const rolls = [0.1, 0.9];
    const { chaos, metrics } = setup(() => rolls[next++ % 2]!);
    await chaos.activate("errors", { rate: 0.5, http_status: 503, grpc_code: "DeadlineExceeded", protocol: "grpc", duration_ms: 60_000 });
    expect(chaos.decide(GRPC_PLACE)).toMatchObject({ delayMs: 0, reject: { fault: "errors", httpStatus: 503, grpcCode: 4 } });
    expect(chaos.decide(GRPC_PLACE)).toBeUndefined(); // 0.9 ≥ rate
    expect(chaos.decide(GET_ORDERS)).toBeUndefined(); // protocol grpc only
    metrics.expectCounter("chaos_injections_total", { fault: "errors" }).toBe(1);
    expect(chaos.active()[0]?.params).toMatchObject({ grpc_code: 4 });
  });

  it("errors: defaults to 500 / INTERNAL; accepts numeric codes", async () => {
    const { chaos } = setup(() => 0);
    await chaos.activate("errors", { rate: 1, duration_ms: 60_000 });
    expect(chaos.decide(GET_ORDERS)?.reject).toMatchObject({ httpStatus: 500, grpcCode: 13 });
    await chaos.activate("errors", { rate: 1, grpc_code: 14, duration_ms: 60_000 });
    expect(chaos.decide(GRPC_PLACE)?.reject?.grpcCode).toBe(14);
  });

  it("downtime: holds readiness and rejects everything with 503 / UNAVAILABLE until cleared", async () => {
    const { chaos, holds, released, metrics } = setup();
    await chaos.activate("downtime", { duration_ms: 60_000 });
    expect(holds).toHaveLength(1);
    expect(holds[0]).toMatch(/^injected downtime until \d{4}-/);
    expect(chaos.decide(GRPC_PLACE)?.reject).toMatchObject({ fault: "downtime", httpStatus: 503, grpcCode: 14 });
    expect(chaos.decide(GET_ORDERS)?.reject?.fault).toBe("downtime");
    metrics.expectCounter("chaos_injections_total", { fault: "downtime" }).toBe(2);
    await chaos.deactivate("downtime");
    expect(released).toEqual(holds);
    expect(chaos.decide(GET_ORDERS)).toBeUndefined();
  });
});

describe("ChaosRegistry: domain faults", () => {
  it("registers through the same contract: schema + duration_ms, apply and clear", async () => {
    const { chaos, metrics } = setup();
    const calls: string[] = [];
    chaos.registerFault({
      name: "stale-book",
      description: "order book stops updating",
      schema: z.object({ symbol: z.string() }),
      apply: ({ symbol }, durationMs) => {
        calls.push(`apply ${symbol} ${durationMs}`);
      },
      clear: () => {
        calls.push("clear");
      },
    });
    expect(chaos.faults().at(-1)).toEqual({ name: "stale-book", description: "order book stops updating" });
    await expect(chaos.activate("stale-book", { symbol: "BTC-USD", duration_ms: 100, extra: 1 })).rejects.toBeInstanceOf(FaultValidationError);
    await chaos.activate("stale-book", { symbol: "BTC-USD", duration_ms: 100 });
    await chaos.activate("stale-book", { symbol: "ETH-USD", duration_ms: 100 }); // replaces: clear, then apply
    chaos.recordInjection("stale-book");
    metrics.expectCounter("chaos_injections_total", { fault: "stale-book" }).toBe(1);
    await waitFor(() => !chaos.isActive("stale-book"), { timeoutMs: 3000, what: "stale-book to expire" });
    expect(calls).toEqual(["apply BTC-USD 100", "clear", "apply ETH-USD 100", "clear"]);
  });

  it("refuses bad names, duplicates and schemas that define duration_ms", () => {
    const { chaos } = setup();
    const def = { schema: z.object({}), apply() {}, clear() {} };
    expect(() => chaos.registerFault({ ...def, name: "Bad-Name" })).toThrow(/kebab-case/);
    expect(() => chaos.registerFault({ ...def, name: "latency" })).toThrow(/already registered/);
    expect(() => chaos.registerFault({ ...def, name: "x", schema: z.object({ duration_ms: z.number() }) })).toThrow(/duration_ms/);
  });
});
