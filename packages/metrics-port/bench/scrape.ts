/**
 * Scrape cost at high cardinality: one 14-bucket histogram family with 10,000 label sets (~170k sample lines,
 * ~15 MB of text), served the way Prometheus asks for it (gzip): our adapter's `scrape()` vs prom-client's
 * `registry.metrics()` + gzip. Reports total time and the worst event-loop stall during the scrape — the stall
 * is what delays every request the process is serving while Prometheus scrapes it.
 *
 * The stall is measured with a setImmediate gap ticker: each turn of the loop records the time since the
 * previous turn, and the gap still open when the scrape finishes counts too. (monitorEventLoopDelay samples
 * with a timer and misses a block that starts and ends between its samples.)
 */
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { Histogram as PromHistogram, Registry } from "prom-client";
import { defineHistogram } from "../src/index.js";
import { createPrometheusMetrics } from "../src/prometheus/index.js";

const SERIES = 10_000;
const gzipAsync = promisify(gzip);
const labelsFor = (i: number) => ({ route: `/r/${i % 100}`, code: String(200 + (i % 5)), shard: `s${Math.floor(i / 500)}` });

async function measure(scrape: () => Promise<Uint8Array>) {
  let last = performance.now();
  let worst = 0;
  let running = true;
  const tick = () => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  const start = performance.now();
  const body = await scrape();
  const end = performance.now();
  running = false;
  worst = Math.max(worst, end - last);
  return { totalMs: end - start, worstStallMs: worst, bytes: body.byteLength };
}

export async function benchScrape({ repeats, log }: { repeats: number; log: (s: string) => void }) {
  const ours = createPrometheusMetrics({
    constantLabels: { service: "bench", instance_name: "bench", version: "0.0.0" },
    runtimeMetrics: false,
  });
  const hist = ours.histogram(
    defineHistogram({ name: "bench_request_duration_seconds", help: "bench", unit: "seconds", labelNames: ["route", "code", "shard"], maxSeries: SERIES }),
  );
  const registry = new Registry();
  const peer = new PromHistogram({
    name: "bench_request_duration_seconds",
    help: "bench",
    labelNames: ["route", "code", "shard"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
    registers: [registry],
  });
  for (let i = 0; i < SERIES; i++) {
    const v = (i % 97) / 100;
    hist.observe(labelsFor(i), v);
    peer.observe(labelsFor(i), v);
  }
  const results: { variant: string; totalMs: number; worstStallMs: number; bytes: number }[] = [];
  for (let r = 0; r < repeats; r++) {
    for (const [variant, render] of [
      ["ours", async () => (await ours.scrape({ accept: "text/plain;version=0.0.4", acceptEncoding: "gzip" })).body],
      ["prom-client registry.metrics() + gzip", async () => gzipAsync(await registry.metrics())],
    ] as const) {
      const m = await measure(render);
      results.push({ variant, ...m });
      await new Promise((r) => setTimeout(r, 50)); // let GC from the previous render settle
      log(`  scrape round ${r + 1}/${repeats} ${variant.padEnd(30)} total ${m.totalMs.toFixed(0)} ms, worst stall ${m.worstStallMs.toFixed(1)} ms`);
    }
  }
  const summarize = (variant: string) => {
    const rs = results.filter((x) => x.variant === variant);
    const med = (k: "totalMs" | "worstStallMs") => [...rs.map((x) => x[k])].sort((a, b) => a - b)[rs.length >> 1]!;
    return { variant, totalMs: med("totalMs"), worstStallMs: med("worstStallMs"), maxStallMs: Math.max(...rs.map((x) => x.worstStallMs)), bytes: rs[0]!.bytes };
  };
  return [summarize("ours"), summarize("prom-client registry.metrics() + gzip")];
}
