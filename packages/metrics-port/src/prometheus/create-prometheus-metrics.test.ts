import { gunzipSync } from "node:zlib";
import { Counter, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { OVERFLOW_LABEL_VALUE } from "../create-metrics.js";
import { defineCounter, defineGauge, defineHistogram } from "../descriptors.js";
import { MetricDeclarationError } from "../names.js";
import type { PortLogger } from "../port.js";
import {
  createPrometheusMetrics,
  DROPPED_RUNTIME_METRICS,
  OPENMETRICS_CONTENT_TYPE,
  type PrometheusMetricsOptions,
  TEXT_CONTENT_TYPE,
} from "./index.js";
import { parseExposition } from "./test-support/parse-exposition.js";

const constantLabels = { service: "exchange-simulator", instance_name: "exchange-sim-001", version: "1.2.3" };
const PROMETHEUS_ACCEPT =
  "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

function recordingLogger() {
  const warnings: { fields: Record<string, unknown>; message: string }[] = [];
  const logger: PortLogger = { warn: (fields, message) => void warnings.push({ fields, message }) };
  return { logger, warnings };
}

const create = (extra: Partial<PrometheusMetricsOptions> = {}) =>
  createPrometheusMetrics({ constantLabels, logger: recordingLogger().logger, ...extra });

const ordersTotal = defineCounter({ name: "exchange_orders_total", help: "Orders accepted", labelNames: ["symbol", "side"] });
const latency = defineHistogram({
  name: "exchange_match_duration_seconds",
  help: "Matching time",
  unit: "seconds",
  labelNames: ["symbol"],
  maxSeries: 20_000,
});

describe("options", () => {
  it("requires valid constant labels", () => {
    expect(() => createPrometheusMetrics({ constantLabels: { service: "s", instance_name: "", version: "1" } })).toThrow(
      MetricDeclarationError,
    );
    expect(() => createPrometheusMetrics(undefined as unknown as PrometheusMetricsOptions)).toThrow(/constantLabels/);
  });

  it("refuses a prefix: names are canonical", () => {
    expect(() => createPrometheusMetrics({ constantLabels, prefix: "my_" as never })).toThrow(/prefix/);
  });

  it("refuses an unknown render format", async () => {
    await expect(create({ runtimeMetrics: false }).render("json" as never)).rejects.toThrow(/format/);
  });
});

describe("the adapter", () => {
  it("records through the port and renders both formats from the same data", async () => {
    const m = create({ runtimeMetrics: false });
    m.counter(ordersTotal).inc({ symbol: "BTC-USD", side: "BUY" }, 2);
    m.histogram(latency).observe({ symbol: "BTC-USD" }, 0.003);
    const L = 'service="exchange-simulator",instance_name="exchange-sim-001",version="1.2.3"';
    const text = await m.render();
    expect(text).toContain(`exchange_orders_total{${L},symbol="BTC-USD",side="BUY"} 2\n`);
    expect(text).toContain(`exchange_match_duration_seconds_bucket{${L},symbol="BTC-USD",le="0.005"} 1\n`);
    const om = await m.render("openmetrics");
    expect(om).toContain("# TYPE exchange_orders counter\n");
    expect(om).toContain(`exchange_orders_total{${L},symbol="BTC-USD",side="BUY"} 2\n`);
    expect(om).toContain("# UNIT exchange_match_duration_seconds seconds\n");
    expect(om.endsWith("# EOF\n")).toBe(true);
  });

  it("keeps two adapters in one process apart (own registries, same metric names)", async () => {
    const a = create({ constantLabels: { ...constantLabels, instance_name: "a" } });
    const b = create({ constantLabels: { ...constantLabels, instance_name: "b" } });
    expect(a.registry).not.toBe(b.registry);
    a.counter(ordersTotal).inc({ symbol: "X", side: "BUY" }, 1);
    b.counter(ordersTotal).inc({ symbol: "X", side: "BUY" }, 7);
    const value = (doc: string) =>
      parseExposition(doc).samples.find((s) => s.name === "exchange_orders_total")!;
    const fromA = value(await a.render());
    const fromB = value(await b.render());
    expect([fromA.labels.instance_name, fromA.value]).toEqual(["a", "1"]);
    expect([fromB.labels.instance_name, fromB.value]).toEqual(["b", "7"]);
    for (const doc of [await a.render(), await b.render()]) {
      expect(parseExposition(doc).families.filter((f) => f.name === "process_start_time_seconds")).toHaveLength(1);
    }
  });

  it("stamps the constant labels on every sample, runtime metrics included, and never emits instance or job", async () => {
    const m = create();
    m.counter(ordersTotal).inc({ symbol: "ETH-USD", side: "SELL" });
    m.histogram(latency).observe({ symbol: "ETH-USD" }, 0.2);
    for (const format of ["text", "openmetrics"] as const) {
      const { samples } = parseExposition(await m.render(format));
      expect(samples.length).toBeGreaterThan(30);
      for (const s of samples) {
        expect(s.labels, s.line).toMatchObject(constantLabels);
        expect(Object.keys(s.labels), s.line).not.toContain("instance");
        expect(Object.keys(s.labels), s.line).not.toContain("job");
      }
    }
  });

  it("folds label sets beyond maxSeries into one overflow series, logged once", async () => {
    const { logger, warnings } = recordingLogger();
    const m = createPrometheusMetrics({ constantLabels, logger, runtimeMetrics: false });
    const c = m.counter(defineCounter({ name: "bounded_total", help: "Bounded", labelNames: ["k"], maxSeries: 2 }));
    for (const k of ["a", "b", "c", "d", "e"]) c.inc({ k });
    const samples = parseExposition(await m.render()).samples.filter((s) => s.name === "bounded_total");
    expect(samples.map((s) => [s.labels.k, s.value])).toEqual([
      ["a", "1"],
      ["b", "1"],
      [OVERFLOW_LABEL_VALUE, "3"],
    ]);
    expect(warnings.filter((w) => w.message.includes("bounded_total"))).toHaveLength(1);
  });

  it("scrapes text → OpenMetrics → text with identical text both times (prom-client's setContentType corruption)", async () => {
    const m = create({ runtimeMetrics: false });
    m.counter(ordersTotal).inc({ symbol: "BTC-USD", side: "BUY" }, 3);
    const body = async (accept: string) => Buffer.from((await m.scrape({ accept })).body).toString("utf8");
    const before = await body("text/plain;version=0.0.4");
    const om = await m.scrape({ accept: PROMETHEUS_ACCEPT });
    expect(om.headers["Content-Type"]).toBe(OPENMETRICS_CONTENT_TYPE);
    expect(Buffer.from(om.body).toString("utf8")).toContain("# TYPE exchange_orders counter\n");
    const after = await body("text/plain;version=0.0.4");
    expect(after).toBe(before);
    expect(after).toContain("# TYPE exchange_orders_total counter\nexchange_orders_total{");
    expect(await m.registry.metrics()).toContain("exchange_orders_total{"); // prom-client's own rendering untouched too
  });

  it("runs onCollect callbacks before every scrape", async () => {
    const m = create({ runtimeMetrics: false });
    const depth = m.gauge(defineGauge({ name: "book_depth", help: "Depth" }));
    let n = 0;
    m.onCollect(() => depth.set({}, ++n));
    await m.scrape({});
    const res = await m.scrape({});
    expect(Buffer.from(res.body).toString()).toMatch(/\nbook_depth\{[^}]*\} 2\n/);
  });

  it("serves concurrent scrapes complete, consistent documents", async () => {
    const m = create({ runtimeMetrics: false });
    const h = m.histogram(latency);
    const SERIES = 1_000;
    for (let i = 0; i < SERIES; i++) h.observe({ symbol: `S${i}` }, (i % 50) / 100);
    const requests = [
      { accept: "text/plain", acceptEncoding: "gzip" },
      { accept: PROMETHEUS_ACCEPT, acceptEncoding: "gzip" },
      { accept: undefined, acceptEncoding: undefined },
      { accept: PROMETHEUS_ACCEPT, acceptEncoding: undefined },
      { accept: "text/plain", acceptEncoding: "gzip" },
    ];
    // Keep recording while the scrapes are in flight, as a serving process would.
    let recording = true;
    const writer = (async () => {
      for (let i = 0; recording; i++) {
        h.observe({ symbol: `S${i % SERIES}` }, 0.01);
        if (i % 50 === 0) await new Promise((r) => setImmediate(r));
      }
    })();
    const responses = await Promise.all(requests.map((r) => m.scrape(r)));
    recording = false;
    await writer;
    responses.forEach((res, i) => {
      const gz = res.headers["Content-Encoding"] === "gzip";
      const body = (gz ? gunzipSync(res.body) : Buffer.from(res.body)).toString("utf8");
      const parsed = parseExposition(body);
      const om = res.headers["Content-Type"] === OPENMETRICS_CONTENT_TYPE;
      expect(om).toBe(requests[i]!.accept === PROMETHEUS_ACCEPT);
      expect(parsed.eof).toBe(om);
      const buckets = parsed.samples.filter((s) => s.name.endsWith("_bucket"));
      expect(buckets).toHaveLength(SERIES * 15);
      // Every series is internally consistent: +Inf == _count.
      const counts = new Map(parsed.samples.filter((s) => s.name.endsWith("_count")).map((s) => [s.labels.symbol, s.value]));
      expect(counts.size).toBe(SERIES);
      for (const b of buckets) if (b.labels.le === "+Inf") expect(b.value).toBe(counts.get(b.labels.symbol));
    });
  });

  it("lets the event loop run while rendering one family of 10,000 histogram series", async () => {
    const m = create({ runtimeMetrics: false });
    const h = m.histogram(latency);
    for (let i = 0; i < 10_000; i++) h.observe({ symbol: `S${i}` }, (i % 97) / 100);
    let ticks = 0;
    let rendering = true;
    const tick = () => {
      if (!rendering) return;
      ticks++;
      setImmediate(tick);
    };
    setImmediate(tick);
    const text = await m.render("text");
    rendering = false;
    // One family: yielding only between families would allow at most one tick here.
    expect(ticks).toBeGreaterThanOrEqual(3);
    const lines = text.split("\n");
    expect(lines.filter((l) => l !== "" && !l.startsWith("#"))).toHaveLength(10_000 * 17);
    expect(lines.at(-2)).toBe('exchange_match_duration_seconds_count{service="exchange-simulator",instance_name="exchange-sim-001",version="1.2.3",symbol="S9999"} 1');
  });
});

