import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { BufferPool } from "./buffer-pool.js";
import { GzipSink } from "./gzip-sink.js";

const fill = (b: Buffer, text: string) => b.write(text, 0, "utf8");

describe("GzipSink", () => {
  it("compresses chunks in the order they are put, and returns each chunk to the pool once zlib consumed it", async () => {
    const pool = new BufferPool(256);
    const sink = new GzipSink(pool, 100);
    const texts = Array.from({ length: 20 }, (_, i) => `chunk ${i} ${"é".repeat(50)}\n`);
    for (const t of texts) {
      const b = sink.take(0);
      sink.put(b, fill(b, t));
    }
    const zipped = await sink.finish();
    expect(gunzipSync(zipped).toString("utf8")).toBe(texts.join(""));
    expect(pool.idle).toBe(8); // all 20 came back; the pool keeps 8
  });

  it("reports a backlog once `maxPending` chunks wait for zlib, and clears it as zlib catches up", async () => {
    const sink = new GzipSink(new BufferPool(1024), 2);
    expect(sink.backlog()).toBeUndefined();
    for (let i = 0; i < 2; i++) {
      const b = sink.take(0);
      sink.put(b, fill(b, `part ${i}\n`));
    }
    const backlog = sink.backlog();
    expect(backlog).toBeInstanceOf(Promise);
    await backlog;
    expect(sink.backlog()).toBeUndefined();
    expect(gunzipSync(await sink.finish()).toString()).toBe("part 0\npart 1\n");
  });

  it("produces a valid empty gzip member when nothing was written", async () => {
    const sink = new GzipSink(new BufferPool(64));
    const b = sink.take(0);
    sink.put(b, 0);
    expect(gunzipSync(await sink.finish()).length).toBe(0);
  });
});
