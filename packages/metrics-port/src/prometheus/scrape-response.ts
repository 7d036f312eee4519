/**
 * Scrape bodies: the document rendered straight into its final form — gzip-compressed while it is rendered
 * (gzip-sink.ts) or written in place into one pre-sized buffer (byte-sink.ts) — plus the response headers and
 * a time-sliced decoder for `render()`. Nothing here builds the uncompressed document as one string, or copies
 * it chunk by chunk into a body at the end.
 */
import type { BufferPool } from "./buffer-pool.js";
import { BodySink } from "./byte-sink.js";
import { GzipSink } from "./gzip-sink.js";
import { CONTENT_TYPES, type ExpositionFormat } from "./negotiation.js";
import { type FamilySource, renderInto } from "./renderer.js";
import { TimeSlicer } from "./time-slicer.js";

export function scrapeHeaders(format: ExpositionFormat, gzip: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    "Content-Type": CONTENT_TYPES[format],
    // The body depends on both request headers; caches must key on them.
    Vary: "Accept, Accept-Encoding",
  };
  if (gzip) headers["Content-Encoding"] = "gzip";
  return headers;
}

/** Renders the document gzip-compressed, streaming pooled chunks into zlib as they fill. */
export async function renderGzipBody(
  families: readonly FamilySource[],
  format: ExpositionFormat,
  pool: BufferPool,
  slicer?: TimeSlicer,
): Promise<Buffer> {
  const sink = new GzipSink(pool);
  try {
    await renderInto(families, sink, { format, slicer });
  } catch (err) {
    sink.abort();
    throw err;
  }
  return sink.finish();
}

/** Renders the uncompressed document in place into one buffer pre-sized to `expectedBytes`. */
export async function renderIdentityBody(
  families: readonly FamilySource[],
  format: ExpositionFormat,
  expectedBytes: number,
  slicer?: TimeSlicer,
): Promise<Buffer> {
  const sink = new BodySink(expectedBytes);
  await renderInto(families, sink, { format, slicer });
  return sink.finish();
}

/** Bytes decoded per step of `decodeBody`. */
const DECODE_STEP_BYTES = 64 * 1024;

/** True for a UTF-8 continuation byte (10xxxxxx), which cannot start a character. */
const isContinuation = (byte: number) => (byte & 0xc0) === 0x80;

/**
 * Decodes a UTF-8 body to a string in steps, yielding between them when the slice is used up. Steps end on
 * character boundaries, so no multi-byte character is split.
 */
export async function decodeBody(body: Uint8Array, slicer = new TimeSlicer()): Promise<string> {
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const parts: string[] = [];
  let start = 0;
  while (start < bytes.length) {
    let end = Math.min(start + DECODE_STEP_BYTES, bytes.length);
    while (end < bytes.length && isContinuation(bytes[end]!)) end++;
    parts.push(bytes.toString("utf8", start, end));
    start = end;
    if (slicer.due()) await slicer.yield();
  }
  return parts.join("");
}
