import { Counter, Gauge, Histogram, Registry, Summary } from "prom-client";
import { describe, expect, it } from "vitest";
import { loadForeignFamily } from "./foreign-family.js";
import type { ExpositionFormat } from "./negotiation.js";
import type { PromClientMetricLike } from "./port-families.js";

const CONSTANT = 'service="svc",instance_name="svc-a",version="1.0.0"';

async function render(metric: unknown, format: ExpositionFormat): Promise<string> {
  const family = await loadForeignFamily(metric as PromClientMetricLike, CONSTANT);
  const rows = family.snapshot();
  let out = family.header(format);
  for (let i = 0; i < rows.length; i++) out += rows.render(i, format);
  return out;
}

describe("prom-client metrics rendered by our renderer", () => {
  const registers = [new Registry()];

  it("counter: text keeps the name, OpenMetrics names the family without _total and infers the unit", async () => {
    const c = new Counter({ name: "work_seconds_total", help: "Work", labelNames: ["k"], registers });
    c.inc({ k: "a" }, 2);
    expect(await render(c, "text")).toBe(
      `# HELP work_seconds_total Work\n# TYPE work_seconds_total counter\nwork_seconds_total{${CONSTANT},k="a"} 2\n`,
    );
    expect(await render(c, "openmetrics")).toBe(
      `# TYPE work_seconds counter\n# UNIT work_seconds seconds\n# HELP work_seconds Work\nwork_seconds_total{${CONSTANT},k="a"} 2\n`,
    );
  });

  it("counter named without _total gets a _total sample in OpenMetrics", async () => {
    const c = new Counter({ name: "legacy_events", help: "Legacy", registers });
    c.inc();
    expect(await render(c, "text")).toContain(`\nlegacy_events{${CONSTANT}} 1\n`);
    expect(await render(c, "openmetrics")).toContain(`# TYPE legacy_events counter\n`);
    expect(await render(c, "openmetrics")).toContain(`\nlegacy_events_total{${CONSTANT}} 1\n`);
  });

  it("histogram: le last, canonical in OpenMetrics", async () => {
    const h = new Histogram({ name: "gc_like_seconds", help: "GC", labelNames: ["kind"], buckets: [0.001, 1], registers });
    h.observe({ kind: "minor" }, 0.5);
    const text = await render(h, "text");
    expect(text).toContain(`gc_like_seconds_bucket{${CONSTANT},kind="minor",le="1"} 1\n`);
    expect(text).toContain(`gc_like_seconds_bucket{${CONSTANT},kind="minor",le="+Inf"} 1\n`);
    expect(text).toContain(`gc_like_seconds_count{${CONSTANT},kind="minor"} 1\n`);
    const om = await render(h, "openmetrics");
    expect(om).toContain(`gc_like_seconds_bucket{${CONSTANT},kind="minor",le="1.0"} 1\n`);
    expect(om).toContain(`gc_like_seconds_bucket{${CONSTANT},kind="minor",le="0.001"} 0\n`);
  });

  it("summary: quantile spelled per format", async () => {
    const s = new Summary({ name: "req_size_bytes", help: "Sizes", percentiles: [0.5, 1], registers });
    s.observe(10);
    expect(await render(s, "text")).toContain(`req_size_bytes{${CONSTANT},quantile="1"} 10\n`);
    const om = await render(s, "openmetrics");
    expect(om).toContain("# TYPE req_size_bytes summary\n# UNIT req_size_bytes bytes\n");
    expect(om).toContain(`req_size_bytes{${CONSTANT},quantile="1.0"} 10\n`);
  });

  it("renames labels that clash with constant or target labels (version → node_version, others → original_<name>)", async () => {
    const g = new Gauge({ name: "clash_info", help: "Clash", labelNames: ["version", "instance", "job", "ok"], registers });
    g.set({ version: "v20", instance: "host:1", job: "j", ok: "y" }, 1);
    const out = await render(g, "text");
    expect(out).toContain(`clash_info{${CONSTANT},node_version="v20",original_instance="host:1",original_job="j",ok="y"} 1\n`);
  });

  it("escapes label values and writes NaN the way the formats spell it (prom-client writes Nan)", async () => {
    const g = new Gauge({ name: "odd", help: "Odd", labelNames: ["v"], registers });
    g.set({ v: 'q"\n\\' }, Number.NaN);
    expect(await render(g, "text")).toContain(`odd{${CONSTANT},v="q\\"\\n\\\\"} NaN\n`);
  });

  it("renders an empty family as metadata only", async () => {
    const h = new Histogram({ name: "empty_seconds", help: "Nothing yet", labelNames: ["kind"], registers });
    expect(await render(h, "text")).toBe("# HELP empty_seconds Nothing yet\n# TYPE empty_seconds histogram\n");
  });
});
