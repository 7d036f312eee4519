/**
 * The PostgreSQL event log: appends go through the outbox (direct, or journaled while PostgreSQL is away),
 * reads merge the table with what the outbox still holds, so a writer always reads its own acknowledged
 * events — even during an outage, for the part of the log PostgreSQL is not needed for.
 */
import { type EncodedJson, isEncodedJson } from "../json-slices.js";
import {
  type AppendReceipt,
  checkRead,
  checkSnapshotSeq,
  type EventLog,
  type NewEvent,
  type Snapshot,
  type StoredEvent,
} from "../event-log.js";
import { encodeJson, type JsonValue } from "../json.js";
import type { Outbox } from "../outbox/outbox.js";
import type { PostgresEventStore } from "./event-store.js";

export class PostgresEventLog implements EventLog {
  readonly #store: PostgresEventStore;
  readonly #outbox: Outbox;

  constructor(store: PostgresEventStore, outbox: Outbox) {
    this.#store = store;
    this.#outbox = outbox;
  }

  append(events: readonly NewEvent[]): Promise<AppendReceipt> {
    return this.#outbox.append(events);
  }

  async readFrom(fromSeq: number, limit?: number): Promise<StoredEvent[]> {
    const l = checkRead(fromSeq, limit);
    // Pending first: an event replayed between the two reads then shows up twice (deduplicated below)
    // instead of not at all.
    const pending = this.#outbox.pendingFrom(fromSeq);
    if (fromSeq > this.#outbox.persistedSeq) return pending.slice(0, l);
    const stored = await this.#store.read(fromSeq, l);
    if (pending.length === 0) return stored;
    const bySeq = new Map<number, StoredEvent>();
    for (const e of stored) bySeq.set(e.seq, e);
    for (const e of pending) if (!bySeq.has(e.seq)) bySeq.set(e.seq, e);
    return [...bySeq.values()].sort((a, b) => a.seq - b.seq).slice(0, l);
  }

  lastSeq(): number {
    return this.#outbox.lastSeq;
  }

  async saveSnapshot(seq: number, state: JsonValue | EncodedJson): Promise<void> {
    checkSnapshotSeq(seq, this.lastSeq());
    await this.#store.saveSnapshot(seq, isEncodedJson(state) ? state.text : encodeJson(state, "snapshot state"));
  }

  loadSnapshot(): Promise<Snapshot | undefined> {
    return this.#store.loadSnapshot();
  }
}
