import { gunzipSync } from "node:zlib";
import { promtoolAvailable, promtoolCheckMetrics } from "@tse/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { OVERFLOW_LABEL_VALUE } from "../create-metrics.js";
import { defineCounter, defineGauge, defineHistogram } from "../descriptors.js";
import type { PortLogger } from "../port.js";
import { createOtelMetrics, type OtelMetrics } from "./index.js";
import { labelNamesOf, parseExposition, sampleValue } from "./test-support/exposition.js";

const constantLabels = { service: "exchange-simulator", instance_name: "exchange-sim-001", version: "1.2.3" };
const CONSTANT = ["instance_name", "service", "version"];

const open: OtelMetrics[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((m) => m.shutdown()));
});

function recordingLogger() {
  const warnings: Array<{ fields: Record<string, unknown>; message: string }> = [];
  const logger: PortLogger = { warn: (fields, message) => warnings.push({ fields, message }) };
  return { logger, warnings };
}

function otel(logger: PortLogger = recordingLogger().logger): OtelMetrics {
  const m = createOtelMetrics({ constantLabels, logger });
  open.push(m);
  return m;
}

async function scrapeText(m: OtelMetrics): Promise<string> {
  const r = await m.scrape({});
  expect(r.status).toBe(200);
  return Buffer.from(r.body).toString("utf8");
}

const scrape = async (m: OtelMetrics) => parseExposition(await scrapeText(m));

const orders = defineCounter({ name: "exchange_orders_total", help: "Orders accepted.", labelNames: ["symbol", "side"] });
const ticks = defineCounter({ name: "exchange_ticks_total", help: "Ticks." });
const depth = defineGauge({ name: "exchange_book_depth", help: "Resting orders.", labelNames: ["symbol"] });
const halted = defineGauge({ name: "exchange_halted", help: "1 while trading is halted." });
const latency = defineHistogram({
  name: "exchange_match_duration_seconds",
  help: "Matching time.",
  unit: "seconds",
  labelNames: ["symbol"],
  buckets: [0.001, 0.01, 0.1, 1],
});

describe("createOtelMetrics: counters", () => {
  it("scrapes under the Prometheus name with the port's label names plus the constant labels", async () => {
    const m = otel();
    const c = m.counter(orders);
    c.inc({ symbol: "BTC-USD", side: "BUY" });
    c.inc({ symbol: "BTC-USD", side: "BUY" }, 2.5);
    c.bind({ symbol: "ETH-USD", side: "SELL" }).inc();

    const f = (await scrape(m)).get("exchange_orders_total");
    expect(f?.type).toBe("counter");
    expect(f?.help).toBe("Orders accepted.");
    expect(labelNamesOf(f!)).toEqual(["side", "symbol", ...CONSTANT].sort());
    const families = await scrape(m);
    expect(sampleValue(families, "exchange_orders_total", { symbol: "BTC-USD", side: "BUY", ...constantLabels })).toBe(3.5);
    expect(sampleValue(families, "exchange_orders_total", { symbol: "ETH-USD", side: "SELL" })).toBe(1);
  });

  it("is cumulative across scrapes, not reset by a collection", async () => {
    const m = otel();
    const t = m.counter(ticks).bind();
    t.inc();
    await scrape(m);
    t.inc(2);
    expect(sampleValue(await scrape(m), "exchange_ticks_total")).toBe(3);
  });

  it("exports a label-less counter as 0 from its declaration, and a bound series as 0 before its first inc", async () => {
    const m = otel();
    m.counter(ticks);
    m.counter(orders).bind({ symbol: "SOL-USD", side: "BUY" });
    const families = await scrape(m);
    expect(sampleValue(families, "exchange_ticks_total", constantLabels)).toBe(0);
    expect(sampleValue(families, "exchange_orders_total", { symbol: "SOL-USD" })).toBe(0);
  });
});

describe("createOtelMetrics: gauges", () => {
  it("exports set/inc/dec as the current value at scrape time", async () => {
    const m = otel();
    const g = m.gauge(depth);
    g.set({ symbol: "BTC-USD" }, 10);
    g.inc({ symbol: "BTC-USD" }, 5);
    g.dec({ symbol: "BTC-USD" });
    const bound = g.bind({ symbol: "ETH-USD" });
    bound.set(-2.5);

    let families = await scrape(m);
    const f = families.get("exchange_book_depth");
    expect(f?.type).toBe("gauge");
    expect(labelNamesOf(f!)).toEqual(["symbol", ...CONSTANT].sort());
    expect(sampleValue(families, "exchange_book_depth", { symbol: "BTC-USD", ...constantLabels })).toBe(14);
    expect(sampleValue(families, "exchange_book_depth", { symbol: "ETH-USD" })).toBe(-2.5);

    bound.set(7);
    families = await scrape(m);
    expect(sampleValue(families, "exchange_book_depth", { symbol: "ETH-USD" })).toBe(7);
  });

  it("exports a label-less gauge as 0 from its declaration", async () => {
    const m = otel();
    m.gauge(halted);
    expect(sampleValue(await scrape(m), "exchange_halted", constantLabels)).toBe(0);
  });

  it("runs onCollect callbacks before collecting, so values set there are in the same scrape", async () => {
    const m = otel();
    const g = m.gauge(halted).bind();
    let calls = 0;
    m.onCollect(() => {
      calls += 1;
      g.set(calls);
    });
    expect(sampleValue(await scrape(m), "exchange_halted")).toBe(1);
    expect(sampleValue(await scrape(m), "exchange_halted")).toBe(2);
  });
});