describe("runtime metrics", () => {
  it("adds process/Node metrics, uptime and starts; drops the promtool-failing *_total gauges", async () => {
    const m = create();
    const first = parseExposition(await m.render());
    const types = new Map(first.families.map((f) => [f.name, f.type]));
    for (const name of DROPPED_RUNTIME_METRICS) expect(types.has(name)).toBe(false);
    for (const [name, type] of types) if (type === "gauge") expect(name.endsWith("_total"), name).toBe(false);
    for (const name of ["nodejs_active_handles", "nodejs_active_requests", "nodejs_heap_size_used_bytes", "process_cpu_seconds_total"]) {
      expect(types.has(name), name).toBe(true);
    }
    expect(types.get("uptime_seconds")).toBe("gauge");
    expect(types.get("service_starts_total")).toBe("counter");
    expect(first.samples.filter((s) => s.name === "process_start_time_seconds")).toHaveLength(1);
    expect(first.samples.find((s) => s.name === "service_starts_total")?.value).toBe("1");
    const version = first.samples.find((s) => s.name === "nodejs_version_info");
    expect(version?.labels).toMatchObject({ version: "1.2.3", node_version: process.version });

    const uptime = (doc: string) => Number(parseExposition(doc).samples.find((s) => s.name === "uptime_seconds")?.value);
    const u1 = uptime(await m.render());
    const u2 = uptime(await m.render());
    expect(u1).toBeGreaterThan(0);
    expect(u2).toBeGreaterThan(u1);
  });

  it("can be turned off", async () => {
    const m = create({ runtimeMetrics: false });
    expect(await m.render()).toBe("");
    expect(await m.render("openmetrics")).toBe("# EOF\n");
  });

  it("owns its names: a port metric may not reuse one", () => {
    const m = create();
    expect(() => m.gauge(defineGauge({ name: "process_start_time_seconds", help: "dup", unit: "seconds" }))).toThrow(
      MetricDeclarationError,
    );
  });
});

