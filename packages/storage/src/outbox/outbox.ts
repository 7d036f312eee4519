/**
 * The outbox: the single writer that makes "acknowledged" mean "durable".
 *
 * Appends queue up and are written in order by one loop, in batches (group commit):
 *  - direct mode: a batch is one PostgreSQL transaction; committed → acknowledged ("postgres").
 *  - PostgreSQL unreachable (a transient error): the batch — possibly committed, we cannot know — and every
 *    later batch go to the local journal (fsync'd) and are acknowledged from there ("journal"). Order is kept
 *    because nothing goes direct again until the journal has been replayed.
 *  - replay: a timer with capped exponential backoff retries the journaled records, oldest first, in batches.
 *    The sink is idempotent per seq, so records a crash or an ambiguous commit left already stored are not
 *    stored twice. When the journal is empty it is truncated and direct mode resumes.
 *  - neither possible (journal full or unwritable) or backlog above maxPendingEvents: the append is refused
 *    with StorageUnavailableError (→ 503), and consumes no seq.
 * Seqs are assigned inside the loop, when a batch is written, so a refused append leaves no gap.
 */
import { StorageUnavailableError, type WriteErrorReason, WriteRejectedError } from "../errors.js";
import type { AppendReceipt, Durability, NewEvent, StoredEvent } from "../event-log.js";
import { type EncodedEvent, encodeEvents } from "../events-encoding.js";
import { errorMessage, type StorageLogger } from "../logger.js";
import type { OutboxInstruments } from "../metrics.js";
import { JournalError, type JournalFile } from "./journal-file.js";
import { encodeRecord, lastSeqOf, type OutboxRecord, storedEvents } from "./record.js";

/** Where records go when PostgreSQL is reachable. */
export interface RecordSink {
  /** Stores records in one transaction. Must be idempotent per seq: a record already stored is a no-op. */
  persist(records: readonly OutboxRecord[]): Promise<void>;
  /** True when a persist failure means "unreachable/busy, retry later" rather than "this write is wrong". */
  isTransient(err: unknown): boolean;
}

export interface OutboxOptions {
  readonly sink: RecordSink;
  readonly journal: JournalFile;
  /** Records read back from the journal at open, in order (some may already be stored: that is fine). */
  readonly recovered: readonly OutboxRecord[];
  /** Highest seq the sink already holds. */
  readonly persistedSeq: number;
  /** Most events that may wait (queued + journaled) before appends are refused. */
  readonly maxPendingEvents: number;
  /** Most events per transaction / journal write. Default 1000. */
  readonly maxBatchEvents?: number;
  /** First replay delay after an outage starts, doubled per failed attempt up to replayMaxDelayMs. */
  readonly replayMinDelayMs?: number;
  readonly replayMaxDelayMs?: number;
  readonly instruments: OutboxInstruments;
  readonly logger: StorageLogger;
}

export type OutboxHealth = { readonly ok: true } | { readonly ok: false; readonly reason: WriteErrorReason; readonly message: string };

interface Queued {
  readonly events: readonly EncodedEvent[];
  resolve(receipt: AppendReceipt): void;
  reject(err: unknown): void;
}

export class Outbox {
  readonly #o: OutboxOptions;
  readonly #maxBatch: number;
  readonly #minDelay: number;
  readonly #maxDelay: number;
  #queue: Queued[] = [];
  #queuedEvents = 0;
  /** Acknowledged (or in-doubt) records not yet known to be in PostgreSQL, in seq order. */
  #pending: OutboxRecord[] = [];
  #pendingEvents = 0;
  #mode: "direct" | "journal";
  #nextSeq: number;
  #ackedSeq: number;
  #persistedSeq: number;
  #chain: Promise<void> = Promise.resolve();
  #drainScheduled = false;
  #replayTimer: NodeJS.Timeout | undefined;
  #replayDelay: number;
  #closed = false;
  /** A condition that currently refuses or blocks writes (for readiness). */
  #trouble: { reason: WriteErrorReason; message: string } | undefined;

