import { describe, expect, it } from "vitest";
import { MetricDeclarationError, validateLabelName, validateMetricName } from "./names.js";

describe("validateMetricName", () => {
  it.each([
    ["http_requests_total", "counter", undefined],
    ["http_request_duration_seconds", "histogram", "seconds"],
    ["exchange_best_price", "gauge", undefined],
    ["storage_outbox_pending", "gauge", undefined],
    ["http_response_size_bytes", "histogram", "bytes"],
    ["exchange_traded_seconds_total", "counter", "seconds"],
  ] as const)("accepts %s as a %s", (name, kind, unit) => {
    expect(() => validateMetricName(name, kind, unit)).not.toThrow();
  });

  it.each([
    ["HttpRequests_total", "counter", "snake_case"],
    ["http-requests_total", "counter", "snake_case"],
    ["http_requests_", "gauge", "snake_case"],
    ["http__requests_total", "counter", "'__'"],
    ["http_requests", "counter", "must end in '_total'"],
    ["queue_length_total", "gauge", "only counters"],
    ["latency_ms", "histogram", "'ms' is not a base unit"],
    ["request_duration_milliseconds", "histogram", "'milliseconds' is not a base unit"],
    ["body_kb", "gauge", "'kb' is not a base unit"],
    ["cpu_percent", "gauge", "'percent' is not a base unit"],
    ["rpc_duration_seconds_count", "histogram", "_bucket, _count or _sum"],
    ["requests_counter_total", "counter", "must not contain its type"],
  ] as const)("rejects %s as a %s (%s)", (name, kind, why) => {
    expect(() => validateMetricName(name, kind, undefined)).toThrow(MetricDeclarationError);
    expect(() => validateMetricName(name, kind, undefined)).toThrow(why);
  });

  it("requires the declared unit as the name's suffix (before _total on counters)", () => {
    expect(() => validateMetricName("request_duration", "histogram", "seconds")).toThrow("must be the name's suffix");
    expect(() => validateMetricName("cpu_total", "counter", "seconds")).toThrow("before '_total'");
    expect(() => validateMetricName("cpu_seconds_total", "counter", "seconds")).not.toThrow();
  });
});

describe("validateLabelName", () => {
  it("accepts snake_case labels", () => {
    expect(() => validateLabelName("m_total", "grpc_code")).not.toThrow();
  });
  it.each([
    ["Route", "snake_case"],
    ["__name", "snake_case"],
    ["le", "reserved"],
    ["quantile", "reserved"],
    ["instance", "reserved"],
    ["job", "reserved"],
    ["service", "constant label"],
    ["instance_name", "constant label"],
    ["version", "constant label"],
  ])("rejects %s (%s)", (label, why) => {
    expect(() => validateLabelName("m_total", label)).toThrow(why);
  });
});
