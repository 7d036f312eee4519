/**
 * One scrape variant in its own process, so one variant's garbage (prom-client leaves a ~5 MB string and
 * ~170k objects per scrape) is never collected during the other's measurement. Builds the 10,000-series
 * histogram family, scrapes twice unmeasured (JIT, first-render label escaping), then answers each "measure"
 * message with one measured scrape.
 *   ours         — our adapter's scrape(), gzip (as Prometheus asks)
 *   prom-client  — prom-client's registry.metrics() + gzip
 *   idle         — no scrape, only the stall meter for 50 ms: the machine's own noise floor
 * Usage (forked by scrape.ts): scrape-worker.ts <variant>
 */
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { Histogram as PromHistogram, Registry } from "prom-client";
import { defineHistogram } from "../src/index.js";
import { createPrometheusMetrics } from "../src/prometheus/index.js";
import { measureStalls } from "./stall-meter.js";

export const SERIES = 10_000;
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
const IDLE_MS = 50;
const gzipAsync = promisify(gzip);
const labelsFor = (i: number) => ({ route: `/r/${i % 100}`, code: String(200 + (i % 5)), shard: `s${Math.floor(i / 500)}` });
const valueFor = (i: number) => (i % 97) / 100;

function ours(): () => Promise<Uint8Array> {
  const metrics = createPrometheusMetrics({
    constantLabels: { service: "bench", instance_name: "bench", version: "0.0.0" },
    runtimeMetrics: false,
  });
  const hist = metrics.histogram(
    defineHistogram({
      name: "bench_request_duration_seconds",
      help: "bench",
      unit: "seconds",
      labelNames: ["route", "code", "shard"],
      buckets: BUCKETS,
      maxSeries: SERIES,
    }),
  );
  for (let i = 0; i < SERIES; i++) hist.observe(labelsFor(i), valueFor(i));
  return async () => (await metrics.scrape({ accept: "text/plain;version=0.0.4", acceptEncoding: "gzip" })).body;
}

function promClient(): () => Promise<Uint8Array> {
  const registry = new Registry();
  // The same constant labels as ours, so both documents carry the same series.
  registry.setDefaultLabels({ service: "bench", instance_name: "bench", version: "0.0.0" });
  const hist = new PromHistogram({
    name: "bench_request_duration_seconds",
    help: "bench",
    labelNames: ["route", "code", "shard"],
    buckets: BUCKETS,
    registers: [registry],
  });
  for (let i = 0; i < SERIES; i++) hist.observe(labelsFor(i), valueFor(i));
  return async () => gzipAsync(await registry.metrics());
}

const idle = () => async () => {
  await sleep(IDLE_MS);
  return new Uint8Array();
};

const variant = process.argv[2];
const scrape = variant === "ours" ? ours() : variant === "prom-client" ? promClient() : variant === "idle" ? idle() : undefined;
if (scrape === undefined) throw new Error(`unknown scrape variant ${variant}`);
// Warm-up, unmeasured: the first scrapes compile the render path and build each series' cached line heads
// (ours) — a cost paid once per process, not per scrape. Same for every variant.
const WARM_UP_SCRAPES = 2;
for (let i = 0; i < WARM_UP_SCRAPES; i++) await scrape();
process.on("message", async (m) => {
  if (m !== "measure") return;
  const { result, ...measurement } = await measureStalls(scrape);
  process.send?.({ ...measurement, bytes: result.byteLength });
});
process.send?.("ready");
