import type * as grpc from "@grpc/grpc-js";
import { afterEach, describe, expect, it } from "vitest";
import { createRecordingMetrics } from "../testing/index.js";
import { clientMetricsInterceptor } from "./client-interceptor.js";
import { GRPC_CODE_NAMES } from "./codes.js";
import { initializeClientMetrics, initializeServerMetrics } from "./initialize.js";
import { serverMetricsInterceptor } from "./server-interceptor.js";
import { ECHO_SERVICE, type EchoHarness, echoService, say, startEcho } from "./test-support/echo-harness.js";

const METHODS = [
  ["Say", "unary"],
  ["Collect", "client_stream"],
  ["Repeat", "server_stream"],
  ["Chat", "bidi_stream"],
] as const;

let echo: EchoHarness | undefined;
afterEach(() => {
  echo?.close();
  echo = undefined;
});

describe.each([
  ["server", initializeServerMetrics],
  ["client", initializeClientMetrics],
] as const)("initialize%sMetrics", (side, initialize) => {
  const name = (suffix: string) => `grpc_${side}_${suffix}`;

  it("creates every series at zero before any call", () => {
    const metrics = createRecordingMetrics();
    initialize(metrics, echoService, ECHO_SERVICE);

    for (const suffix of ["started_total", "msg_received_total", "msg_sent_total"]) {
      const series = metrics.series(name(suffix));
      expect(series.map((s) => [s.labels.grpc_method, s.labels.grpc_type]).sort()).toEqual(
        METHODS.map(([m, t]) => [m, t]).sort(),
      );
      expect(series.every((s) => s.value === 0 && s.labels.grpc_service === ECHO_SERVICE)).toBe(true);
    }

    const handled = metrics.series(name("handled_total"));
    expect(handled).toHaveLength(METHODS.length * 17);
    for (const [method, type] of METHODS) {
      const codes = handled.filter((s) => s.labels.grpc_method === method && s.labels.grpc_type === type);
      expect(codes.map((s) => s.labels.grpc_code).sort()).toEqual([...GRPC_CODE_NAMES].sort());
    }
    expect(handled.every((s) => s.value === 0)).toBe(true);

    // The latency histogram is pre-created for OK only (the success-latency SLO series).
    const seconds = metrics.series(name("handling_seconds"));
    expect(seconds.map((s) => `${s.labels.grpc_method}/${s.labels.grpc_code}`).sort()).toEqual(
      ["Chat/OK", "Collect/OK", "Repeat/OK", "Say/OK"],
    );
    expect(seconds.every((s) => s.count === 0)).toBe(true);
  });

  it("is idempotent, and the interceptor then counts into the very same series", async () => {
    const metrics = createRecordingMetrics();
    initialize(metrics, echoService, ECHO_SERVICE);
    initialize(metrics, echoService, ECHO_SERVICE);
    echo = await startEcho(
      side === "server"
        ? { serverInterceptors: [serverMetricsInterceptor(metrics)] }
        : { clientInterceptors: [clientMetricsInterceptor(metrics)] },
    );
    await say(echo.client, {});
    expect(metrics.series(name("handled_total"))).toHaveLength(METHODS.length * 17);
    metrics.expectCounter(name("handled_total"), { grpc_method: "Say", grpc_code: "OK" }).toBe(1);
    metrics.expectCounter(name("handled_total")).toBe(1);
    expect(metrics.series(name("started_total"))).toHaveLength(METHODS.length);
  });

  it("uses the interceptor's histogram buckets, and refuses different ones", () => {
    const metrics = createRecordingMetrics();
    initialize(metrics, echoService, ECHO_SERVICE, { handlingBuckets: [0.01, 0.1] });
    expect(metrics.histogramSnapshot(name("handling_seconds")).buckets.map((b) => b.le)).toEqual([0.01, 0.1]);
    expect(() => initialize(metrics, echoService, ECHO_SERVICE)).toThrow(/already registered/);
  });

  it("rejects a service name that does not match the method paths, creating nothing", () => {
    const metrics = createRecordingMetrics();
    expect(() => initialize(metrics, echoService, "Echo")).toThrow(
      `method "Say" has path "/${ECHO_SERVICE}/Say", which is not in service "Echo"`,
    );
    expect(() => metrics.series(name("started_total"))).toThrow(/never registered/);
  });

  it("rejects input that is not a service definition", () => {
    const metrics = createRecordingMetrics();
    expect(() => initialize(metrics, echoService, "")).toThrow("serviceName must be the full service name");
    expect(() => initialize(metrics, undefined as unknown as grpc.ServiceDefinition, "a.B")).toThrow(
      "service must be a grpc-js ServiceDefinition",
    );
    expect(() => initialize(metrics, {}, "a.B")).toThrow('service "a.B" defines no methods');
    expect(() => initialize(metrics, { Say: {} } as unknown as grpc.ServiceDefinition, "a.B")).toThrow(
      'method "Say" of "a.B" has no path',
    );
  });
});
