/**
 * Gzip while rendering: every full chunk goes straight into an async zlib stream, which compresses it on
 * libuv's thread pool while the renderer produces the next one on the main thread. The uncompressed document
 * never exists as a whole (no big string, no concatenation), chunks come from a pool and go back to it once
 * zlib has consumed them, and the renderer pauses — giving the event loop away — when zlib falls behind.
 *
 * Compression level 1 (Z_BEST_SPEED): exposition text is so repetitive that it still shrinks ~30×, at about a
 * quarter of the CPU of the default level 6 (measured on a 10,000-series histogram: ~7 ms instead of ~25 ms
 * for ~20% more bytes). On a small machine that CPU is taken from the service being scraped.
 */
import { once } from "node:events";
import { constants, createGzip, type Gzip } from "node:zlib";
import type { BufferPool } from "./buffer-pool.js";
import type { ByteSink } from "./byte-sink.js";

/** Chunks handed to zlib and not yet consumed before the renderer waits: bounds memory to a few chunks. */
export const MAX_PENDING_CHUNKS = 4;

export class GzipSink implements ByteSink {
  private readonly gzip: Gzip;
  private readonly output: Buffer[] = [];
  private readonly ended: Promise<unknown>;
  private pending = 0;
  private failed = false;
  private resume: (() => void) | undefined;

  constructor(
    private readonly pool: BufferPool,
    private readonly maxPending: number = MAX_PENDING_CHUNKS,
  ) {
    this.gzip = createGzip({ level: constants.Z_BEST_SPEED });
    this.gzip.on("data", (b: Buffer) => this.output.push(b));
    this.ended = once(this.gzip, "end"); // rejects if the stream errors
    // The failure is reported by finish(); until then a rejection must not count as unhandled.
    this.ended.catch(() => {
      this.failed = true;
      this.wake();
    });
  }

  take(minBytes: number): Buffer {
    return this.pool.take(minBytes);
  }

  put(buffer: Buffer, length: number): void {
    if (length === 0 || this.failed) {
      this.pool.release(buffer);
      return;
    }
    this.pending++;
    // The callback runs once zlib has consumed the whole chunk (deflate copies input into its own window),
    // so the buffer may be reused from then on.
    this.gzip.write(buffer.subarray(0, length), () => {
      this.pending--;
      this.pool.release(buffer);
      if (this.pending < this.maxPending) this.wake();
    });
  }

  backlog(): Promise<void> | undefined {
    if (this.pending < this.maxPending || this.failed) return undefined;
    return new Promise((resolve) => {
      this.resume = resolve;
    });
  }

  /** Flushes the stream and returns the complete gzip member. */
  async finish(): Promise<Buffer> {
    this.gzip.end();
    await this.ended;
    return this.output.length === 1 ? this.output[0]! : Buffer.concat(this.output);
  }

  /** Releases zlib's memory when the render failed half-way. */
  abort(): void {
    this.gzip.destroy();
  }

  private wake(): void {
    const resume = this.resume;
    this.resume = undefined;
    resume?.();
  }
}
