/**
 * Every metric @tse/storage declares. Names are owned here (architecture §5); counts are in events, so the
 * numbers add up: journaled_total − replayed_total = pending (for one process lifetime).
 */
import { type BoundCounter, type BoundGauge, defineCounter, defineGauge, type MetricsPort } from "@tse/metrics-port";
import { WRITE_ERROR_REASONS, type WriteErrorReason } from "./errors.js";

export const outboxPending = defineGauge({
  name: "storage_outbox_pending",
  help: "Acknowledged events not yet stored in PostgreSQL (held in the local journal or in doubt)",
});

export const outboxJournalBytes = defineGauge({
  name: "storage_outbox_journal_bytes",
  help: "Size of the local write-ahead journal file",
  unit: "bytes",
});

export const outboxJournaledTotal = defineCounter({
  name: "storage_outbox_journaled_total",
  help: "Events acknowledged from the local journal because PostgreSQL was unreachable",
});

export const outboxReplayedTotal = defineCounter({
  name: "storage_outbox_replayed_total",
  help: "Journaled events replayed into PostgreSQL",
});

export const writeErrorsTotal = defineCounter({
  name: "storage_write_errors_total",
  help: "Events whose write failed at one storage step, by reason (postgres_unavailable means they were journaled)",
  labelNames: ["reason"] as const,
  maxSeries: WRITE_ERROR_REASONS.length,
});

export const discoveryRegistered = defineGauge({
  name: "storage_discovery_registered",
  help: "1 while the last discovery heartbeat of this instance reached Redis, else 0",
});

export interface OutboxInstruments {
  readonly pending: BoundGauge;
  readonly journalBytes: BoundGauge;
  readonly journaled: BoundCounter;
  readonly replayed: BoundCounter;
  writeError(reason: WriteErrorReason, events: number): void;
}

export function outboxInstruments(metrics: MetricsPort): OutboxInstruments {
  const errors = metrics.counter(writeErrorsTotal);
  // Bind every reason up front so each series exists (at 0) from the first scrape: rate() needs a baseline.
  const byReason = new Map(WRITE_ERROR_REASONS.map((reason) => [reason, errors.bind({ reason })]));
  return {
    pending: metrics.gauge(outboxPending).bind(),
    journalBytes: metrics.gauge(outboxJournalBytes).bind(),
    journaled: metrics.counter(outboxJournaledTotal).bind(),
    replayed: metrics.counter(outboxReplayedTotal).bind(),
    writeError: (reason, events) => byReason.get(reason)?.inc(events),
  };
}