describe("createOtelMetrics: histograms", () => {
  it("uses the declared buckets as `le` boundaries, cumulative, with +Inf, _sum and _count", async () => {
    const m = otel();
    const h = m.histogram(latency);
    for (const v of [0.0005, 0.005, 0.05, 0.05, 0.5, 5]) h.observe({ symbol: "BTC-USD" }, v);

    const families = await scrape(m);
    const f = families.get("exchange_match_duration_seconds")!;
    expect(f.type).toBe("histogram");
    expect(labelNamesOf(f)).toEqual(["symbol", ...CONSTANT].sort());
    const buckets = f.samples.filter((s) => s.name === "exchange_match_duration_seconds_bucket");
    expect(buckets.map((s) => s.labels.le)).toEqual(["0.001", "0.01", "0.1", "1", "+Inf"]);
    expect(buckets.map((s) => s.value)).toEqual([1, 2, 4, 5, 6]);
    for (const b of buckets) expect(b.labels).toMatchObject({ symbol: "BTC-USD", ...constantLabels });
    expect(sampleValue(families, "exchange_match_duration_seconds_count", { symbol: "BTC-USD" })).toBe(6);
    expect(sampleValue(families, "exchange_match_duration_seconds_sum", { symbol: "BTC-USD" })).toBeCloseTo(5.6055, 10);
  });

  it("uses the port's default latency buckets (5 ms … 10 s) when none are declared", async () => {
    const m = otel();
    m.histogram(defineHistogram({ name: "job_duration_seconds", help: "Job time.", unit: "seconds" })).observe({}, 0.2);
    const f = (await scrape(m)).get("job_duration_seconds")!;
    const les = f.samples.filter((s) => s.name.endsWith("_bucket")).map((s) => s.labels.le);
    expect(les).toEqual(["0.005", "0.01", "0.025", "0.05", "0.075", "0.1", "0.25", "0.5", "0.75", "1", "2.5", "5", "7.5", "10", "+Inf"]);
  });

  it("exports a bound but unobserved series (and a label-less histogram) with zero buckets, as prom-client does", async () => {
    const m = otel();
    m.histogram(defineHistogram({ name: "job_duration_seconds", help: "Job time.", unit: "seconds", buckets: [1, 2] }));
    const h = m.histogram(latency);
    h.bind({ symbol: "BTC-USD" });
    let families = await scrape(m);
    for (const [name, labels] of [
      ["job_duration_seconds", constantLabels],
      ["exchange_match_duration_seconds", { symbol: "BTC-USD", ...constantLabels }],
    ] as const) {
      const f = families.get(name)!;
      expect(f.type).toBe("histogram");
      expect(f.help).not.toBe("");
      expect(f.samples.filter((s) => s.name === `${name}_bucket`).every((s) => s.value === 0)).toBe(true);
      expect(f.samples.filter((s) => s.name === `${name}_bucket`).at(-1)?.labels.le).toBe("+Inf");
      expect(sampleValue(families, `${name}_count`, labels)).toBe(0);
      expect(sampleValue(families, `${name}_sum`, labels)).toBe(0);
    }
    // The first observation hands the series over to the SDK: one series, counting from the observation.
    h.observe({ symbol: "BTC-USD" }, 0.05);
    families = await scrape(m);
    expect(sampleValue(families, "exchange_match_duration_seconds_count", { symbol: "BTC-USD" })).toBe(1);
    expect(families.get("exchange_match_duration_seconds")?.samples).toHaveLength(7);
  });

  it("drops a removed unobserved series, and never lists a removed-then-rebound series twice", async () => {
    const m = otel();
    const h = m.histogram(latency);
    h.bind({ symbol: "NEVER" });
    h.remove({ symbol: "NEVER" });
    h.observe({ symbol: "BTC-USD" }, 0.05);
    await scrape(m);
    h.remove({ symbol: "BTC-USD" });
    h.bind({ symbol: "BTC-USD" });
    const families = await scrape(m);
    expect(families.get("exchange_match_duration_seconds")?.samples.filter((s) => s.labels.symbol === "NEVER")).toEqual([]);
    expect(sampleValue(families, "exchange_match_duration_seconds_count", { symbol: "BTC-USD" })).toBe(1);
  });

  it("reports once that negative observations are dropped (OTel histograms take values ≥ 0 only)", async () => {
    const { logger, warnings } = recordingLogger();
    const m = otel(logger);
    const h = m.histogram(latency).bind({ symbol: "BTC-USD" });
    h.observe(-1);
    h.observe(-2);
    h.observe(0.5);
    expect(sampleValue(await scrape(m), "exchange_match_duration_seconds_count", { symbol: "BTC-USD" })).toBe(1);
    expect(warnings.filter((w) => w.message.includes("negative observations"))).toHaveLength(1);
  });
});