describe("prom-client compatibility", () => {
  it("registry.getMetricsAsJSON() and registry.metrics() include the port's families with constant labels", async () => {
    const m = create();
    m.counter(ordersTotal).inc({ symbol: "BTC-USD", side: "BUY" }, 4);
    m.histogram(latency).observe({ symbol: "BTC-USD" }, 0.02);
    const json = await m.registry.getMetricsAsJSON();
    const orders = json.find((f) => f.name === "exchange_orders_total");
    expect(orders).toMatchObject({ type: "counter", help: "Orders accepted" });
    expect(orders?.values).toEqual([{ value: 4, labels: { symbol: "BTC-USD", side: "BUY", ...constantLabels } }]);
    const hist = json.find((f) => f.name === "exchange_match_duration_seconds");
    expect(hist?.values.find((v) => (v as { metricName?: string }).metricName?.endsWith("_count"))?.value).toBe(1);
    expect(json.some((f) => f.name === "process_cpu_seconds_total")).toBe(true);
    expect(await m.registry.metrics()).toMatch(/exchange_orders_total\{[^}]*service="exchange-simulator"[^}]*\} 4/);
  });

  it("renders prom-client metrics registered directly in the adapter's registry, with constant labels", async () => {
    const m = create({ runtimeMetrics: false });
    new Counter({ name: "legacy_jobs_total", help: "Jobs", registers: [m.registry] }).inc(2);
    const sample = parseExposition(await m.render()).samples.find((s) => s.name === "legacy_jobs_total");
    expect(sample?.labels).toEqual(constantLabels);
    expect(sample?.value).toBe("2");
  });

  it("leaves out (and reports) a prom-client metric whose collection fails, keeping the scrape alive", async () => {
    const { logger, warnings } = recordingLogger();
    const m = createPrometheusMetrics({ constantLabels, logger, runtimeMetrics: false });
    m.counter(ordersTotal).inc({ symbol: "A", side: "BUY" });
    new Counter({
      name: "broken_total",
      help: "Broken",
      registers: [m.registry],
      collect() {
        throw new Error("collector exploded");
      },
    });
    const res = await m.scrape({});
    const text = Buffer.from(res.body).toString();
    expect(res.status).toBe(200);
    expect(text).toContain("exchange_orders_total{");
    expect(text).not.toContain("broken_total");
    expect(warnings.some((w) => w.fields.metric === "broken_total" && String(w.fields.err).includes("exploded"))).toBe(true);
  });

  it("registry.resetMetrics() zeroes the port's series", async () => {
    const m = create({ runtimeMetrics: false });
    const c = m.counter(ordersTotal);
    c.inc({ symbol: "A", side: "BUY" }, 5);
    m.registry.resetMetrics();
    expect(await m.render()).toMatch(/exchange_orders_total\{[^}]*\} 0\n/);
  });

  it("never touches prom-client's global registry", async () => {
    const { register } = await import("prom-client");
    const before = register.getMetricsAsArray().length;
    create();
    expect(register.getMetricsAsArray().length).toBe(before);
    expect(new Registry().getMetricsAsArray()).toHaveLength(0);
  });
});

