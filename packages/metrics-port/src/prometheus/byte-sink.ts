/**
 * Where the renderer's bytes go. The renderer (through a ChunkWriter) asks the sink for a buffer, encodes text
 * into it, and hands back the written part; the sink decides what a buffer is — a slice of one growing
 * response body (identity), or a recycled chunk that is streamed into gzip while rendering continues.
 */

export interface ByteSink {
  /** A buffer to write into, at least `minBytes` long. It belongs to the writer until handed back with `put`. */
  take(minBytes: number): Buffer;
  /** Hands back a buffer from `take` whose first `length` bytes were written (`length` may be 0). */
  put(buffer: Buffer, length: number): void;
  /**
   * Backpressure: a promise while the sink holds more unprocessed bytes than it wants (gzip is behind the
   * renderer), resolving once it has caught up; undefined when the renderer may go on.
   */
  backlog(): Promise<void> | undefined;
}

/** First allocation of an identity body when there is no size hint yet. */
const MIN_BODY_BYTES = 64 * 1024;

/**
 * The uncompressed response body, written in place: `take` returns the free tail of one buffer, so the
 * document is never assembled from chunks. Sized from a hint (the previous render of the same format) so a
 * steady-state scrape allocates once and copies nothing; when the document outgrows it, the buffer doubles.
 */
export class BodySink implements ByteSink {
  private body: Buffer;
  private size = 0;
  /** How many times the buffer had to grow (diagnostics and tests). */
  grown = 0;

  constructor(expectedBytes = 0) {
    this.body = Buffer.allocUnsafeSlow(Math.max(MIN_BODY_BYTES, Math.ceil(expectedBytes)));
  }

  take(minBytes: number): Buffer {
    if (this.body.length - this.size < minBytes) this.grow(minBytes);
    return this.body.subarray(this.size);
  }

  put(_buffer: Buffer, length: number): void {
    // `_buffer` is the tail view `take` returned, so its bytes are already in place.
    this.size += length;
  }

  backlog(): undefined {
    return undefined;
  }

  /** The document: a view of exactly the bytes written. */
  finish(): Buffer {
    return this.body.subarray(0, this.size);
  }

  private grow(minBytes: number): void {
    const next = Buffer.allocUnsafeSlow(Math.max(this.body.length * 2, this.size + minBytes));
    this.body.copy(next, 0, 0, this.size);
    this.body = next;
    this.grown++;
  }
}