  constructor(o: OutboxOptions) {
    this.#o = o;
    this.#maxBatch = o.maxBatchEvents ?? 1000;
    this.#minDelay = o.replayMinDelayMs ?? 50;
    this.#maxDelay = Math.max(this.#minDelay, o.replayMaxDelayMs ?? 2000);
    this.#replayDelay = this.#minDelay;
    let last = o.persistedSeq;
    for (const r of o.recovered) {
      if (this.#pending.length > 0 && r.seq <= lastSeqOf(this.#pending.at(-1)!)) {
        throw new Error(`journal ${o.journal.path}: record seq ${r.seq} is out of order`);
      }
      this.#pending.push(r);
      this.#pendingEvents += r.events.length;
      last = Math.max(last, lastSeqOf(r));
    }
    this.#nextSeq = last + 1;
    this.#ackedSeq = last;
    this.#persistedSeq = o.persistedSeq;
    this.#mode = this.#pending.length > 0 ? "journal" : "direct";
    this.#gauges();
  }

  /** Replays what the journal held at open (one pass; anything left is retried in the background). */
  async start(): Promise<void> {
    if (this.#pending.length === 0) return;
    this.#o.logger.warn({ events: this.#pendingEvents, journal: this.#o.journal.path }, "replaying the local journal into PostgreSQL");
    while (this.#pending.length > 0) {
      const before = this.#pendingEvents;
      await this.#serial(() => this.#replay());
      if (this.#pendingEvents >= before) break; // not progressing: the timer takes over
    }
  }

  /** Appends events; resolves once durable. See EventLog.append for the errors. */
  async append(events: readonly NewEvent[]): Promise<AppendReceipt> {
    const encoded = encodeEvents(events);
    if (this.#closed) {
      this.#o.instruments.writeError("closed", encoded.length);
      throw new StorageUnavailableError("closed", "storage is closed");
    }
    const waiting = this.#queuedEvents + this.#pendingEvents;
    if (waiting + encoded.length > this.#o.maxPendingEvents) {
      this.#o.instruments.writeError("backlog_full", encoded.length);
      throw new StorageUnavailableError(
        "backlog_full",
        `write backlog full: ${waiting} events waiting, at most ${this.#o.maxPendingEvents} (STORAGE_OUTBOX_MAX_PENDING)`,
      );
    }
    return new Promise<AppendReceipt>((resolve, reject) => {
      this.#queue.push({ events: encoded, resolve, reject });
      this.#queuedEvents += encoded.length;
      this.#kick();
    });
  }

  /** Highest acknowledged seq. */
  get lastSeq(): number {
    return this.#ackedSeq;
  }

  /** Highest seq known to be stored in PostgreSQL. */
  get persistedSeq(): number {
    return this.#persistedSeq;
  }

  /** Acknowledged events not yet in PostgreSQL. */
  get pendingEvents(): number {
    return this.#pendingEvents;
  }

  get mode(): "direct" | "journal" {
    return this.#mode;
  }

  /** Acknowledged events not yet in PostgreSQL with seq ≥ fromSeq (readers merge them with the table). */
  pendingFrom(fromSeq: number): StoredEvent[] {
    return this.#pending.filter((r) => lastSeqOf(r) >= fromSeq).flatMap((r) => storedEvents(r, fromSeq));
  }

  /** Whether appends can currently be taken; the reason when not. */
  health(): OutboxHealth {
    if (this.#closed) return { ok: false, reason: "closed", message: "storage is closed" };
    if (this.#trouble) return { ok: false, ...this.#trouble };
    if (this.#queuedEvents + this.#pendingEvents >= this.#o.maxPendingEvents) {
      return { ok: false, reason: "backlog_full", message: `${this.#pendingEvents} events waiting for PostgreSQL` };
    }
    return { ok: true };
  }

  /** Resolves when every append queued so far has been acknowledged or refused. */
  async flush(): Promise<void> {
    while (this.#queue.length > 0 || this.#drainScheduled) await this.#chain;
  }

  /** Refuses new appends, finishes queued ones, makes one last replay attempt, closes the journal. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.flush();
    clearTimeout(this.#replayTimer);
    this.#replayTimer = undefined;
    while (this.#pending.length > 0) {
      const before = this.#pendingEvents;
      await this.#serial(() => this.#replay());
      if (this.#pendingEvents >= before) break; // stays in the journal for the next start
    }
    await this.#chain;
    await this.#o.journal.close();
  }

  /** Runs `fn` after everything already scheduled: the single-writer discipline. */
  #serial(fn: () => Promise<void>): Promise<void> {
    const run = this.#chain.then(fn);
    this.#chain = run.catch((err) => this.#o.logger.error({ err: errorMessage(err) }, "outbox step failed unexpectedly"));
    return this.#chain;
  }

  #kick(): void {
    if (this.#drainScheduled) return;
    this.#drainScheduled = true;
    void this.#serial(async () => {
      this.#drainScheduled = false;
      await this.#processNextBatch();
      // One batch per turn, so a pending replay gets its turn between batches under sustained load.
      if (this.#queue.length > 0) this.#kick();
    });
  }

  async #processNextBatch(): Promise<void> {
    const batch: Queued[] = [];
    let events = 0;
    while (this.#queue.length > 0) {
      const next = this.#queue[0]!;
      if (batch.length > 0 && events + next.events.length > this.#maxBatch) break;
      this.#queue.shift();
      batch.push(next);
      events += next.events.length;
    }
    this.#queuedEvents -= events;
    if (batch.length > 0) await this.#process(batch);
  }

  async #process(batch: Queued[]): Promise<void> {
    try {
      if (this.#mode === "direct") await this.#writeDirect(batch);
      else await this.#writeJournal(batch, this.#sequence(batch), false);
    } catch (err) {
      // Only a bug gets here; never leave a caller waiting forever.
      for (const q of batch) q.reject(err);
      throw err;
    }
  }

  #sequence(batch: readonly Queued[]): OutboxRecord[] {
    const at = new Date().toISOString();
    return batch.map((q) => {
      const record = { seq: this.#nextSeq, at, events: q.events };
      this.#nextSeq += q.events.length;
      return record;
    });
  }

  async #writeDirect(batch: Queued[]): Promise<void> {
    const records = this.#sequence(batch);
    try {
      await this.#o.sink.persist(records);
    } catch (err) {
      const events = countEvents(records);
      if (!this.#o.sink.isTransient(err)) {
        this.#nextSeq = records[0]!.seq; // the transaction failed: nothing of it is stored
        if (batch.length > 1) {
          for (const q of batch) await this.#process([q]); // find the culprit; the others still go through
          return;
        }
        this.#o.instruments.writeError("rejected", events);
        batch[0]!.reject(new WriteRejectedError(`PostgreSQL refused the write: ${errorMessage(err)}`, { cause: err }));
        return;
      }
      this.#o.instruments.writeError("postgres_unavailable", events);
      if (this.#mode === "direct") {
        this.#mode = "journal";
        this.#o.logger.warn({ err: errorMessage(err) }, "PostgreSQL unreachable: acknowledging writes from the local journal");
        this.#replayDelay = this.#minDelay;
        this.#scheduleReplay(this.#replayDelay);
      }
      // The commit may or may not have happened: the journal + idempotent replay settle it.
      await this.#writeJournal(batch, records, true);
      return;
    }
    this.#persistedSeq = Math.max(this.#persistedSeq, lastSeqOf(records.at(-1)!));
    this.#acknowledge(batch, records, "postgres");
  }

  async #writeJournal(batch: Queued[], records: OutboxRecord[], inDoubt: boolean): Promise<void> {
    try {
      await this.#o.journal.append(records.map(encodeRecord));
    } catch (err) {
      const reason: WriteErrorReason = err instanceof JournalError && err.reason === "full" ? "journal_full" : "journal_unwritable";
      this.#o.instruments.writeError(reason, countEvents(records));
      if (inDoubt) {
        // Possibly committed already: keep them (in memory) so replay settles them and seqs stay dense.
        this.#addPending(records);
      } else {
        this.#nextSeq = records[0]!.seq;
      }
      const message = `write refused: PostgreSQL is unreachable and ${errorMessage(err)}`;
      this.#trouble = { reason, message };
      const refusal = new StorageUnavailableError(reason, message, { cause: err });
      for (const q of batch) q.reject(refusal);
      return;
    }
    this.#addPending(records);
    this.#o.instruments.journaled.inc(countEvents(records));
    this.#acknowledge(batch, records, "journal");
  }

  #acknowledge(batch: readonly Queued[], records: readonly OutboxRecord[], durability: Durability): void {
    if (this.#trouble && this.#trouble.reason !== "replay_failed") this.#trouble = undefined;
    batch.forEach((q, i) => {
      const r = records[i]!;
      this.#ackedSeq = Math.max(this.#ackedSeq, lastSeqOf(r));
      q.resolve({ firstSeq: r.seq, lastSeq: lastSeqOf(r), durability });
    });
    this.#gauges();
  }

  #addPending(records: readonly OutboxRecord[]): void {
    this.#pending.push(...records);
    this.#pendingEvents += countEvents(records);
    this.#gauges();
  }

