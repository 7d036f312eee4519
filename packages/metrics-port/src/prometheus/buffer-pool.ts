/**
 * Fixed-size chunk buffers kept across scrapes. A gzip scrape streams the document through a handful of
 * chunks, so in the steady state it allocates no chunk memory at all — allocating ~5–15 MB of fresh
 * (external) buffers per scrape is what made V8 schedule extra full GCs, and those land inside a render.
 */

/** Chunk size: big enough that the per-chunk overhead (a zlib job, a callback) is negligible. */
export const CHUNK_BYTES = 64 * 1024;

export class BufferPool {
  private readonly free: Buffer[] = [];

  constructor(
    readonly chunkBytes: number = CHUNK_BYTES,
    /** How many idle chunks are kept; more are left to the GC. */
    private readonly keep: number = 8,
  ) {}

  /** A chunk of `chunkBytes` (recycled when one is free), or a one-off buffer when `minBytes` is larger. */
  take(minBytes: number): Buffer {
    if (minBytes > this.chunkBytes) return Buffer.allocUnsafeSlow(minBytes);
    return this.free.pop() ?? Buffer.allocUnsafeSlow(this.chunkBytes);
  }

  /** Returns a buffer from `take` once nothing reads it any more. One-off buffers are not kept. */
  release(buffer: Buffer): void {
    if (buffer.length === this.chunkBytes && this.free.length < this.keep) this.free.push(buffer);
  }

  /** Idle chunks (diagnostics and tests). */
  get idle(): number {
    return this.free.length;
  }
}
