/**
 * One acknowledged append as the outbox carries it: a run of events with consecutive seqs, sequenced at one
 * instant. The journal stores records as JSON whose `data` members are the events' JSON text verbatim, so a
 * record replayed from the journal writes exactly the bytes a direct write would have written.
 */
import type { StoredEvent } from "../event-log.js";
import type { EncodedEvent } from "../events-encoding.js";
import type { JsonValue } from "../json.js";

export interface OutboxRecord {
  /** Seq of the first event; event i has seq + i. */
  readonly seq: number;
  readonly at: string;
  readonly events: readonly EncodedEvent[];
}

export const lastSeqOf = (r: OutboxRecord): number => r.seq + r.events.length - 1;

export function encodeRecord(r: OutboxRecord): string {
  const events = r.events.map((e) => `{"type":${JSON.stringify(e.type)},"data":${e.json}}`).join(",");
  return `{"seq":${r.seq},"at":${JSON.stringify(r.at)},"events":[${events}]}`;
}

/** Parses a journal entry; throws on anything that is not a well-formed record. */
export function decodeRecord(text: string): OutboxRecord {
  const v = JSON.parse(text) as { seq?: unknown; at?: unknown; events?: unknown };
  if (!Number.isSafeInteger(v.seq) || (v.seq as number) < 1) throw new Error("record seq must be an integer ≥ 1");
  if (typeof v.at !== "string" || Number.isNaN(Date.parse(v.at))) throw new Error("record at must be an ISO time");
  if (!Array.isArray(v.events) || v.events.length === 0) throw new Error("record events must be a non-empty array");
  const events = v.events.map((e: { type?: unknown; data?: unknown }) => {
    if (typeof e?.type !== "string" || !("data" in e)) throw new Error("record event must have type and data");
    // JSON.stringify(JSON.parse(x)) === x for text JSON.stringify produced, so this is the original text.
    return { type: e.type, json: JSON.stringify(e.data) };
  });
  return { seq: v.seq as number, at: v.at, events };
}

/** The record's events at or after `fromSeq`, as readers see them. */
export function storedEvents(r: OutboxRecord, fromSeq = 1): StoredEvent[] {
  const out: StoredEvent[] = [];
  r.events.forEach((e, i) => {
    const seq = r.seq + i;
    if (seq >= fromSeq) out.push({ seq, type: e.type, data: JSON.parse(e.json) as JsonValue, at: r.at });
  });
  return out;
}
