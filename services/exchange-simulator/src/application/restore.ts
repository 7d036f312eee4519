/**
 * Start-up recovery: the exchange is rebuilt by replaying every event of the instance's durable log through a
 * fresh engine (the domain's `Exchange.restore`, which re-executes each command and checks that it derives the
 * very same events — a log that does not replay exactly refuses to start rather than restoring a different
 * state than was acknowledged).
 *
 * Snapshots are not used: the domain has no "restore from exported state" yet, so a snapshot could only be
 * checked, not loaded. Start-up time therefore grows with the log (see the README's "not done").
 */
import { MAX_READ_LIMIT, type EventLog, type StoredEvent } from "@tse/storage";
import { type EngineOptions, Exchange, type JournalEvent } from "../domain/index.js";
import { replaySilencedMetrics } from "./replay-metrics.js";

export class RestoreError extends Error {
  override name = "RestoreError";
}

/** Every event of the log, in order, as the engine's journal events. */
export async function readJournal(log: EventLog): Promise<JournalEvent[]> {
  const events: JournalEvent[] = [];
  for (let from = 1; ; ) {
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

/** The exchange as of the last durable event. */
export async function restoreExchange(log: EventLog, options: Omit<EngineOptions, "clock">): Promise<{ exchange: Exchange; events: number }> {
  const events = await readJournal(log);
  if (events.length === 0 || options.metrics === undefined) {
    return { exchange: events.length === 0 ? new Exchange(options) : Exchange.restore(events, options), events: events.length };
  }
  // Replay is history, not traffic: counters of a restarted process start from 0 (see replay-metrics.ts).
  const metrics = replaySilencedMetrics(options.metrics);
  const exchange = Exchange.restore(events, { ...options, metrics: metrics.port });
  metrics.resume();
  return { exchange, events: events.length };
}
