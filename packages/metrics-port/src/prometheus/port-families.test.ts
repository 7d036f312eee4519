import { describe, expect, it } from "vitest";
import { defineCounter, defineGauge, defineHistogram } from "../descriptors.js";
import type { ExpositionFormat } from "./negotiation.js";
import { CounterFamily, GaugeFamily, HistogramFamily } from "./port-families.js";
import type { RenderableFamily } from "./render-types.js";

const CONSTANT = 'service="svc",instance_name="svc-a",version="1.0.0"';

function render(family: RenderableFamily, format: ExpositionFormat): string {
  const rows = family.snapshot();
  let out = family.header(format);
  for (let i = 0; i < rows.length; i++) out += rows.render(i, format);
  return out;
}

describe("counter family", () => {
  const d = defineCounter({ name: "orders_total", help: "Orders accepted", labelNames: ["side"] });

  it("renders text 0.0.4 with constant labels first", () => {
    const f = new CounterFamily(d, CONSTANT);
    f.cell(["buy"]).add(3);
    f.cell(["sell"]).add(1.5);
    expect(render(f, "text")).toBe(
      [
        "# HELP orders_total Orders accepted",
        "# TYPE orders_total counter",
        `orders_total{${CONSTANT},side="buy"} 3`,
        `orders_total{${CONSTANT},side="sell"} 1.5`,
        "",
      ].join("\n"),
    );
  });

  it("renders OpenMetrics with the family named without _total and samples keeping it", () => {
    const f = new CounterFamily(d, CONSTANT);
    f.cell(["buy"]).add(3);
    expect(render(f, "openmetrics")).toBe(
      ["# TYPE orders counter", "# HELP orders Orders accepted", `orders_total{${CONSTANT},side="buy"} 3`, ""].join("\n"),
    );
  });

  it("adds # UNIT in OpenMetrics only, when the declared unit ends the family name", () => {
    const withUnit = new CounterFamily(
      defineCounter({ name: "cpu_seconds_total", help: "CPU", unit: "seconds" }),
      CONSTANT,
    );
    expect(withUnit.header("openmetrics")).toBe("# TYPE cpu_seconds counter\n# UNIT cpu_seconds seconds\n# HELP cpu_seconds CPU\n");
    expect(withUnit.header("text")).not.toContain("UNIT");
    const without = new CounterFamily(defineCounter({ name: "cpu_seconds_total", help: "CPU" }), CONSTANT);
    expect(without.header("openmetrics")).not.toContain("UNIT");
  });

  it("escapes label values and help per format", () => {
    const f = new CounterFamily(defineCounter({ name: "x_total", help: 'say "hi"\nback\\slash', labelNames: ["v"] }), "");
    f.cell(['a"b\\c\nd']).add(1);
    expect(render(f, "text")).toBe(
      '# HELP x_total say "hi"\\nback\\\\slash\n# TYPE x_total counter\nx_total{v="a\\"b\\\\c\\nd"} 1\n',
    );
    expect(render(f, "openmetrics")).toContain('# HELP x say \\"hi\\"\\nback\\\\slash\n');
  });

  it("renders a series without any labels without braces", () => {
    const f = new CounterFamily(defineCounter({ name: "bare_total", help: "h" }), "");
    f.cell([]).add(2);
    expect(render(f, "text")).toContain("\nbare_total 2\n");
  });

  it("returns the same cell for the same label values, a fresh one after remove, and keeps series order", () => {
    const f = new CounterFamily(d, CONSTANT);
    const a = f.cell(["buy"]);
    f.cell(["sell"]);
    expect(f.cell(["buy"])).toBe(a);
    f.remove(["buy"]);
    const b = f.cell(["buy"]);
    expect(b).not.toBe(a);
    expect(b.value).toBe(0);
    const lines = render(f, "text").split("\n").filter((l) => l.startsWith("orders_total"));
    expect(lines.map((l) => /side="(\w+)"/.exec(l)?.[1])).toEqual(["sell", "buy"]);
  });

  it("caches the rendered line head on the cell", () => {
    const f = new CounterFamily(d, CONSTANT);
    const cell = f.cell(["buy"]);
    expect(cell.head).toBe("");
    render(f, "text");
    expect(cell.head).toBe(`orders_total{${CONSTANT},side="buy"} `);
  });
});

