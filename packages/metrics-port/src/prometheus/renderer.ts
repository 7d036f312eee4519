/**
 * The exposition renderer: turns families into text 0.0.4 or OpenMetrics 1.0.0, in chunks, giving the event
 * loop back every few milliseconds — between families and inside one, so a family with 10,000 histogram series
 * (≈170k lines) never stalls request handling for more than about one slice. prom-client's `registry.metrics()`
 * instead renders everything synchronously (hundreds of ms at that size), which is why we do not use it.
 */
import type { ExpositionFormat } from "./negotiation.js";
import type { RenderableFamily } from "./render-types.js";
import { TimeSlicer } from "./time-slicer.js";

/**
 * Output is turned into UTF-8 bytes every ~64 K characters. Converting early matters for latency, not just
 * memory: a rendered line is a tree of small V8 strings (a "rope"), and keeping 170k lines of them alive
 * until the end makes every young-generation GC copy them — 5–10 ms pauses in a 15 MB render. Converted
 * chunks die young; their bytes live outside the JS heap.
 */
const CHUNK_CHARS = 64 * 1024;
/** How much output (characters) may be written between two looks at the clock. */
const CHECK_EVERY_CHARS = 4 * 1024;

/** A family, or a promise of one (prom-client metrics are read asynchronously); undefined = skip it. */
export type FamilySource = () => RenderableFamily | undefined | Promise<RenderableFamily | undefined>;

export interface RenderOptions {
  format: ExpositionFormat;
  slicer?: TimeSlicer;
}

/** Renders every family in order and returns the document as UTF-8 chunks of roughly CHUNK_CHARS bytes. */
export async function renderExposition(families: readonly FamilySource[], options: RenderOptions): Promise<Buffer[]> {
  const { format } = options;
  const slicer = options.slicer ?? new TimeSlicer();
  const chunks: Buffer[] = [];
  let buffer = "";
  let checkedAt = 0;

  for (const source of families) {
    const family = await source();
    if (family === undefined) continue;
    buffer += family.header(format);
    const rows = family.snapshot();
    let index = 0;
    while (index < rows.length) {
      // A synchronous stretch: render series until the slice is used up (or the family is done).
      for (; index < rows.length; index++) {
        buffer += rows.render(index, format);
        if (buffer.length - checkedAt >= CHECK_EVERY_CHARS) {
          if (buffer.length >= CHUNK_CHARS) {
            chunks.push(Buffer.from(buffer, "utf8"));
            buffer = "";
          }
          checkedAt = buffer.length;
          if (slicer.due()) {
            index++;
            break;
          }
        }
      }
      if (index < rows.length) await slicer.yield();
    }
    if (slicer.due()) await slicer.yield();
  }
  if (format === "openmetrics") buffer += "# EOF\n";
  if (buffer !== "") chunks.push(Buffer.from(buffer, "utf8"));
  return chunks;
}
