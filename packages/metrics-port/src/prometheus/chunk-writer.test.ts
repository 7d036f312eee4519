import { describe, expect, it } from "vitest";
import type { ByteSink } from "./byte-sink.js";
import { ChunkWriter } from "./chunk-writer.js";

/** A sink with small fixed-size buffers that records every hand-back. */
function recordingSink(chunkBytes: number) {
  const handedBack: { buffer: Buffer; length: number }[] = [];
  const taken: number[] = [];
  const sink: ByteSink = {
    take: (minBytes) => {
      taken.push(minBytes);
      return Buffer.alloc(Math.max(minBytes, chunkBytes));
    },
    put: (buffer, length) => void handedBack.push({ buffer, length }),
    backlog: () => undefined,
  };
  const chunks = () => handedBack.filter((h) => h.length > 0).map((h) => h.buffer.subarray(0, h.length));
  return { sink, handedBack, taken, chunks };
}

describe("ChunkWriter", () => {
  it("never splits a string: every chunk ends on a string boundary and decodes on its own", () => {
    const { sink, chunks } = recordingSink(64);
    const w = new ChunkWriter(sink);
    const parts = Array.from({ length: 200 }, (_, i) => `s${i}=é日本🚀;`);
    for (const p of parts) w.write(p);
    w.end();
    const cs = chunks();
    expect(cs.length).toBeGreaterThan(10);
    let joined = "";
    for (const c of cs) {
      const decoded = c.toString("utf8");
      expect(Buffer.from(decoded, "utf8").equals(c)).toBe(true); // no replacement characters: valid UTF-8
      expect(decoded.endsWith(";")).toBe(true);
      joined += decoded;
    }
    expect(joined).toBe(parts.join(""));
    expect(w.bytes).toBe(Buffer.byteLength(joined));
  });

  it("asks for a buffer big enough for a string longer than a chunk", () => {
    const { sink, chunks, taken } = recordingSink(16);
    const w = new ChunkWriter(sink);
    const long = "x".repeat(100);
    w.write("a");
    w.write(long);
    w.write("b");
    w.end();
    expect(taken).toContain(100);
    expect(chunks().map((c) => c.toString())).toEqual(["a", long, "b"]);
  });

  it("hands every buffer it took back, an unused last one with length 0", () => {
    const { sink, handedBack, taken } = recordingSink(16);
    const w = new ChunkWriter(sink);
    w.end();
    expect(taken).toHaveLength(1);
    expect(handedBack).toHaveLength(1);
    expect(handedBack[0]!.length).toBe(0);
  });
});
