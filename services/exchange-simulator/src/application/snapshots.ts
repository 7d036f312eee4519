/**
 * Periodic engine snapshots, so that a restart loads the latest snapshot and replays only the events after it
 * (restore.ts) instead of the whole log.
 *
 * Every `intervalEvents` journal events, at the end of the operation that crossed the threshold, the engine's
 * state is exported (synchronously: O(held orders + accounts), not O(history), and no operation can be half
 * done — journal listeners run after an operation completes). It is saved only once group commit reports every
 * event up to its seq durable: a snapshot must never describe events the log might still lose. The export is
 * the only work on the order path; waiting and writing happen off it. One snapshot is in flight at a time; a
 * threshold crossed meanwhile is taken at the next operation after it finishes.
 *
 * Snapshots are an optimisation: a failed save is reported (onError) and the next interval tries again; the
 * log still holds every event.
 */
import type { EventLog, JsonValue } from "@tse/storage";
import type { MatchingEngine } from "../domain/index.js";
import type { GroupCommit } from "./group-commit.js";

export interface SnapshotterOptions {
  readonly log: EventLog;
  readonly engine: MatchingEngine;
  readonly journal: GroupCommit;
  /** Events between snapshots (> 0). */
  readonly intervalEvents: number;
  /** Seq of the snapshot the engine was restored from (0: none), where counting starts. */
  readonly lastSnapshotSeq?: number;
  /** Receives failed saves (snapshots are best-effort). */
  readonly onError?: (err: unknown) => void;
  /** Called after each saved snapshot (logging). */
  readonly onSaved?: (seq: number) => void;
}

export class Snapshotter {
  /** Seq of the last snapshot taken (saved or being saved). */
  private takenSeq: number;
  private inFlight: Promise<void> | undefined;
  private readonly unsubscribe: () => void;
  /** Snapshots saved (tests, logs). */
  saved = 0;

  constructor(private readonly options: SnapshotterOptions) {
    if (!Number.isSafeInteger(options.intervalEvents) || options.intervalEvents <= 0) {
      throw new RangeError(`intervalEvents must be a positive integer (got ${options.intervalEvents})`);
    }
    this.takenSeq = options.lastSnapshotSeq ?? 0;
    this.unsubscribe = options.engine.subscribeJournal((event) => {
      // Only at an operation's last event: the engine's state then includes exactly the events up to it.
      if (event.seq === options.engine.lastSeq && event.seq - this.takenSeq >= options.intervalEvents && this.inFlight === undefined) {
        this.take();
      }
    });
  }

  /** Waits for the snapshot being saved, if any (tests, shutdown). */
  async idle(): Promise<void> {
    await this.inFlight;
  }

  /** Stops taking snapshots (a save in flight still completes; await idle()). */
  stop(): void {
    this.unsubscribe();
  }

  private take(): void {
    const { engine, journal, log, onError, onSaved } = this.options;
    const state = engine.exportState();
    const seq = state.lastSeq;
    this.takenSeq = seq;
    this.inFlight = (async () => {
      try {
        await journal.whenDurable(seq);
        await log.saveSnapshot(seq, state as unknown as JsonValue);
        this.saved++;
        onSaved?.(seq);
      } catch (err) {
        onError?.(err);
      } finally {
        this.inFlight = undefined;
      }
    })();
  }
}