describe("scrape", () => {
  it("negotiates OpenMetrics for Prometheus' Accept header and gzips", async () => {
    const m = create();
    const res = await m.scrape({ accept: PROMETHEUS_ACCEPT, acceptEncoding: "gzip" });
    expect(res.headers).toMatchObject({
      "Content-Type": OPENMETRICS_CONTENT_TYPE,
      "Content-Encoding": "gzip",
      Vary: "Accept, Accept-Encoding",
    });
    const parsed = parseExposition(gunzipSync(res.body).toString("utf8"));
    expect(parsed.eof).toBe(true);
    expect(parsed.families.find((f) => f.name === "process_cpu_seconds")?.type).toBe("counter");
  });

  it("serves the same document gzip-compressed and uncompressed, and refuses gzip at q=0", async () => {
    const m = create({ runtimeMetrics: false });
    const h = m.histogram(latency);
    for (let i = 0; i < 2_000; i++) h.observe({ symbol: `S${i}-é` }, (i % 50) / 100);
    const zipped = await m.scrape({ acceptEncoding: "gzip" });
    const plain = await m.scrape({ acceptEncoding: "gzip;q=0, identity" });
    expect(zipped.headers["Content-Encoding"]).toBe("gzip");
    expect(plain.headers["Content-Encoding"]).toBeUndefined();
    expect(gunzipSync(zipped.body).equals(Buffer.from(plain.body))).toBe(true);
    expect(Buffer.from(plain.body).toString("utf8")).toBe(await m.render());
  });

  it("defaults to uncompressed text", async () => {
    const m = create();
    const res = await m.scrape({});
    expect(res.headers["Content-Type"]).toBe(TEXT_CONTENT_TYPE);
    expect(res.headers["Content-Encoding"]).toBeUndefined();
    expect(Buffer.from(res.body).toString()).toContain("# TYPE process_cpu_seconds_total counter\n");
  });
});
