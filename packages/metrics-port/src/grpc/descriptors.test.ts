import { describe, expect, it } from "vitest";
import { DEFAULT_LATENCY_BUCKETS } from "../buckets.js";
import { createRecordingMetrics } from "../testing/index.js";
import { grpcClientMetricDescriptors, grpcDescriptorsFor, grpcServerMetricDescriptors } from "./descriptors.js";
import { serverMetricsInterceptor } from "./server-interceptor.js";

const METHOD = ["grpc_type", "grpc_service", "grpc_method"];
const WITH_CODE = [...METHOD, "grpc_code"];

describe("gRPC metric declarations", () => {
  it.each([
    ["server", grpcServerMetricDescriptors],
    ["client", grpcClientMetricDescriptors],
  ] as const)("declares the go-grpc-prometheus %s family, with grpc_code on the histogram", (side, d) => {
    expect(Object.values(d).map((x) => [x.name, x.kind, x.labelNames])).toEqual([
      [`grpc_${side}_started_total`, "counter", METHOD],
      [`grpc_${side}_handled_total`, "counter", WITH_CODE],
      [`grpc_${side}_msg_received_total`, "counter", METHOD],
      [`grpc_${side}_msg_sent_total`, "counter", METHOD],
      [`grpc_${side}_handling_seconds`, "histogram", WITH_CODE],
    ]);
    expect(d.handlingSeconds.buckets).toEqual(DEFAULT_LATENCY_BUCKETS);
    expect(d.handlingSeconds.unit).toBe("seconds");
    // Sized for methods × codes, not the port's generic 1000 (17 codes would overflow at ~58 methods).
    expect(d.handled.maxSeries).toBeGreaterThanOrEqual(500 * 17);
  });

  it("re-declares only the histogram for custom buckets, and validates them", () => {
    const d = grpcDescriptorsFor("server", { handlingBuckets: [0.001, 0.01, 0.1] });
    expect(d.handlingSeconds.buckets).toEqual([0.001, 0.01, 0.1]);
    expect(d.handled).toBe(grpcServerMetricDescriptors.handled);
    expect(grpcDescriptorsFor("server")).toBe(grpcServerMetricDescriptors);
    expect(() => grpcDescriptorsFor("client", { handlingBuckets: [1, 0.5] })).toThrow("strictly increasing");
  });

  it("refuses two different bucket layouts for the same port", () => {
    const metrics = createRecordingMetrics();
    serverMetricsInterceptor(metrics);
    expect(() => serverMetricsInterceptor(metrics, { handlingBuckets: [0.1, 1] })).toThrow(/already registered/);
    // The same options again are fine (registration is idempotent).
    expect(() => serverMetricsInterceptor(metrics)).not.toThrow();
  });
});
