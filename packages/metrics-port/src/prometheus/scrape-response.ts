/**
 * Turns rendered UTF-8 chunks into an HTTP response body, gzip-compressed when the client accepts it.
 * Copying is time-sliced like rendering, and compression runs on libuv's thread pool (async node:zlib
 * stream), so neither blocks the event loop for long on a large exposition.
 */
import { once } from "node:events";
import { createGzip } from "node:zlib";
import type { ScrapeResponse } from "../exporter.js";
import { acceptsGzip, CONTENT_TYPES, type ExpositionFormat } from "./negotiation.js";
import { TimeSlicer } from "./time-slicer.js";

/** Copies chunks into one buffer, yielding between chunks when the slice is used up. */
export async function concatChunks(chunks: readonly Buffer[], slicer = new TimeSlicer()): Promise<Buffer> {
  if (chunks.length === 1) return chunks[0]!;
  let size = 0;
  for (const chunk of chunks) size += chunk.byteLength;
  const body = Buffer.allocUnsafe(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
    if (slicer.due()) await slicer.yield();
  }
  return body;
}

/** Gzips chunk by chunk: the stream compresses on the thread pool; nothing is concatenated uncompressed. */
export async function gzipChunks(chunks: readonly Buffer[]): Promise<Buffer> {
  const gzip = createGzip();
  const out: Buffer[] = [];
  gzip.on("data", (b: Buffer) => out.push(b));
  const done = once(gzip, "end"); // rejects if the stream errors
  for (const chunk of chunks) gzip.write(chunk);
  gzip.end();
  await done;
  return Buffer.concat(out);
}

/** Decodes chunks back to one string (for `render()`), yielding between chunks. */
export async function decodeChunks(chunks: readonly Buffer[], slicer = new TimeSlicer()): Promise<string> {
  const parts: string[] = [];
  for (const chunk of chunks) {
    parts.push(chunk.toString("utf8"));
    if (slicer.due()) await slicer.yield();
  }
  return parts.join("");
}

export async function scrapeResponse(
  chunks: readonly Buffer[],
  format: ExpositionFormat,
  acceptEncoding: string | null | undefined,
): Promise<ScrapeResponse> {
  const headers: Record<string, string> = {
    "Content-Type": CONTENT_TYPES[format],
    // The body depends on both request headers; caches must key on them.
    Vary: "Accept, Accept-Encoding",
  };
  if (acceptsGzip(acceptEncoding)) {
    headers["Content-Encoding"] = "gzip";
    return { status: 200, headers, body: await gzipChunks(chunks) };
  }
  return { status: 200, headers, body: await concatChunks(chunks) };
}
