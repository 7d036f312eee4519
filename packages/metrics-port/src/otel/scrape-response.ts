/**
 * Turns a rendered exposition into a ScrapeResponse: versioned Content-Type, gzip when the scraper accepts it.
 *
 * Only the Prometheus text format 0.0.4 is produced: the OpenTelemetry serializer cannot write OpenMetrics,
 * and answering text/plain 0.0.4 to an Accept that prefers OpenMetrics is a valid negotiation outcome —
 * Prometheus always lists text/plain as a fallback and parses by the returned Content-Type.
 *
 * The Accept-Encoding parser and the Content-Type are the Prometheus adapter's (prometheus/negotiation.ts has
 * no prom-client dependency), so both adapters decide gzip identically.
 */
import { promisify } from "node:util";
import { gzip as gzipCallback } from "node:zlib";
import type { ScrapeResponse } from "../exporter.js";
import { acceptsGzip, TEXT_CONTENT_TYPE } from "../prometheus/negotiation.js";

export { TEXT_CONTENT_TYPE };

const gzip = promisify(gzipCallback);

/**
 * Gzip runs on libuv's thread pool (async zlib), so compressing a large exposition does not block the event
 * loop. `Vary: Accept-Encoding` goes on both variants so a cache never serves gzip to a client that did not
 * ask for it; Accept is not listed because it never changes this adapter's answer.
 */
export async function scrapeResponse(text: string, acceptEncoding: string | null | undefined): Promise<ScrapeResponse> {
  const headers: Record<string, string> = { "Content-Type": TEXT_CONTENT_TYPE, Vary: "Accept-Encoding" };
  const plain = Buffer.from(text, "utf8");
  if (!acceptsGzip(acceptEncoding)) return { status: 200, headers, body: plain };
  headers["Content-Encoding"] = "gzip";
  return { status: 200, headers, body: await gzip(plain) };
}

/** What a scrape answers once the provider is shut down (the service is stopping). */
export function shutDownResponse(): ScrapeResponse {
  return {
    status: 503,
    headers: { "Content-Type": TEXT_CONTENT_TYPE },
    body: Buffer.from("# the OpenTelemetry meter provider is shut down\n", "utf8"),
  };
}
