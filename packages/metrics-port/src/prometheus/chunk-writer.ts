/**
 * Encodes rendered text as UTF-8 straight into the buffers a ByteSink supplies. Each string (one series'
 * lines, a family header) is encoded as soon as it is rendered, so no rope of the whole chunk is built and
 * kept alive: the young generation holds only the series being rendered, which keeps scavenges short during
 * a render of millions of characters. Strings are never split, so every buffer handed back ends on a string
 * boundary and is valid UTF-8 on its own.
 */
import type { ByteSink } from "./byte-sink.js";

/** UTF-8 needs at most 3 bytes per UTF-16 code unit (a surrogate pair: 4 bytes for 2 units). */
const MAX_UTF8_BYTES_PER_UNIT = 3;

export class ChunkWriter {
  private buffer: Buffer;
  private used = 0;
  private handedBack = 0;

  constructor(private readonly sink: ByteSink) {
    this.buffer = sink.take(0);
  }

  /** Bytes written so far. */
  get bytes(): number {
    return this.handedBack + this.used;
  }

  write(text: string): void {
    const free = this.buffer.length - this.used;
    // Only near the end of a buffer is the exact byte length worth computing.
    if (text.length * MAX_UTF8_BYTES_PER_UNIT > free) {
      const needed = Buffer.byteLength(text, "utf8");
      if (needed > free) {
        this.handBack();
        this.buffer = this.sink.take(needed);
      }
    }
    this.used += this.buffer.write(text, this.used, "utf8");
  }

  /** Hands the last buffer back; the writer must not be used afterwards. */
  end(): void {
    this.handBack();
  }

  private handBack(): void {
    this.sink.put(this.buffer, this.used);
    this.handedBack += this.used;
    this.used = 0;
  }
}
