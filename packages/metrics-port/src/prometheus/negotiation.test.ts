import { describe, expect, it } from "vitest";
import { acceptsGzip, negotiateFormat, OPENMETRICS_CONTENT_TYPE, TEXT_CONTENT_TYPE } from "./negotiation.js";

describe("negotiateFormat", () => {
  it.each([
    // [Accept, expected, why]
    [undefined, "text", "no header"],
    [null, "text", "null header"],
    ["", "text", "empty header"],
    ["*/*", "text", "anything goes: the default"],
    ["text/plain", "text", "plain text"],
    ["text/plain;version=0.0.4", "text", "versioned text"],
    ["text/*", "text", "text wildcard"],
    ["application/openmetrics-text", "openmetrics", "openmetrics without version"],
    ["application/openmetrics-text; version=1.0.0; charset=utf-8", "openmetrics", "openmetrics 1.0.0 with spaces"],
    ["application/openmetrics-text;version=0.0.1", "openmetrics", "openmetrics 0.0.1 is read by the same parser"],
    ["application/openmetrics-text;version=2.0.0", "text", "unknown future version: not assumed compatible"],
    ["APPLICATION/OpenMetrics-Text;VERSION=1.0.0", "openmetrics", "case-insensitive"],
    [
      "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1",
      "openmetrics",
      "Prometheus 2.x scrape header",
    ],
    [
      "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.7,text/plain;version=0.0.4;q=0.3,*/*;q=0.2",
      "text",
      "protobuf preferred but unsupported: next best",
    ],
    ["text/plain;q=0.9, application/openmetrics-text;q=0.5", "text", "higher q wins regardless of order"],
    ["application/openmetrics-text;q=0.5, text/plain;q=0.9", "text", "higher q wins regardless of order (reversed)"],
    ["application/openmetrics-text;q=0.2, */*;q=0.8", "text", "wildcard with higher q beats a specific type"],
    ["*/*;q=0.5, application/openmetrics-text;q=0.5", "openmetrics", "tie: the more specific range wins"],
    ["application/openmetrics-text, text/plain", "openmetrics", "tie of equal specificity: listed first wins"],
    ["text/plain, application/openmetrics-text", "text", "tie of equal specificity: listed first wins (reversed)"],
    ["application/*", "openmetrics", "application wildcard can only mean openmetrics here"],
    ["application/openmetrics-text;q=0", "text", "q=0 means not acceptable"],
    ["application/openmetrics-text;q=banana, text/plain;q=0.1", "text", "a malformed q ignores that range"],
    ["application/json", "text", "nothing acceptable: fall back to text rather than fail the scrape"],
    ["garbage", "text", "unparsable"],
    ['application/openmetrics-text;version="1.0.0";q=0.9', "openmetrics", "quoted parameter value"],
  ] as const)("%j → %s (%s)", (accept, expected, _why) => {
    expect(negotiateFormat(accept)).toBe(expected);
  });
});

describe("acceptsGzip", () => {
  it.each([
    [undefined, false],
    ["", false],
    ["gzip", true],
    ["gzip, deflate, br", true],
    ["GZIP", true],
    ["x-gzip", true],
    ["deflate", false],
    ["gzip;q=0", false],
    ["gzip;q=0.5", true],
    ["*", true],
    ["*;q=0", false],
    ["gzip;q=0, *", false],
    ["identity", false],
    ["br;q=1.0, gzip;q=0.8, *;q=0.1", true],
  ] as const)("%j → %s", (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });
});

it("content types carry the format version and charset", () => {
  expect(TEXT_CONTENT_TYPE).toBe("text/plain; version=0.0.4; charset=utf-8");
  expect(OPENMETRICS_CONTENT_TYPE).toBe("application/openmetrics-text; version=1.0.0; charset=utf-8");
});