describe("createOtelMetrics: exposition", () => {
  async function fullScrape() {
    const m = otel();
    m.counter(orders).inc({ symbol: 'we"ird\\sym\nbol', side: "BUY" });
    m.counter(ticks).bind().inc();
    m.gauge(depth).set({ symbol: "BTC-USD" }, 3);
    m.gauge(halted);
    m.histogram(latency).observe({ symbol: "BTC-USD" }, 0.02);
    m.histogram(latency).bind({ symbol: "ETH-USD" });
    return { m, text: await scrapeText(m) };
  }

  it("puts the constant labels on every series and no OTel scope labels or target_info anywhere", async () => {
    const { text } = await fullScrape();
    const families = parseExposition(text);
    expect(families.has("target_info")).toBe(false);
    expect(text).not.toContain("otel_scope");
    expect(text).not.toContain("# UNIT");
    let samples = 0;
    for (const f of families.values()) {
      for (const s of f.samples) {
        samples += 1;
        expect(s.labels, `${s.name}`).toMatchObject(constantLabels);
      }
    }
    expect(samples).toBeGreaterThan(10);
  });

  it("omits a labelled family that has no series yet (the Prometheus adapter prints HELP/TYPE only)", async () => {
    const m = otel();
    m.counter(orders);
    m.gauge(depth);
    m.histogram(latency);
    const families = await scrape(m);
    for (const name of ["exchange_orders_total", "exchange_book_depth", "exchange_match_duration_seconds"]) {
      expect(families.has(name), name).toBe(false);
    }
  });

  it("escapes label values so they read back unchanged", async () => {
    const { text } = await fullScrape();
    expect(sampleValue(parseExposition(text), "exchange_orders_total", { symbol: 'we"ird\\sym\nbol' })).toBe(1);
  });

  it.skipIf(!promtoolAvailable())("passes `promtool check metrics`", async () => {
    const { text } = await fullScrape();
    const verdict = promtoolCheckMetrics(text);
    expect(verdict.output).toBe("");
    expect(verdict.ok).toBe(true);
  });

  it("answers a versioned text Content-Type, gzipped when accepted", async () => {
    const { m, text } = await fullScrape();
    const r = await m.scrape({ acceptEncoding: "gzip, deflate" });
    expect(r.headers).toMatchObject({
      "Content-Type": "text/plain; version=0.0.4; charset=utf-8",
      "Content-Encoding": "gzip",
      Vary: "Accept-Encoding",
    });
    // Every family of the uncompressed scrape is there (values such as uptime may have moved, and a family
    // can appear in between: nodejs_gc_duration_seconds gets its first series at the first GC).
    const unzipped = parseExposition(gunzipSync(r.body).toString("utf8"));
    const plain = parseExposition(text);
    expect([...plain.keys()].filter((name) => !unzipped.has(name))).toEqual([]);
    expect(sampleValue(unzipped, "exchange_ticks_total")).toBe(1);
  });

  it("answers text 0.0.4 when OpenMetrics is preferred (the OTel serializer cannot write OpenMetrics)", async () => {
    const m = otel();
    const r = await m.scrape({
      accept: "application/openmetrics-text;version=1.0.0;q=0.9,text/plain;version=0.0.4;q=0.5,*/*;q=0.1",
    });
    expect(r.status).toBe(200);
    expect(r.headers["Content-Type"]).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(Buffer.from(r.body).toString("utf8")).not.toContain("# EOF");
  });
});

