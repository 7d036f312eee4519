/**
 * `COPY … FROM STDIN` through node-postgres without pg-copy-streams: a "submittable" (the documented extension
 * point pg-cursor and pg-query-stream use) that sends the statement and its data in one write and resolves with
 * the number of rows copied once the server is ready again — for a COPY outside a transaction block that is after
 * its commit.
 *
 * The data is sent right behind the COPY statement instead of after the server's CopyInResponse: one round trip
 * instead of two. The protocol allows it — if the statement fails before copying starts, the server drops the
 * CopyData/CopyDone messages that follow it ("simply be dropped", Frontend/Backend Protocol, COPY Operations).
 */
import type pg from "pg";

/** The parts of pg's internal Connection a submittable writes to. */
interface CopyConnection {
  readonly stream: { cork?(): void; uncork?(): void };
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

type Callback = (err: Error | null, rowCount?: number) => void;

class CopyFromStdin {
  callback: Callback | undefined;
  #rowCount = 0;
  #done = false;

  constructor(
    readonly text: string,
    readonly data: () => Buffer,
  ) {}

  submit(connection: CopyConnection): Error | undefined {
    let data: Buffer;
    try {
      data = this.data();
    } catch (err) {
      return err instanceof Error ? err : new Error(String(err)); // node-postgres fails the query with it
    }
    // Three messages, one write (one syscall, one wake-up of the server), as node-postgres does for its queries.
    connection.stream.cork?.();
    try {
      connection.query(this.text);
      connection.sendCopyFromChunk(data);
      connection.endCopyFrom();
    } finally {
      connection.stream.uncork?.();
    }
    return undefined;
  }

  handleCopyInResponse(): void {} // the data is on its way already
  handleCommandComplete(msg: { text: string }): void {
    this.#rowCount = Number(msg.text.slice(msg.text.lastIndexOf(" ") + 1));
  }
  handleReadyForQuery(): void {
    this.#finish(null, this.#rowCount);
  }
  handleError(err: Error): void {
    this.#finish(err);
  }
  // Not expected from COPY FROM; present because the client calls whatever the server's messages name.
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handleCopyData(): void {}
  handlePortalSuspended(): void {}

  #finish(err: Error | null, rowCount?: number): void {
    if (this.#done) return;
    this.#done = true;
    this.callback?.(err, rowCount);
  }
}

/**
 * Runs `COPY … FROM STDIN`; resolves the row count. `data` produces the bytes (in the COPY format the statement
 * names) when the statement is sent; they are copied into the message at once, so it may return a reused buffer.
 */
export function copyFromStdin(client: pg.ClientBase, text: string, data: () => Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const copy = new CopyFromStdin(text, data);
    // Set before query(): node-postgres wraps it for its query_timeout.
    copy.callback = (err, rowCount) => (err ? reject(err) : resolve(rowCount ?? 0));
    client.query(copy as unknown as pg.QueryConfig);
  });
}
