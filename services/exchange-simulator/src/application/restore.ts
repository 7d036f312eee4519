/**
 * Start-up recovery: the exchange is rebuilt from the latest snapshot (snapshots.ts saves them) plus every event
 * of the instance's durable log after it — or from the whole log when there is no snapshot. Events are
 * replayed through the domain's `Exchange.restore`, which re-executes each command and checks that it derives
 * the very same events: a log that does not replay exactly refuses to start rather than restoring a different
 * state than was acknowledged.
 *
 * A snapshot the engine cannot load (EngineStateError: e.g. written by an incompatible version) is not fatal:
 * snapshots are an optimisation, so recovery falls back to the whole log and reports why.
 */
import { MAX_READ_LIMIT, type EventLog, type Snapshot, type StoredEvent } from "@tse/storage";
import { type EngineOptions, type EngineState, EngineStateError, Exchange, type JournalEvent } from "../domain/index.js";
import { replaySilencedMetrics } from "./replay-metrics.js";

export class RestoreError extends Error {
  override name = "RestoreError";
}

/** Every event of the log after `afterSeq` (default: all), in order, as the engine's journal events. */
export async function readJournal(log: EventLog, afterSeq = 0): Promise<JournalEvent[]> {
  const events: JournalEvent[] = [];
  for (let from = afterSeq + 1; ; ) {
    const page: StoredEvent[] = await log.readFrom(from, MAX_READ_LIMIT);
    for (const stored of page) events.push(journalEventOf(stored));
    if (page.length < MAX_READ_LIMIT) return events;
    from = page[page.length - 1]!.seq + 1;
  }
}

function journalEventOf(stored: StoredEvent): JournalEvent {
  const data = stored.data as unknown as JournalEvent | null;
  if (typeof data !== "object" || data === null || data.type !== stored.type || data.seq !== stored.seq) {
    throw new RestoreError(
      `event log entry ${stored.seq} (${stored.type}) is not the journal event of that seq; the log belongs to something else`,
    );
  }
  return data;
}

export interface RestoredExchange {
  readonly exchange: Exchange;
  /** Events replayed (after the snapshot, if one was used). */
  readonly events: number;
  /** Seq of the snapshot restored from; 0 when the whole log was replayed. */
  readonly snapshotSeq: number;
  /** Why a snapshot that exists was not used (recovery replayed the whole log instead). */
  readonly snapshotRejected?: string;
}

/** The exchange as of the last durable event: the latest snapshot plus the events after it. */
export async function restoreExchange(log: EventLog, options: Omit<EngineOptions, "clock">): Promise<RestoredExchange> {
  const snapshot = await log.loadSnapshot();
  if (snapshot !== undefined) {
    const state = snapshotState(snapshot);
    const events = await readJournal(log, snapshot.seq);
    try {
      return { exchange: replay(events, options, state), events: events.length, snapshotSeq: snapshot.seq };
    } catch (err) {
      if (!(err instanceof EngineStateError)) throw err;
      const all = await readJournal(log);
      return { exchange: replay(all, options), events: all.length, snapshotSeq: 0, snapshotRejected: err.message };
    }
  }
  const events = await readJournal(log);
  return { exchange: replay(events, options), events: events.length, snapshotSeq: 0 };
}

function replay(events: JournalEvent[], options: Omit<EngineOptions, "clock">, snapshot?: EngineState): Exchange {
  const restore = (o: Omit<EngineOptions, "clock">) =>
    events.length === 0 && snapshot === undefined ? new Exchange(o) : Exchange.restore(events, { ...o, ...(snapshot ? { snapshot } : {}) });
  if (options.metrics === undefined) return restore(options);
  // Replay is history, not traffic: counters of a restarted process start from 0 (see replay-metrics.ts).
  const metrics = replaySilencedMetrics(options.metrics);
  try {
    return restore({ ...options, metrics: metrics.port });
  } finally {
    metrics.resume();
  }
}

/** The snapshot's engine state; a snapshot that is not one of ours is refused (it names the wrong seq). */
function snapshotState(snapshot: Snapshot): EngineState {
  const state = snapshot.state as unknown as EngineState | null;
  if (typeof state !== "object" || state === null || state.lastSeq !== snapshot.seq) {
    throw new RestoreError(`the snapshot at seq ${snapshot.seq} is not an engine state of that seq; the log belongs to something else`);
  }
  return state;
}