describe("createOtelMetrics: cardinality", () => {
  it("never lets the SDK's own limit (2000 per instrument) hide the port's series", async () => {
    const m = otel();
    const wide = m.counter(
      defineCounter({ name: "wide_events_total", help: "Many series.", labelNames: ["key"], maxSeries: 2100 }),
    );
    for (let i = 0; i < 2100; i++) wide.inc({ key: `k${i}` });
    const text = await scrapeText(m);
    expect(text).not.toContain("otel_metric_overflow");
    expect(parseExposition(text).get("wide_events_total")?.samples).toHaveLength(2100);
  });

  it("shows the port's overflow series beyond maxSeries, with the port's label names", async () => {
    const { logger, warnings } = recordingLogger();
    const m = otel(logger);
    const c = m.counter(defineCounter({ name: "narrow_events_total", help: "Few series.", labelNames: ["key"], maxSeries: 2 }));
    for (const key of ["a", "b", "c", "d"]) c.inc({ key });
    const families = await scrape(m);
    expect(families.get("narrow_events_total")?.samples).toHaveLength(3);
    expect(sampleValue(families, "narrow_events_total", { key: OVERFLOW_LABEL_VALUE })).toBe(2);
    expect(warnings).toHaveLength(1);
  });
});

describe("createOtelMetrics: runtime series", () => {
  it("emits uptime_seconds, service_starts_total and process_start_time_seconds through the port", async () => {
    const m = otel();
    const families = await scrape(m);
    expect(families.get("uptime_seconds")?.type).toBe("gauge");
    expect(families.get("service_starts_total")?.type).toBe("counter");
    expect(families.get("process_start_time_seconds")?.type).toBe("gauge");
    expect(sampleValue(families, "service_starts_total", constantLabels)).toBe(1);
    const uptime = sampleValue(families, "uptime_seconds", constantLabels);
    expect(uptime).toBeGreaterThan(0);
    expect(uptime).toBeLessThan(process.uptime());
    const started = sampleValue(families, "process_start_time_seconds", constantLabels);
    expect(Math.abs(started - (Date.now() / 1000 - process.uptime()))).toBeLessThan(2);
    for (const name of ["uptime_seconds", "service_starts_total", "process_start_time_seconds"]) {
      expect(labelNamesOf(families.get(name)!)).toEqual(CONSTANT);
    }
  });

  it("refreshes uptime on every scrape", async () => {
    const m = otel();
    const first = sampleValue(await scrape(m), "uptime_seconds");
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(sampleValue(await scrape(m), "uptime_seconds")).toBeGreaterThan(first);
  });
});

describe("createOtelMetrics: lifecycle and validation", () => {
  it("refuses missing or unknown constant labels with a clear error", () => {
    expect(() => createOtelMetrics({ constantLabels: { ...constantLabels, version: "" } })).toThrow(
      'constant label "version" must be a non-empty string',
    );
    expect(() =>
      createOtelMetrics({ constantLabels: { ...constantLabels, job: "x" } as unknown as typeof constantLabels }),
    ).toThrow("unknown constant labels: job");
  });

  it("exposes the MeterProvider, whose other meters join the scrape", async () => {
    const m = otel();
    m.meterProvider.getMeter("extra").createCounter("extra_things", { description: "Extra." }).add(4);
    expect(sampleValue(await scrape(m), "extra_things_total", constantLabels)).toBe(4);
  });

  it("answers 503 after shutdown, and shutdown is idempotent", async () => {
    const m = createOtelMetrics({ constantLabels, logger: recordingLogger().logger });
    await Promise.all([m.shutdown(), m.shutdown()]);
    const r = await m.scrape({});
    expect(r.status).toBe(503);
    expect(r.headers["Content-Type"]).toBe("text/plain; version=0.0.4; charset=utf-8");
  });

  it("keeps a counter `x_total` and a gauge `x` apart although both are OTel instrument `x`", async () => {
    const m = otel();
    m.counter(defineCounter({ name: "queue_items_total", help: "Items enqueued." })).inc({}, 5);
    m.gauge(defineGauge({ name: "queue_items", help: "Items waiting." })).set({}, 2);
    const families = await scrape(m);
    expect(families.get("queue_items_total")?.type).toBe("counter");
    expect(families.get("queue_items")?.type).toBe("gauge");
    expect(sampleValue(families, "queue_items_total")).toBe(5);
    expect(sampleValue(families, "queue_items")).toBe(2);
  });

  // Pins a documented difference from the Prometheus adapter: the SDK has no API to forget an attribute set,
  // so remove() cannot drop a series. If this starts failing, the SDK learned it — update docs/metrics.md.
  it("cannot drop a removed series: it stays exported with its last value", async () => {
    const m = otel();
    const c = m.counter(orders);
    c.inc({ symbol: "DELISTED", side: "BUY" }, 4);
    const g = m.gauge(depth);
    g.set({ symbol: "DELISTED" }, 9);
    await scrape(m);
    c.remove({ symbol: "DELISTED", side: "BUY" });
    g.remove({ symbol: "DELISTED" });
    const families = await scrape(m);
    expect(sampleValue(families, "exchange_orders_total", { symbol: "DELISTED" })).toBe(4);
    expect(sampleValue(families, "exchange_book_depth", { symbol: "DELISTED" })).toBe(9);
  });
});
