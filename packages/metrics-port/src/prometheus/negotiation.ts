/**
 * HTTP content negotiation for the scrape endpoint: which exposition format (Accept) and whether to gzip
 * (Accept-Encoding). Both parsers are deliberately lenient — a scrape must never fail because of an odd
 * header — and fall back to the format every scraper understands (Prometheus text 0.0.4, uncompressed).
 */

export type ExpositionFormat = "text" | "openmetrics";

export const TEXT_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
export const OPENMETRICS_CONTENT_TYPE = "application/openmetrics-text; version=1.0.0; charset=utf-8";

export const CONTENT_TYPES: Readonly<Record<ExpositionFormat, string>> = Object.freeze({
  text: TEXT_CONTENT_TYPE,
  openmetrics: OPENMETRICS_CONTENT_TYPE,
});

interface MediaRange {
  type: string;
  subtype: string;
  params: Map<string, string>;
  q: number;
  order: number;
}

/** Splits a header on commas outside quoted strings (parameter values may be quoted). */
function splitList(header: string): string[] {
  const out: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < header.length; i++) {
    const ch = header[i]!;
    if (ch === '"') quoted = !quoted;
    if (ch === "," && !quoted) {
      out.push(current);
      current = "";
    } else {
      current += ch;
    }
  }
  out.push(current);
  return out.map((s) => s.trim()).filter((s) => s !== "");
}

/** `1`, `0.5`, `0.001` per RFC 9110 §12.4.2; anything else is malformed (undefined). */
function parseQ(raw: string): number | undefined {
  if (!/^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/.test(raw)) return undefined;
  return Number(raw);
}

function parseParams(parts: readonly string[]): { params: Map<string, string>; q: number } | undefined {
  const params = new Map<string, string>();
  let q = 1;
  for (const part of parts) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim().toLowerCase();
    let value = part.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (name === "q") {
      const parsed = parseQ(value);
      if (parsed === undefined) return undefined; // a range with a malformed weight is ignored, not trusted
      q = parsed;
    } else {
      params.set(name, value.toLowerCase());
    }
  }
  return { params, q };
}

function parseAccept(header: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  splitList(header).forEach((item, order) => {
    const [mediaType = "", ...rest] = item.split(";");
    const slash = mediaType.indexOf("/");
    if (slash < 0) return;
    const parsed = parseParams(rest);
    if (!parsed) return;
    ranges.push({
      type: mediaType.slice(0, slash).trim().toLowerCase(),
      subtype: mediaType.slice(slash + 1).trim().toLowerCase(),
      params: parsed.params,
      q: parsed.q,
      order,
    });
  });
  return ranges;
}

/**
 * OpenMetrics versions we answer with our 1.0.0 output. 0.0.1 is the pre-1.0 draft that Prometheus still lists
 * (`application/openmetrics-text;version=0.0.1;q=0.75`); its text syntax is the one 1.0.0 standardised and
 * Prometheus reads both with the same parser, so a client accepting 0.0.1 can read 1.0.0. The response's
 * Content-Type always says 1.0.0 — what we actually produce. Unknown (future) versions are not assumed compatible.
 */
const OPENMETRICS_VERSIONS = new Set([undefined, "1.0.0", "0.0.1"]);

/** The format a media range selects, or undefined when it selects neither of ours (e.g. protobuf). */
function formatOf(range: MediaRange): ExpositionFormat | undefined {
  const { type, subtype } = range;
  if (type === "*" && subtype === "*") return "text";
  if (type === "text" && (subtype === "plain" || subtype === "*")) return "text";
  if (type === "application" && subtype === "openmetrics-text") {
    return OPENMETRICS_VERSIONS.has(range.params.get("version")) ? "openmetrics" : undefined;
  }
  if (type === "application" && subtype === "*") return "openmetrics";
  return undefined;
}

const specificity = (r: MediaRange) => (r.type === "*" ? 0 : r.subtype === "*" ? 1 : 2 + r.params.size);

/**
 * Picks the exposition format for an Accept header: the acceptable range with the highest q-value wins,
 * ties going to the more specific range and then to the one listed first. No header, nothing parsable or
 * nothing acceptable → "text" (never a 406: a scraper that asked oddly still gets data it can most likely read).
 */
export function negotiateFormat(accept: string | null | undefined): ExpositionFormat {
  if (!accept) return "text";
  const ranges = parseAccept(accept)
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q || specificity(b) - specificity(a) || a.order - b.order);
  for (const range of ranges) {
    const format = formatOf(range);
    if (format) return format;
  }
  return "text";
}

/**
 * True when the response may be gzip-compressed: `gzip` (or its alias `x-gzip`) is listed with q > 0, or is not
 * listed at all while `*` is (with q > 0).
 */
export function acceptsGzip(acceptEncoding: string | null | undefined): boolean {
  if (!acceptEncoding) return false;
  let gzip: number | undefined;
  let wildcard: number | undefined;
  for (const item of splitList(acceptEncoding)) {
    const [coding = "", ...rest] = item.split(";");
    const parsed = parseParams(rest);
    if (!parsed) continue;
    const name = coding.trim().toLowerCase();
    if (name === "gzip" || name === "x-gzip") gzip = Math.max(gzip ?? 0, parsed.q);
    else if (name === "*") wildcard = parsed.q;
  }
  if (gzip !== undefined) return gzip > 0;
  return wildcard !== undefined && wildcard > 0;
}
