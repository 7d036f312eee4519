/**
 * The OpenMetrics half of "`promtool check metrics` on the full /metrics output in both formats": promtool
 * cannot parse OpenMetrics (prometheus.integration.test.ts runs it and allows only its known misreading), so
 * the complete OpenMetrics output is also parsed by the reference strict parser (openmetrics-parser.ts).
 * Under CI a missing parser fails these tests; on a laptop they are skipped with a loud line.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defineCounter } from "../src/descriptors.js";
import { createPrometheusMetrics } from "../src/prometheus/index.js";
import { AWKWARD_VALUE, createSampleMetrics } from "../src/prometheus/test-support/sample-metrics.js";
import { checkOpenMetrics, openMetricsParserAvailable, type ParsedFamily } from "./openmetrics-parser.js";
import { echo, type SampleApp, startSampleApp } from "./sample-app.js";

const OPENMETRICS = "application/openmetrics-text;version=1.0.0";

/** Families as "name type", to compare with what the text declares. */
const typed = (families: ParsedFamily[]) => families.map((f) => `${f.name} ${f.type}`).sort();
const declared = (text: string) => [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => `${m[1]} ${m[2]}`).sort();

function parsed(text: string): ParsedFamily[] {
  const check = checkOpenMetrics(text);
  if (!check.ok) throw new Error(`the reference parser rejected the exposition: ${check.error}`);
  return check.families;
}

describe.skipIf(!openMetricsParserAvailable())("strict OpenMetrics syntax (reference parser)", () => {
  describe("on the complete /metrics output of the sample app", () => {
    const metrics = createPrometheusMetrics({ constantLabels: { service: "sample-service", instance_name: "sample-a", version: "1.2.3" } });
    let app: SampleApp;
    let body: string;

    beforeAll(async () => {
      // Escaping must hold up on the wire too: a help text and a label value with every character to escape.
      metrics
        .counter(defineCounter({ name: "sample_awkward_total", help: 'Escapes: back\\slash, "quoted", line\nfeed', labelNames: ["v"] }))
        .inc({ v: AWKWARD_VALUE });
      app = await startSampleApp(metrics);
      const base = `http://127.0.0.1:${app.httpPort}`;
      for (const path of ["/hello", "/api/users/1", "/api/admin/stats", "/boom", "/no/such/path"]) await fetch(`${base}${path}`);
      await echo(app, "hi");
      await echo(app, "missing");
      const res = await fetch(`${base}/metrics`, { headers: { accept: OPENMETRICS } });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/openmetrics-text; version=1.0.0; charset=utf-8");
      body = await res.text();
    });
    afterAll(() => app?.close());

    it("parses to the end (# EOF) without a syntax error", () => {
      expect(checkOpenMetrics(body)).toMatchObject({ ok: true });
    });

    it("yields every family the text declares, with its type: HTTP, gRPC, runtime and business metrics", () => {
      const families = parsed(body);
      expect(typed(families)).toEqual(declared(body));
      const byName = new Map(families.map((f) => [f.name, f]));
      for (const [name, type] of [
        ["http_requests", "counter"],
        ["http_request_errors", "counter"],
        ["http_request_duration_seconds", "histogram"],
        ["http_requests_in_flight", "gauge"],
        ["grpc_server_handled", "counter"],
        ["grpc_server_handling_seconds", "histogram"],
        ["process_cpu_seconds", "counter"],
        ["nodejs_heap_size_used_bytes", "gauge"],
        ["uptime_seconds", "gauge"],
        ["sample_awkward", "counter"],
      ] as const) {
        expect(byName.get(name), name).toMatchObject({ type });
        expect(byName.get(name)!.samples, name).toBeGreaterThan(0);
      }
      expect(byName.get("http_request_duration_seconds")!.unit).toBe("seconds");
    });
  });

  it("parses the exposition with every edge case (escapes, ±Inf, overflow series, odd buckets)", async () => {
    const text = await createSampleMetrics({ helpWithQuotes: true }).render("openmetrics");
    expect(text).toContain('\\"quoted\\"');
    expect(typed(parsed(text))).toEqual(declared(text));
  });

  describe("the checker itself can fail", () => {
    const VALID = '# TYPE orders counter\n# HELP orders Orders.\norders_total{side="buy"} 1\n# EOF\n';

    it("accepts a minimal valid text (the control)", () => {
      expect(checkOpenMetrics(VALID)).toEqual({ ok: true, families: [{ name: "orders", type: "counter", unit: "", samples: 1 }] });
    });

    it.each([
      ["no # EOF", VALID.replace("# EOF\n", ""), /EOF/],
      ["text after # EOF", `${VALID}orders_total 2\n`, /EOF/],
      ["an unterminated label value", VALID.replace('side="buy"', 'side="buy'), /label/i],
      ["a label name starting with a digit", VALID.replace('side="buy"', '1side="buy"'), /label/i],
      ["a counter sample without _total", VALID.replace("orders_total", "orders"), /orders/],
      ["a negative counter", VALID.replace("} 1", "} -1"), /negative|orders/i],
      ["a histogram without +Inf", '# TYPE d histogram\nd_bucket{le="1"} 1\nd_count 1\nd_sum 1\n# EOF\n', /Inf/],
      ["the text 0.0.4 format", "# TYPE orders_total counter\norders_total 1\n", /orders_total|EOF/],
    ])("rejects %s", (_what, text, error) => {
      const check = checkOpenMetrics(text);
      expect(check.ok).toBe(false);
      expect(check.ok ? "" : check.error).toMatch(error);
    });
  });
});