describe("gauge family", () => {
  it("renders values including non-finite ones", () => {
    const f = new GaugeFamily(defineGauge({ name: "depth", help: "Depth", labelNames: ["k"] }), "");
    f.cell(["a"]).set(-2.5);
    f.cell(["b"]).set(Number.NaN);
    f.cell(["c"]).set(Number.POSITIVE_INFINITY);
    f.cell(["d"]).set(Number.NEGATIVE_INFINITY);
    for (const format of ["text", "openmetrics"] as const) {
      const out = render(f, format);
      expect(out).toContain('depth{k="a"} -2.5\n');
      expect(out).toContain('depth{k="b"} NaN\n');
      expect(out).toContain('depth{k="c"} +Inf\n');
      expect(out).toContain('depth{k="d"} -Inf\n');
    }
  });
});

describe("histogram family", () => {
  const d = defineHistogram({
    name: "latency_seconds",
    help: "Latency",
    unit: "seconds",
    labelNames: ["route"],
    buckets: [0.005, 0.1, 1, 1e6],
  });

  it("renders cumulative buckets in ascending order, +Inf equal to _count, then _sum and _count", () => {
    const f = new HistogramFamily(d, CONSTANT);
    const cell = f.cell(["/x"]);
    for (const v of [0.001, 0.05, 0.05, 0.5, 2, 5e6]) cell.observe(v);
    const L = `${CONSTANT},route="/x"`;
    expect(render(f, "text")).toBe(
      [
        "# HELP latency_seconds Latency",
        "# TYPE latency_seconds histogram",
        `latency_seconds_bucket{${L},le="0.005"} 1`,
        `latency_seconds_bucket{${L},le="0.1"} 3`,
        `latency_seconds_bucket{${L},le="1"} 4`,
        `latency_seconds_bucket{${L},le="1000000"} 5`,
        `latency_seconds_bucket{${L},le="+Inf"} 6`,
        `latency_seconds_sum{${L}} 5000002.601`,
        `latency_seconds_count{${L}} 6`,
        "",
      ].join("\n"),
    );
  });

  it("spells le canonically in OpenMetrics and adds the unit", () => {
    const f = new HistogramFamily(d, "");
    f.cell(["/x"]).observe(0.5);
    const out = render(f, "openmetrics");
    expect(out.startsWith("# TYPE latency_seconds histogram\n# UNIT latency_seconds seconds\n# HELP latency_seconds Latency\n")).toBe(true);
    expect(out).toContain('latency_seconds_bucket{route="/x",le="1.0"} 1\n');
    expect(out).toContain('latency_seconds_bucket{route="/x",le="1e+06"} 1\n');
    expect(out).toContain('latency_seconds_bucket{route="/x",le="0.005"} 0\n');
  });

  it("renders a histogram without labels", () => {
    const f = new HistogramFamily(defineHistogram({ name: "h_seconds", help: "h", buckets: [1] }), "");
    f.cell([]).observe(3);
    expect(render(f, "text")).toContain('h_seconds_bucket{le="1"} 0\nh_seconds_bucket{le="+Inf"} 1\nh_seconds_sum 3\nh_seconds_count 1\n');
  });
});

describe("prom-client view", () => {
  it("reports values in prom-client's get() shape, own labels only", async () => {
    const f = new HistogramFamily(defineHistogram({ name: "h_seconds", help: "h", labelNames: ["r"], buckets: [1, 2] }), CONSTANT);
    f.cell(["a"]).observe(1.5);
    const got = await f.view.get();
    expect(got).toMatchObject({ name: "h_seconds", help: "h", type: "histogram", aggregator: "sum" });
    expect(got.values).toEqual([
      { metricName: "h_seconds_bucket", labels: { r: "a", le: 1 }, value: 0 },
      { metricName: "h_seconds_bucket", labels: { r: "a", le: 2 }, value: 1 },
      { metricName: "h_seconds_bucket", labels: { r: "a", le: "+Inf" }, value: 1 },
      { metricName: "h_seconds_sum", labels: { r: "a" }, value: 1.5 },
      { metricName: "h_seconds_count", labels: { r: "a" }, value: 1 },
    ]);
  });

  it("reset() zeroes every series but keeps them", async () => {
    const f = new CounterFamily(defineCounter({ name: "c_total", help: "c", labelNames: ["k"] }), "");
    f.cell(["a"]).add(5);
    f.view.reset();
    expect((await f.view.get()).values).toEqual([{ labels: { k: "a" }, value: 0 }]);
  });
});
