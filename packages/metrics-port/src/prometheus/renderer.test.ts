import { setImmediate as nextTurn } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { defineCounter, defineHistogram } from "../descriptors.js";
import { CHUNK_BYTES } from "./buffer-pool.js";
import type { ByteSink } from "./byte-sink.js";
import { CounterFamily, HistogramFamily } from "./port-families.js";
import type { RenderableFamily } from "./render-types.js";
import { type FamilySource, type RenderOptions, renderInto } from "./renderer.js";
import { parseExposition } from "./test-support/parse-exposition.js";
import { TimeSlicer } from "./time-slicer.js";

/** Renders into fresh chunk-sized buffers and returns what the renderer handed over, chunk by chunk. */
async function renderExposition(families: readonly FamilySource[], options: RenderOptions): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  const sink: ByteSink = {
    take: (minBytes) => Buffer.alloc(Math.max(minBytes, CHUNK_BYTES)),
    put: (buffer, length) => {
      if (length > 0) chunks.push(buffer.subarray(0, length));
    },
    backlog: () => undefined,
  };
  await renderInto(families, sink, options);
  return chunks;
}

const counterFamily = (name: string, series: number) => {
  const f = new CounterFamily(defineCounter({ name, help: `${name} help`, labelNames: ["i"], maxSeries: 1e6 }), 'service="s"');
  for (let i = 0; i < series; i++) f.cell([String(i)]).add(i);
  return f;
};
const always = (f: RenderableFamily | undefined) => () => f;
const text = (chunks: Buffer[]) => Buffer.concat(chunks).toString("utf8");

describe("renderExposition", () => {
  it("renders families in the given order; OpenMetrics ends with # EOF, text does not", async () => {
    const a = counterFamily("a_total", 1);
    const b = counterFamily("b_total", 1);
    const plain = text(await renderExposition([always(a), always(b)], { format: "text" }));
    expect(plain.indexOf("# HELP a_total")).toBeLessThan(plain.indexOf("# HELP b_total"));
    expect(plain).not.toContain("EOF");
    const om = text(await renderExposition([always(a), always(b)], { format: "openmetrics" }));
    expect(om.endsWith('b_total{service="s",i="0"} 0\n# EOF\n')).toBe(true);
  });

  it("renders an empty registry as an empty text document or a bare # EOF", async () => {
    expect(text(await renderExposition([], { format: "text" }))).toBe("");
    expect(text(await renderExposition([], { format: "openmetrics" }))).toBe("# EOF\n");
  });

  it("skips sources that yield no family (e.g. a failing prom-client metric) and awaits async ones", async () => {
    const a = counterFamily("a_total", 1);
    const out = text(await renderExposition([always(undefined), async () => a], { format: "text" }));
    expect(parseExposition(out).samples).toHaveLength(1);
  });

  it("splits large output into chunks that join to the complete document", async () => {
    const f = counterFamily("big_total", 20_000);
    const chunks = await renderExposition([always(f)], { format: "text" });
    expect(chunks.length).toBeGreaterThan(3);
    for (const c of chunks.slice(0, -1)) expect(c.length).toBeLessThan(80 * 1024);
    const parsed = parseExposition(text(chunks));
    expect(parsed.samples).toHaveLength(20_000);
    expect(parsed.samples[19_999]!.labels.i).toBe("19999");
  });

  it("gives the event loop back inside one large family, not only between families", async () => {
    const f = new HistogramFamily(
      defineHistogram({ name: "lat_seconds", help: "h", labelNames: ["i"], maxSeries: 1e6 }),
      'service="s"',
    );
    for (let i = 0; i < 2_000; i++) f.cell([String(i)]).observe(i / 1000);
    // A zero-length slice makes every clock check a yield: deterministic, no timing involved.
    const slicer = new TimeSlicer(0);
    let ticks = 0;
    let rendering = true;
    const tick = () => {
      if (!rendering) return;
      ticks++;
      setImmediate(tick);
    };
    setImmediate(tick);
    const chunks = await renderExposition([always(f)], { format: "text", slicer });
    rendering = false;
    expect(slicer.yields).toBeGreaterThan(10);
    expect(ticks).toBeGreaterThan(10); // other work really ran while the single family was being rendered
    expect(parseExposition(text(chunks)).samples).toHaveLength(2_000 * 17);
  });

  it("renders the series that existed when the family started; later ones wait for the next render", async () => {
    const f = counterFamily("grow_total", 5_000);
    const slicer = new TimeSlicer(0);
    const rendering = renderExposition([always(f)], { format: "text", slicer });
    await nextTurn(); // the render has started and paused at least once
    f.cell(["late"]).add(1);
    const first = parseExposition(text(await rendering));
    expect(first.samples).toHaveLength(5_000);
    expect(first.samples.some((s) => s.labels.i === "late")).toBe(false);
    const second = parseExposition(text(await renderExposition([always(f)], { format: "text" })));
    expect(second.samples.some((s) => s.labels.i === "late")).toBe(true);
  });

  it("waits while the sink reports a backlog instead of piling up chunks, and still renders everything", async () => {
    // A consumer that takes one chunk per turn of the event loop and asks the renderer to wait while it holds two.
    const held: Buffer[] = [];
    const written: Buffer[] = [];
    let maxHeld = 0;
    let waits = 0;
    let resume: (() => void) | undefined;
    const consumeOne = () => {
      const chunk = held.shift();
      if (chunk === undefined) return;
      written.push(chunk);
      if (held.length < 2) {
        resume?.();
        resume = undefined;
      }
      setImmediate(consumeOne);
    };
    const sink: ByteSink = {
      take: (minBytes) => Buffer.alloc(Math.max(minBytes, 8 * 1024)),
      put: (buffer, length) => {
        held.push(buffer.subarray(0, length));
        maxHeld = Math.max(maxHeld, held.length);
        if (held.length === 1) setImmediate(consumeOne);
      },
      backlog: () => {
        if (held.length < 2) return undefined;
        waits++;
        return new Promise<void>((r) => {
          resume = r;
        });
      },
    };
    const f = counterFamily("slow_total", 20_000);
    const bytes = await renderInto([always(f)], sink, { format: "text", slicer: new TimeSlicer(1e9) });
    while (held.length > 0) await nextTurn();
    expect(waits).toBeGreaterThan(0);
    // The renderer looks at the backlog every few KiB, so at most one more chunk fills before it waits.
    expect(maxHeld).toBeLessThanOrEqual(3);
    const doc = text(written);
    expect(Buffer.byteLength(doc)).toBe(bytes);
    expect(parseExposition(doc).samples).toHaveLength(20_000);
  });
});
