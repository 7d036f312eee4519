/**
 * Periodic engine snapshots, so that a restart loads the latest snapshot and replays only the events after it
 * (restore.ts) instead of the whole log.
 *
 * Every `intervalEvents` journal events, at the end of the operation that crossed the threshold, the engine's
 * state is exported (synchronously: O(held orders + accounts), not O(history), and no operation can be half
 * done — journal listeners run after an operation completes). It is encoded right away but a slice at a time
 * (encodeJsonInSlices: the event loop serves requests between slices — encoding a 200k-order state in one go
 * stalled every request for 0.4 s), and saved only once group commit reports every event up to its seq
 * durable: a snapshot must never describe events the log might still lose. The export is the only work done
 * in one piece on the order path. One snapshot is in flight at a time; a
 * threshold crossed meanwhile is taken at the next operation after it finishes.
 *
 * Snapshots are an optimisation: a failed save is reported (onError) and the next interval tries again; the
 * log still holds every event.
 *
 * Cost cap: a snapshot's synchronous work (export + encoding) grows with the state, and under sustained load a
 * big state would otherwise spend most of the event loop on snapshots (a 1M-order book every 100k events).
 * So `intervalEvents` is the spacing at the soonest: after a snapshot whose synchronous work took T, the next
 * waits until at least T × (1 / MAX_TIME_SHARE − 1) has passed, which keeps snapshots under MAX_TIME_SHARE of
 * the time; a restart then replays more events, in proportion to the state it would have had to load anyway.
 */
import { type EventLog, encodeJsonInSlices } from "@tse/storage";
import type { MatchingEngine } from "../domain/index.js";
import type { GroupCommit } from "./group-commit.js";

/** The largest share of the event loop's time that snapshots may take under sustained load. */
export const MAX_TIME_SHARE = 0.05;

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
  /** Milliseconds clock for the cost cap (tests); performance.now by default. */
  readonly now?: () => number;
}

export class Snapshotter {
  /** Seq of the last snapshot taken (saved or being saved). */
  private takenSeq: number;
  private inFlight: Promise<void> | undefined;
  private readonly unsubscribe: () => void;
  private readonly now: () => number;
  /** Clock time before which no snapshot is taken (the cost cap). */
  private notBefore = Number.NEGATIVE_INFINITY;
  /** Snapshots saved (tests, logs). */
  saved = 0;

  constructor(private readonly options: SnapshotterOptions) {
    if (!Number.isSafeInteger(options.intervalEvents) || options.intervalEvents <= 0) {
      throw new RangeError(`intervalEvents must be a positive integer (got ${options.intervalEvents})`);
    }
    this.takenSeq = options.lastSnapshotSeq ?? 0;
    this.now = options.now ?? (() => performance.now());
    this.unsubscribe = options.engine.subscribeJournal((event) => {
      // Only at an operation's last event: the engine's state then includes exactly the events up to it.
      if (
        event.seq === options.engine.lastSeq &&
        event.seq - this.takenSeq >= options.intervalEvents &&
        this.inFlight === undefined &&
        this.now() >= this.notBefore
      ) {
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
    const started = this.now();
    const state = engine.exportState();
    let cost = this.now() - started;
    const seq = state.lastSeq;
    this.takenSeq = seq;
    this.inFlight = (async () => {
      try {
        // The exported state is a detached copy: the engine may go on while it is encoded.
        const encoded = await encodeJsonInSlices(state, "snapshot state", { now: this.now });
        cost += encoded.busyMs;
        await journal.whenDurable(seq);
        await log.saveSnapshot(seq, encoded.json);
        this.saved++;
        onSaved?.(seq);
      } catch (err) {
        onError?.(err);
      } finally {
        this.notBefore = this.now() + cost * (1 / MAX_TIME_SHARE - 1);
        this.inFlight = undefined;
      }
    })();
  }
}
