/**
 * The embedded default: an event log in process memory. Same contract as the PostgreSQL one (same validation,
 * dense seqs, copies in and out), but nothing survives the process — which is what "no URLs set" means.
 */
import { type AppendReceipt, checkRead, checkSnapshotSeq, type EventLog, type NewEvent, type Snapshot, type StoredEvent } from "../event-log.js";
import { encodeEvents } from "../events-encoding.js";
import { encodeJson, type JsonValue } from "../json.js";

interface Row {
  readonly seq: number;
  readonly type: string;
  readonly json: string;
  readonly at: string;
}

export class MemoryEventLog implements EventLog {
  // Rows keep JSON text, so callers can never mutate what is stored, and reads behave like PostgreSQL's.
  readonly #rows: Row[] = [];
  #snapshot: { seq: number; json: string; at: string } | undefined;

  async append(events: readonly NewEvent[]): Promise<AppendReceipt> {
    const encoded = encodeEvents(events);
    const at = new Date().toISOString();
    const firstSeq = this.#rows.length + 1;
    for (const e of encoded) this.#rows.push({ seq: this.#rows.length + 1, type: e.type, json: e.json, at });
    return { firstSeq, lastSeq: this.#rows.length, durability: "memory" };
  }

  async readFrom(fromSeq: number, limit?: number): Promise<StoredEvent[]> {
    const l = checkRead(fromSeq, limit);
    return this.#rows
      .slice(fromSeq - 1, fromSeq - 1 + l)
      .map((r) => ({ seq: r.seq, type: r.type, data: JSON.parse(r.json) as JsonValue, at: r.at }));
  }

  lastSeq(): number {
    return this.#rows.length;
  }

  async saveSnapshot(seq: number, state: JsonValue): Promise<void> {
    checkSnapshotSeq(seq, this.lastSeq());
    const json = encodeJson(state, "snapshot state");
    if (this.#snapshot && this.#snapshot.seq > seq) return; // never replace a newer snapshot with an older one
    this.#snapshot = { seq, json, at: new Date().toISOString() };
  }

  async loadSnapshot(): Promise<Snapshot | undefined> {
    const s = this.#snapshot;
    return s && { seq: s.seq, state: JSON.parse(s.json) as JsonValue, at: s.at };
  }
}
