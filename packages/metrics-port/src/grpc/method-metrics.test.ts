import * as grpc from "@grpc/grpc-js";
import { afterEach, describe, expect, it } from "vitest";
import type { AnyInstrument } from "../instruments.js";
import type { MetricsPort } from "../port.js";
import { createRecordingMetrics } from "../testing/index.js";
import { clientMetricsInterceptor } from "./client-interceptor.js";
import { CallTracker, grpcInstruments, MethodMetricsCache } from "./method-metrics.js";
import { serverMetricsInterceptor } from "./server-interceptor.js";
import { type EchoHarness, say, startEcho } from "./test-support/echo-harness.js";

/**
 * A real recording port whose instruments count the calls that resolve a label set (`bind`, and the
 * label-object forms `inc(labels)` / `observe(labels)`), i.e. the work the hot path must not repeat.
 */
function countingPort() {
  const metrics = createRecordingMetrics();
  const resolutions = { count: 0 };
  const wrap = <I extends AnyInstrument>(instrument: I): I =>
    new Proxy(instrument, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== "function" || !["bind", "inc", "observe", "startTimer"].includes(String(prop))) return value;
        return (...args: unknown[]) => {
          resolutions.count += 1;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  const port: MetricsPort = {
    ...metrics,
    counter: (d) => wrap(metrics.counter(d)),
    histogram: (d) => wrap(metrics.histogram(d)),
  };
  return { metrics, port, resolutions };
}

describe("MethodMetricsCache", () => {
  it("binds a method's handles once and each status code once", () => {
    const { metrics, port, resolutions } = countingPort();
    const cache = new MethodMetricsCache(grpcInstruments(port, "server"));
    const first = cache.get("/a.B/C", false, false);
    expect(cache.get("/a.B/C", false, false)).toBe(first);
    expect(resolutions.count).toBe(3); // started, msg_received, msg_sent
    for (let i = 0; i < 5; i++) new CallTracker(first).finish(grpc.status.OK);
    expect(resolutions.count).toBe(5); // + handled{OK} and histogram{OK}, bound once
    new CallTracker(first).finish(grpc.status.NOT_FOUND);
    new CallTracker(first).finish(grpc.status.NOT_FOUND);
    expect(resolutions.count).toBe(7);
    metrics.expectCounter("grpc_server_started_total", { grpc_method: "C" }).toBe(7);
    metrics.expectCounter("grpc_server_handled_total", { grpc_code: "OK" }).toBe(5);
    metrics.expectCounter("grpc_server_handled_total", { grpc_code: "NotFound" }).toBe(2);
  });

  it("records a code outside the specification under Go's spelling", () => {
    const metrics = createRecordingMetrics();
    const m = new MethodMetricsCache(grpcInstruments(metrics, "client")).get("/a.B/C", true, true);
    new CallTracker(m).finish(99);
    metrics.expectCounter("grpc_client_handled_total", { grpc_code: "Code(99)", grpc_type: "bidi_stream" }).toBe(1);
  });
});

describe("CallTracker", () => {
  it("records the end once and stops counting messages after it", () => {
    const metrics = createRecordingMetrics();
    const m = new MethodMetricsCache(grpcInstruments(metrics, "server")).get("/a.B/C", true, false);
    const call = new CallTracker(m);
    call.received();
    call.sent();
    call.finish(grpc.status.CANCELLED);
    call.finish(grpc.status.OK);
    call.sent();
    call.received();
    expect(call.finished).toBe(true);
    metrics.expectCounter("grpc_server_handled_total").toBe(1);
    metrics.expectCounter("grpc_server_handled_total", { grpc_code: "Canceled" }).toBe(1);
    metrics.expectCounter("grpc_server_msg_sent_total").toBe(1);
    metrics.expectCounter("grpc_server_msg_received_total").toBe(1);
    expect(metrics.histogramSnapshot("grpc_server_handling_seconds").count).toBe(1);
  });
});

describe("serverMetricsInterceptor hot path", () => {
  let echo: EchoHarness | undefined;
  afterEach(() => echo?.close());

  it("resolves no label set per call once a method and code have been seen (server and client)", async () => {
    const { metrics, port, resolutions } = countingPort();
    echo = await startEcho({
      serverInterceptors: [serverMetricsInterceptor(port)],
      clientInterceptors: [clientMetricsInterceptor(port)],
    });
    await say(echo.client, { text: "warm-up" });
    const afterWarmUp = resolutions.count;
    for (let i = 0; i < 20; i++) await say(echo.client, { text: String(i) });
    expect(resolutions.count).toBe(afterWarmUp);
    metrics.expectCounter("grpc_server_handled_total", { grpc_code: "OK" }).toBe(21);
    metrics.expectCounter("grpc_client_handled_total", { grpc_code: "OK" }).toBe(21);
  });

  it("refuses something that is not a MetricsPort with a clear error", () => {
    expect(() => serverMetricsInterceptor(undefined as unknown as MetricsPort)).toThrow("need a MetricsPort");
    expect(() => clientMetricsInterceptor({} as MetricsPort)).toThrow("gRPC client metrics need a MetricsPort");
  });
});
