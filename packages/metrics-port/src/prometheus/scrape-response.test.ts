import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { defineCounter } from "../descriptors.js";
import { BufferPool } from "./buffer-pool.js";
import { OPENMETRICS_CONTENT_TYPE, TEXT_CONTENT_TYPE } from "./negotiation.js";
import { CounterFamily } from "./port-families.js";
import { decodeBody, renderGzipBody, renderIdentityBody, scrapeHeaders } from "./scrape-response.js";
import { TimeSlicer } from "./time-slicer.js";

const lines = ['m{v="é"} 1\n', 'n{v="日本"} 2\n', 'o{v="🚀"} 3\n'];
const document = lines.join("");

/** A family with one multi-byte label value per series, big enough for many chunks. */
function unicodeFamily(series: number) {
  const f = new CounterFamily(defineCounter({ name: "u_total", help: "h", labelNames: ["v"], maxSeries: 1e6 }), 'service="s"');
  for (let i = 0; i < series; i++) f.cell([`${i}-é日本🚀`]).add(i);
  return f;
}

describe("scrapeHeaders", () => {
  it("says gzip with Content-Encoding, and always sends the versioned type and Vary", () => {
    expect(scrapeHeaders("text", true)).toEqual({
      "Content-Type": TEXT_CONTENT_TYPE,
      "Content-Encoding": "gzip",
      Vary: "Accept, Accept-Encoding",
    });
    expect(scrapeHeaders("openmetrics", false)).toEqual({ "Content-Type": OPENMETRICS_CONTENT_TYPE, Vary: "Accept, Accept-Encoding" });
  });
});

describe("bodies", () => {
  it("gzip a large multi-chunk document with multi-byte characters losslessly, identical to the identity body", async () => {
    const f = unicodeFamily(20_000);
    const identity = await renderIdentityBody([() => f], "text", 0);
    expect(identity.byteLength).toBeGreaterThan(5 * 64 * 1024); // many chunks on the gzip path
    const zipped = await renderGzipBody([() => f], "text", new BufferPool());
    expect(zipped.length).toBeLessThan(identity.byteLength / 4);
    expect(gunzipSync(zipped).equals(identity)).toBe(true);
    expect(identity.toString("utf8")).toContain('u_total{service="s",v="19999-é日本🚀"} 19999\n');
  });

  it("gzip reuses the pool's chunks from one render to the next", async () => {
    class SpyPool extends BufferPool {
      taken: Buffer[] = [];
      override take(minBytes: number): Buffer {
        const b = super.take(minBytes);
        this.taken.push(b);
        return b;
      }
    }
    const f = unicodeFamily(5_000);
    const pool = new SpyPool();
    const first = await renderGzipBody([() => f], "text", pool);
    expect(pool.idle).toBeGreaterThan(0); // the chunks came back once zlib had consumed them
    const usedByFirst = new Set(pool.taken);
    pool.taken = [];
    const second = await renderGzipBody([() => f], "text", pool);
    expect(usedByFirst.has(pool.taken[0]!)).toBe(true);
    expect(gunzipSync(second).equals(gunzipSync(first))).toBe(true);
  });

  it("an identity body pre-sized from the last render is written in place; one sized too small grows", async () => {
    const f = unicodeFamily(3_000);
    const exact = await renderIdentityBody([() => f], "openmetrics", 0);
    const again = await renderIdentityBody([() => f], "openmetrics", exact.byteLength);
    expect(again.equals(exact)).toBe(true);
    expect(again.toString("utf8").endsWith("# EOF\n")).toBe(true);
  });
});

describe("decodeBody", () => {
  it("decodes multi-byte UTF-8 exactly, also where a step boundary falls inside a character", async () => {
    expect(await decodeBody(Buffer.from(document, "utf8"), new TimeSlicer(0))).toBe(document);
    // 64 KiB steps: a 4-byte character straddles every step boundary somewhere in this text.
    const long = `${"🚀a".repeat(50_000)}\n`;
    const slicer = new TimeSlicer(0);
    expect(await decodeBody(Buffer.from(long, "utf8"), slicer)).toBe(long);
    expect(slicer.yields).toBeGreaterThan(1);
  });

  it("decodes a view into a larger buffer (bodies are views of their allocation)", async () => {
    const backing = Buffer.from(`xx${document}yy`, "utf8");
    const view = backing.subarray(2, backing.length - 2);
    expect(await decodeBody(view)).toBe(document);
  });
});
