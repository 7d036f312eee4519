import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { DEFAULT_SIZE_BUCKETS } from "../buckets.js";
import { createRecordingMetrics, type RecordingMetrics } from "../testing/index.js";
import { parseContentLength } from "./body-size.js";
import { httpMetrics } from "./http-metrics.js";

function sizedApp(): { app: Hono; metrics: RecordingMetrics } {
  const metrics = createRecordingMetrics();
  const app = new Hono();
  app.use(httpMetrics(metrics, { sizeHistograms: true }));
  app.post("/upload", async (c) => c.text(`got ${(await c.req.text()).length}`));
  app.get("/sized", () => new Response("0123456789", { headers: { "content-length": "10" } }));
  app.get("/text", (c) => c.text("no length header"));
  app.delete("/item/:id", (c) => c.body(null, 204));
  return { app, metrics };
}

const observations = (m: RecordingMetrics, name: string, labels: Record<string, string>) =>
  m.histogramSnapshot(name, labels).observations;

describe("parseContentLength", () => {
  it("accepts non-negative decimal integers only", () => {
    expect(parseContentLength("0")).toBe(0);
    expect(parseContentLength(" 1024 ")).toBe(1024);
    for (const bad of [null, undefined, "", "-1", "1.5", "1e3", "0x10", "12, 12", "99999999999999999999"]) {
      expect(parseContentLength(bad)).toBeUndefined();
    }
  });
});

describe("httpMetrics sizeHistograms", () => {
  it("is off by default: the size metrics are not even registered", () => {
    const metrics = createRecordingMetrics();
    httpMetrics(metrics);
    expect(metrics.get("http_request_size_bytes")).toBeUndefined();
    expect(metrics.get("http_response_size_bytes")).toBeUndefined();
  });

  it("registers both histograms with (method, route) labels and byte buckets", () => {
    const { metrics } = sizedApp();
    for (const name of ["http_request_size_bytes", "http_response_size_bytes"]) {
      const d = metrics.descriptors().find((x) => x.name === name);
      expect(d).toMatchObject({ kind: "histogram", unit: "bytes", labelNames: ["method", "route"], buckets: DEFAULT_SIZE_BUCKETS });
    }
  });

  it("observes request sizes from Content-Length, 0 without a body, nothing for chunked bodies", async () => {
    const { app, metrics } = sizedApp();
    await app.request("/upload", { method: "POST", body: "x".repeat(300), headers: { "content-length": "300" } });
    await app.request("/upload", { method: "POST", body: "abc", headers: { "transfer-encoding": "chunked" } });
    await app.request("/sized");
    expect(observations(metrics, "http_request_size_bytes", { method: "POST", route: "/upload" })).toEqual([300]);
    expect(observations(metrics, "http_request_size_bytes", { method: "GET", route: "/sized" })).toEqual([0]);
    metrics.expectCounter("http_requests_total", { route: "/upload" }).toBe(2); // both still counted
  });

  it("observes response sizes from Content-Length, 0 for HEAD and 204, nothing when unknown", async () => {
    const { app, metrics } = sizedApp();
    await app.request("/sized");
    await app.request("/sized", { method: "HEAD" });
    await app.request("/item/1", { method: "DELETE" });
    const text = await app.request("/text");
    expect(await text.text()).toBe("no length header"); // the body was not consumed by the middleware
    expect(observations(metrics, "http_response_size_bytes", { method: "GET", route: "/sized" })).toEqual([10]);
    expect(observations(metrics, "http_response_size_bytes", { method: "HEAD", route: "/sized" })).toEqual([0]);
    expect(observations(metrics, "http_response_size_bytes", { method: "DELETE", route: "/item/:id" })).toEqual([0]);
    expect(observations(metrics, "http_response_size_bytes", { route: "/text" })).toEqual([]);
  });

  it("labels sizes of unmatched requests with the unmatched value", async () => {
    const { app, metrics } = sizedApp();
    await app.request("/nope/1");
    await app.request("/nope/2");
    expect(metrics.histogramSnapshot("http_request_size_bytes", { route: "_unmatched" }).count).toBe(2);
    metrics.expectNoSeries("http_request_size_bytes", { route: "/nope/1" });
  });
});

describe("httpMetrics sizeHistograms when the error escapes the app", () => {
  it("observes the request size but no response size", async () => {
    const { app, metrics } = sizedApp();
    app.get("/weird", () => {
      throw "not an Error";
    });
    await expect(app.request("/weird")).rejects.toBe("not an Error");
    expect(observations(metrics, "http_request_size_bytes", { route: "/weird" })).toEqual([0]);
    expect(observations(metrics, "http_response_size_bytes", { route: "/weird" })).toEqual([]);
    metrics.expectCounter("http_requests_total", { route: "/weird", code: "500" }).toBe(1);
  });
});