  #scheduleReplay(delayMs: number): void {
    if (this.#closed || this.#replayTimer) return;
    this.#replayTimer = setTimeout(() => {
      this.#replayTimer = undefined;
      void this.#serial(() => this.#replay());
    }, delayMs);
    this.#replayTimer.unref(); // the journal is durable: a pending replay must not keep a process alive
  }

  async #replay(): Promise<void> {
    if (this.#pending.length === 0) return this.#caughtUp();
    const batch: OutboxRecord[] = [];
    let events = 0;
    for (const r of this.#pending) {
      if (batch.length > 0 && events + r.events.length > this.#maxBatch) break;
      batch.push(r);
      events += r.events.length;
    }
    try {
      await this.#o.sink.persist(batch);
    } catch (err) {
      if (!this.#o.sink.isTransient(err)) {
        // An acknowledged write PostgreSQL refuses: never dropped, so replay stops here until someone looks.
        this.#o.instruments.writeError("replay_failed", events);
        this.#trouble = { reason: "replay_failed", message: `journal replay blocked at seq ${batch[0]!.seq}: ${errorMessage(err)}` };
        this.#o.logger.error({ seq: batch[0]!.seq, err: errorMessage(err) }, "journal replay refused by PostgreSQL; retrying");
      }
      this.#replayDelay = Math.min(this.#replayDelay * 2, this.#maxDelay);
      this.#scheduleReplay(this.#replayDelay);
      return;
    }
    this.#pending.splice(0, batch.length);
    this.#pendingEvents -= events;
    this.#persistedSeq = Math.max(this.#persistedSeq, lastSeqOf(batch.at(-1)!));
    this.#o.instruments.replayed.inc(events);
    if (this.#trouble?.reason === "replay_failed") this.#trouble = undefined;
    this.#replayDelay = this.#minDelay;
    this.#gauges();
    if (this.#pending.length === 0) await this.#caughtUp();
    else this.#scheduleReplay(0);
  }

  /** Everything journaled is in PostgreSQL: empty the journal and write directly again. */
  async #caughtUp(): Promise<void> {
    try {
      await this.#o.journal.reset();
    } catch (err) {
      // Harmless for correctness (its records are stored; a later replay skips them), but it keeps its size.
      this.#o.logger.warn({ err: errorMessage(err), journal: this.#o.journal.path }, "could not truncate the journal");
    }
    if (this.#trouble && this.#trouble.reason !== "replay_failed") this.#trouble = undefined;
    if (this.#mode === "journal") {
      this.#mode = "direct";
      this.#o.logger.info({ persistedSeq: this.#persistedSeq }, "PostgreSQL reachable again: journal replayed, writing directly");
    }
    this.#gauges();
  }

  #gauges(): void {
    this.#o.instruments.pending.set(this.#pendingEvents);
    this.#o.instruments.journalBytes.set(this.#o.journal.sizeBytes);
  }
}

const countEvents = (records: readonly OutboxRecord[]) => records.reduce((n, r) => n + r.events.length, 0);
