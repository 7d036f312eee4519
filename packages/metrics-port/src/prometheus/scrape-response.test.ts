import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { OPENMETRICS_CONTENT_TYPE, TEXT_CONTENT_TYPE } from "./negotiation.js";
import { concatChunks, decodeChunks, gzipChunks, scrapeResponse } from "./scrape-response.js";
import { TimeSlicer } from "./time-slicer.js";

const lines = ['m{v="é"} 1\n', 'n{v="日本"} 2\n', 'o{v="🚀"} 3\n'];
const document = lines.join("");
const chunks = lines.map((l) => Buffer.from(l, "utf8"));

describe("scrapeResponse", () => {
  it("gzips when accepted, with Content-Encoding and Vary, and the body round-trips", async () => {
    const res = await scrapeResponse(chunks, "text", "gzip, deflate, br");
    expect(res.status).toBe(200);
    expect(res.headers).toEqual({
      "Content-Type": TEXT_CONTENT_TYPE,
      "Content-Encoding": "gzip",
      Vary: "Accept, Accept-Encoding",
    });
    expect(gunzipSync(res.body).toString("utf8")).toBe(document);
  });

  it("sends identity bytes when gzip is not accepted, still with Vary", async () => {
    const res = await scrapeResponse(chunks, "openmetrics", undefined);
    expect(res.headers).toEqual({ "Content-Type": OPENMETRICS_CONTENT_TYPE, Vary: "Accept, Accept-Encoding" });
    expect(Buffer.from(res.body).toString("utf8")).toBe(document);
  });

  it("refuses gzip when the client says q=0", async () => {
    const res = await scrapeResponse(chunks, "text", "gzip;q=0, identity");
    expect(res.headers["Content-Encoding"]).toBeUndefined();
  });
});

describe("chunk helpers", () => {
  it("concatenate, yielding between chunks when the slice is used up", async () => {
    const slicer = new TimeSlicer(0);
    const body = await concatChunks(chunks, slicer);
    expect(body.equals(Buffer.from(document, "utf8"))).toBe(true);
    expect(slicer.yields).toBeGreaterThan(0);
    expect((await concatChunks([])).length).toBe(0);
  });
  it("decode multi-byte UTF-8 exactly", async () => {
    expect(await decodeChunks(chunks, new TimeSlicer(0))).toBe(document);
  });
  it("gzip a large multi-chunk document losslessly", async () => {
    const big = Array.from({ length: 50 }, (_, i) => Buffer.from(`line ${i} ${"x".repeat(70_000)}\n`));
    const zipped = await gzipChunks(big);
    expect(zipped.length).toBeLessThan(100_000);
    expect(gunzipSync(zipped).equals(Buffer.concat(big))).toBe(true);
  });
});
