/**
 * A real Prometheus (2.42) scrapes the adapter over HTTP. Prometheus asks for OpenMetrics first, and its
 * OpenMetrics parser fails the whole scrape on any grammar error (missing # EOF, a UNIT that is not the name's
 * suffix, a counter sample without _total, a bad escape), so `up == 1` plus the stored series prove the
 * OpenMetrics output is valid where promtool cannot tell (see promtool.test.ts).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type PromSample, prometheusAvailable, type RunningPrometheus, startPrometheus } from "@tse/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { negotiateFormat, OPENMETRICS_CONTENT_TYPE } from "./index.js";
import { AWKWARD_VALUE, createSampleMetrics, SAMPLE_CONSTANT_LABELS } from "./test-support/sample-metrics.js";

describe.skipIf(!prometheusAvailable())("a real Prometheus scraping the adapter", () => {
  const metrics = createSampleMetrics({ helpWithQuotes: true });
  const served: { accept: string | undefined; contentType: string | undefined; encoding: string | undefined }[] = [];
  let server: Server;
  let prom: RunningPrometheus;

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url !== "/metrics") {
        res.writeHead(404).end();
        return;
      }
      metrics
        .scrape({ accept: req.headers.accept, acceptEncoding: req.headers["accept-encoding"] })
        .then((r) => {
          served.push({ accept: req.headers.accept, contentType: r.headers["Content-Type"], encoding: r.headers["Content-Encoding"] });
          res.writeHead(r.status, r.headers).end(r.body);
        })
        .catch((err: unknown) => res.writeHead(500).end(String(err)));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    prom = await startPrometheus([{ job: "adapter", target: `127.0.0.1:${port}` }]);
    await prom.waitForScrapes(2);
  }, 60_000);

  afterAll(async () => {
    await prom?.stop();
    await new Promise((resolve) => server?.close(resolve));
  });

  it("was served OpenMetrics, gzipped, because Prometheus asked for it", () => {
    expect(served.length).toBeGreaterThanOrEqual(2);
    for (const s of served) {
      expect(negotiateFormat(s.accept)).toBe("openmetrics");
      expect(s.contentType).toBe(OPENMETRICS_CONTENT_TYPE);
      expect(s.encoding).toBe("gzip");
    }
  });

  it("ingested every scrape (a single OpenMetrics error would make up 0)", async () => {
    const up = await prom.query('up{job="adapter"}');
    expect(up.map((r: PromSample) => r.value[1])).toEqual(["1"]);
    const samples = await prom.query('scrape_samples_scraped{job="adapter"}');
    expect(Number(samples[0]?.value[1])).toBeGreaterThan(50);
  });

  it("stored port metrics with constant labels, counters under their _total names", async () => {
    const [orders] = await prom.query('exchange_orders_total{symbol="BTC-USD",side="BUY"}');
    expect(orders?.metric).toMatchObject({ ...SAMPLE_CONSTANT_LABELS, job: "adapter" });
    expect(orders?.value[1]).toBe("3");
    const [busy] = await prom.query("exchange_busy_seconds_total");
    expect(busy?.value[1]).toBe("1.25");
    const [cpu] = await prom.query("process_cpu_seconds_total");
    expect(cpu?.metric).toMatchObject(SAMPLE_CONSTANT_LABELS);
  });

  it("round-trips escaped label values and the overflow series", async () => {
    const [awkward] = await prom.query("exchange_awkward_total");
    expect(awkward?.metric.v).toBe(AWKWARD_VALUE);
    const rejects = await prom.query("exchange_rejects_total");
    expect(rejects.map((r: PromSample) => r.metric.reason).sort()).toEqual(["_overflow", "a", "b"]);
  });

  it("stored histogram buckets under OpenMetrics' canonical le spelling, +Inf equal to _count", async () => {
    const buckets = await prom.query('exchange_match_duration_seconds_bucket{symbol="BTC-USD"}');
    const byLe = Object.fromEntries(buckets.map((b: PromSample) => [b.metric.le, b.value[1]]));
    expect(byLe).toEqual({ "0.0001": "1", "0.005": "2", "1.0": "3", "10.0": "4", "1e+06": "4", "+Inf": "5" });
    const [count] = await prom.query('exchange_match_duration_seconds_count{symbol="BTC-USD"}');
    expect(count?.value[1]).toBe("5");
  });

  it("never made Prometheus rename a target label (no exported_instance / exported_job)", async () => {
    const names = await prom.labelNames();
    expect(names).not.toContain("exported_instance");
    expect(names).not.toContain("exported_job");
    expect(names).toEqual(expect.arrayContaining(["service", "instance_name", "version"]));
  });
});
