/**
 * The exposition renderer: turns families into text 0.0.4 or OpenMetrics 1.0.0, streaming UTF-8 bytes into a
 * ByteSink and giving the event loop back every slice (about a millisecond) — between families and inside one,
 * so a family with 10,000 histogram series (≈170k lines) never stalls request handling for more than about
 * one slice. prom-client's `registry.metrics()` instead renders everything synchronously into one string
 * (hundreds of ms at that size), which is why we do not use it.
 */
import type { ByteSink } from "./byte-sink.js";
import { ChunkWriter } from "./chunk-writer.js";
import type { ExpositionFormat } from "./negotiation.js";
import type { RenderableFamily } from "./render-types.js";
import { TimeSlicer } from "./time-slicer.js";

/**
 * How much output (characters) may be rendered between two looks at the clock and at the sink's backlog:
 * a few microseconds of work, so a slice overruns by no more than that.
 */
const CHECK_EVERY_CHARS = 4 * 1024;

/** A family, or a promise of one (prom-client metrics are read asynchronously); undefined = skip it. */
export type FamilySource = () => RenderableFamily | undefined | Promise<RenderableFamily | undefined>;

export interface RenderOptions {
  format: ExpositionFormat;
  slicer?: TimeSlicer;
}

/** Renders every family in order into `sink`; resolves with the number of bytes written. */
export async function renderInto(families: readonly FamilySource[], sink: ByteSink, options: RenderOptions): Promise<number> {
  const { format } = options;
  const slicer = options.slicer ?? new TimeSlicer();
  const writer = new ChunkWriter(sink);
  let sinceCheck = 0;

  for (const source of families) {
    const family = await source();
    if (family === undefined) continue;
    writer.write(family.header(format));
    const rows = family.snapshot();
    for (let index = 0; index < rows.length; index++) {
      const text = rows.render(index, format);
      writer.write(text);
      sinceCheck += text.length;
      if (sinceCheck >= CHECK_EVERY_CHARS) {
        sinceCheck = 0;
        const pause = pauseIfDue(sink, slicer);
        if (pause !== undefined) await pause;
      }
    }
    const pause = pauseIfDue(sink, slicer);
    if (pause !== undefined) await pause;
  }
  if (format === "openmetrics") writer.write("# EOF\n");
  writer.end();
  return writer.bytes;
}

/** A pause when one is due (the sink is behind, or the slice is used up); otherwise undefined, so no await. */
function pauseIfDue(sink: ByteSink, slicer: TimeSlicer): Promise<void> | undefined {
  const backlog = sink.backlog();
  if (backlog !== undefined) return slicer.waitFor(backlog);
  return slicer.due() ? slicer.yield() : undefined;
}
