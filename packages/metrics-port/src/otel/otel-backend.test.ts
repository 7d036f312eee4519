import { describe, expect, it } from "vitest";
import { defineCounter, defineGauge, defineHistogram } from "../descriptors.js";
import { otelInstrumentName } from "./otel-backend.js";

describe("otelInstrumentName", () => {
  it("drops `_total` from counters, since the exporter appends it to every monotonic sum", () => {
    expect(otelInstrumentName(defineCounter({ name: "http_requests_total", help: "h" }))).toBe("http_requests");
    expect(otelInstrumentName(defineCounter({ name: "cpu_seconds_total", help: "h", unit: "seconds" }))).toBe("cpu_seconds");
  });
  it("keeps gauge and histogram names, unit suffix included (no unit is passed to OTel)", () => {
    expect(otelInstrumentName(defineGauge({ name: "queue_depth", help: "h" }))).toBe("queue_depth");
    expect(otelInstrumentName(defineHistogram({ name: "rpc_duration_seconds", help: "h", unit: "seconds" }))).toBe(
      "rpc_duration_seconds",
    );
  });
});
