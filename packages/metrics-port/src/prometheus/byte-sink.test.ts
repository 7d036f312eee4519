import { describe, expect, it } from "vitest";
import { BodySink } from "./byte-sink.js";
import { ChunkWriter } from "./chunk-writer.js";

const write = (sink: BodySink, parts: readonly string[]) => {
  const w = new ChunkWriter(sink);
  for (const p of parts) w.write(p);
  w.end();
  return w.bytes;
};

describe("BodySink", () => {
  const parts = Array.from({ length: 5_000 }, (_, i) => `line ${i} é日本🚀\n`);
  const expected = Buffer.from(parts.join(""), "utf8");

  it("writes in place without growing when pre-sized for the document", () => {
    const sink = new BodySink(expected.length);
    expect(write(sink, parts)).toBe(expected.length);
    expect(sink.grown).toBe(0);
    expect(sink.finish().equals(expected)).toBe(true);
  });

  it("grows (keeping what was written) when the document outgrows its size hint", () => {
    const sink = new BodySink(0);
    write(sink, parts);
    expect(sink.grown).toBeGreaterThan(0);
    expect(sink.finish().equals(expected)).toBe(true);
  });

  it("returns an empty body for an empty document", () => {
    const sink = new BodySink();
    write(sink, []);
    expect(sink.finish().length).toBe(0);
  });
});
