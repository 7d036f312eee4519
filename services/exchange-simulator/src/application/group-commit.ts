/**
 * Group commit of the engine's journal into the durable event log.
 *
 * The engine is synchronous and runs every command to completion before the next, so the journal events of
 * all commands executed in one event-loop turn are collected here and appended to the EventLog as ONE batch
 * (one transaction / one fsync). A command's answer waits for `whenDurable(seq)` of its last event: nobody
 * hears "accepted" before the event log has it. While a batch is being written, newer events queue up and go
 * out together in the next batch — under load batches grow instead of appends piling up.
 *
 * Fail-stop: if an append fails (StorageUnavailableError, a refused write, or an acknowledgement that does not
 * line up with the engine's sequence numbers), the in-memory engine is ahead of the durable log and nothing
 * can make them agree again except a restart (which replays the log). From then on every waiter and every
 * later write is refused with `failure`, and readiness reports it.
 *
 * One event-log event per journal event, in order: the log's dense seq equals the journal's seq, which
 * restore checks (see restore.ts).
 */
import type { EventLog, JsonValue, NewEvent } from "@tse/storage";
import type { JournalEvent } from "../domain/index.js";

interface Waiter {
  readonly seq: number;
  readonly resolve: () => void;
  readonly reject: (err: Error) => void;
}

export class JournalUnavailableError extends Error {
  override name = "JournalUnavailableError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

const RESOLVED: Promise<void> = Promise.resolve();

/**
 * The event as JSON data: fields whose value is undefined are absent (the journal treats them the same). Journal
 * events are immutable flat records: one without undefined fields is passed as it is, the others are copied
 * without them (the log refuses undefined values).
 */
function jsonOf(event: JournalEvent): JsonValue {
  const fields = event as unknown as Record<string, JsonValue | undefined>;
  for (const key in fields) {
    if (fields[key] === undefined) {
      const data: Record<string, JsonValue> = {};
      for (const k in fields) if (fields[k] !== undefined) data[k] = fields[k];
      return data;
    }
  }
  return fields as JsonValue;
}

export class GroupCommit {
  private pending: NewEvent[] = [];
  private pendingLastSeq: number;
  private durableSeq: number;
  private readonly waiters: Waiter[] = [];
  private scheduled = false;
  private writing: Promise<void> | undefined;
  private failure: JournalUnavailableError | undefined;
  /** Appends made and events written (for logs and tests). */
  batches = 0;
  eventsWritten = 0;

  constructor(
    private readonly log: EventLog,
    private readonly onFailure: (err: JournalUnavailableError) => void = () => {},
  ) {
    this.durableSeq = log.lastSeq();
    this.pendingLastSeq = this.durableSeq;
  }

  /** Journal listener: subscribe it to the exchange (`exchange.subscribeJournal(commit.record)`). */
  readonly record = (event: JournalEvent): void => {
    if (this.failure) return; // nothing becomes durable after a failure; the restart replays the log
    this.pending.push({ type: event.type, data: jsonOf(event) });
    this.pendingLastSeq = event.seq;
    this.schedule();
  };

  /** Why writes are refused, once the log has failed; undefined while healthy. */
  get failed(): JournalUnavailableError | undefined {
    return this.failure;
  }

  /** Highest journal seq known to be durable. */
  get durable(): number {
    return this.durableSeq;
  }

  /** Resolves when every event up to `seq` is durable; rejects with the failure if the log failed first. */
  whenDurable(seq: number): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (seq <= this.durableSeq) return RESOLVED;
    return new Promise((resolve, reject) => this.waiters.push({ seq, resolve, reject }));
  }

  /** Writes whatever is queued now and waits for it (shutdown). */
  async flush(): Promise<void> {
    while (!this.failure && (this.writing || this.pending.length > 0)) {
      await (this.writing ?? this.write());
    }
  }

  private schedule(): void {
    if (this.scheduled || this.writing) return;
    this.scheduled = true;
    // setImmediate runs after the current I/O phase: every command of this turn joins the batch.
    setImmediate(() => {
      this.scheduled = false;
      if (!this.writing) void this.write();
    });
  }

  private write(): Promise<void> {
    if (this.pending.length === 0 || this.failure) return RESOLVED;
    const batch = this.pending;
    const lastSeq = this.pendingLastSeq;
    this.pending = [];
    this.writing = this.append(batch, lastSeq).finally(() => {
      this.writing = undefined;
      if (this.pending.length > 0 && !this.failure) this.schedule();
    });
    return this.writing;
  }

  private async append(batch: NewEvent[], lastSeq: number): Promise<void> {
    try {
      const receipt = await this.log.append(batch);
      if (receipt.lastSeq !== lastSeq) {
        throw new Error(
          `the event log acknowledged up to seq ${receipt.lastSeq} but the engine's journal is at ${lastSeq} (another writer on this instance?)`,
        );
      }
    } catch (err) {
      this.fail(err);
      return;
    }
    this.batches++;
    this.eventsWritten += batch.length;
    this.durableSeq = lastSeq;
    // Waiters register in seq order (commands run one after another), so the durable ones are a prefix.
    let released = 0;
    while (released < this.waiters.length && this.waiters[released]!.seq <= lastSeq) this.waiters[released++]!.resolve();
    this.waiters.splice(0, released);
  }

  private fail(err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    this.failure = new JournalUnavailableError(
      `the event log refused a write (${message}); this instance no longer accepts writes until it is restarted`,
      { cause: err },
    );
    this.pending = [];
    for (const w of this.waiters.splice(0)) w.reject(this.failure);
    this.onFailure(this.failure);
  }
}
