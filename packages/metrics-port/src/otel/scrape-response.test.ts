import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { scrapeResponse, shutDownResponse, TEXT_CONTENT_TYPE } from "./scrape-response.js";

describe("scrapeResponse", () => {
  const text = "# HELP a_total A\n# TYPE a_total counter\na_total 1\n";

  it("answers the versioned text format uncompressed when gzip is not accepted", async () => {
    for (const acceptEncoding of [undefined, null, "", "identity", "deflate, br", "gzip;q=0"]) {
      const r = await scrapeResponse(text, acceptEncoding);
      expect(r.status).toBe(200);
      expect(r.headers).toEqual({ "Content-Type": "text/plain; version=0.0.4; charset=utf-8", Vary: "Accept-Encoding" });
      expect(Buffer.from(r.body).toString("utf8")).toBe(text);
    }
  });

  it("gzips when accepted and says so", async () => {
    for (const acceptEncoding of ["gzip", "deflate, gzip;q=0.5", "*"]) {
      const r = await scrapeResponse(text, acceptEncoding);
      expect(r.headers).toEqual({ "Content-Type": TEXT_CONTENT_TYPE, Vary: "Accept-Encoding", "Content-Encoding": "gzip" });
      expect(gunzipSync(r.body).toString("utf8")).toBe(text);
    }
  });

  it("answers 503 with the text Content-Type once shut down", () => {
    const r = shutDownResponse();
    expect(r.status).toBe(503);
    expect(r.headers["Content-Type"]).toBe(TEXT_CONTENT_TYPE);
  });
});
