/**
 * The embedded default: an event log in process memory. Same contract as the PostgreSQL one (same validation,
 * dense seqs, copies in and out), but nothing survives the process — which is what "no URLs set" means.
 *
 * Each append keeps its events' JSON texts joined into one string, and per event a few integers in typed
 * arrays (which text, where in it, its type, its append's time): a log of millions of events is a few large
 * strings and arrays to the garbage collector, not millions of small strings and row objects to trace and
 * copy (those were most of a busy service's GC time). Reads slice the texts back out.
 */
import { type EncodedJson, isEncodedJson } from "../json-slices.js";
import { type AppendReceipt, checkRead, checkSnapshotSeq, type EventLog, type NewEvent, type Snapshot, type StoredEvent } from "../event-log.js";
import { encodeEvents } from "../events-encoding.js";
import { encodeJson, type JsonValue } from "../json.js";

const INITIAL_EVENTS = 1024;

/** Grows a typed array to at least `min` elements (doubling), keeping its contents. */
function grown(a: Uint32Array<ArrayBuffer>, min: number): Uint32Array<ArrayBuffer> {
  if (a.length >= min) return a;
  const next = new Uint32Array(Math.max(min, a.length * 2));
  next.set(a);
  return next;
}

export class MemoryEventLog implements EventLog {
  /** Per append: its events' JSON texts, joined, and the time it was sequenced. */
  readonly #texts: string[] = [];
  readonly #ats: string[] = [];
  #count = 0;
  /** Per event (index seq − 1): its append, where its JSON is in that append's text, and its type. */
  #appendOf = new Uint32Array(INITIAL_EVENTS);
  #startOf = new Uint32Array(INITIAL_EVENTS);
  #lengthOf = new Uint32Array(INITIAL_EVENTS);
  #typeOf = new Uint32Array(INITIAL_EVENTS);
  /** Distinct event types, referred to by index. */
  readonly #types: string[] = [];
  readonly #typeIndex = new Map<string, number>();
  #snapshot: { seq: number; json: string; at: string } | undefined;

  async append(events: readonly NewEvent[]): Promise<AppendReceipt> {
    const encoded = encodeEvents(events);
    const append = this.#texts.length;
    const firstSeq = this.#count + 1;
    const need = this.#count + encoded.length;
    this.#appendOf = grown(this.#appendOf, need);
    this.#startOf = grown(this.#startOf, need);
    this.#lengthOf = grown(this.#lengthOf, need);
    this.#typeOf = grown(this.#typeOf, need);
    const texts: string[] = new Array(encoded.length);
    let start = 0;
    for (let k = 0; k < encoded.length; k++) {
      const e = encoded[k]!;
      const i = this.#count++;
      this.#appendOf[i] = append;
      this.#startOf[i] = start;
      this.#lengthOf[i] = e.json.length;
      this.#typeOf[i] = this.#typeNumber(e.type);
      texts[k] = e.json;
      start += e.json.length;
    }
    this.#texts.push(texts.join(""));
    this.#ats.push(new Date().toISOString());
    return { firstSeq, lastSeq: this.#count, durability: "memory" };
  }

  async readFrom(fromSeq: number, limit?: number): Promise<StoredEvent[]> {
    const l = checkRead(fromSeq, limit);
    const out: StoredEvent[] = [];
    for (let i = fromSeq - 1; i < this.#count && out.length < l; i++) {
      const append = this.#appendOf[i]!;
      const start = this.#startOf[i]!;
      const json = this.#texts[append]!.slice(start, start + this.#lengthOf[i]!);
      out.push({ seq: i + 1, type: this.#types[this.#typeOf[i]!]!, data: JSON.parse(json) as JsonValue, at: this.#ats[append]! });
    }
    return out;
  }

  lastSeq(): number {
    return this.#count;
  }

  async saveSnapshot(seq: number, state: JsonValue | EncodedJson): Promise<void> {
    checkSnapshotSeq(seq, this.lastSeq());
    const json = isEncodedJson(state) ? state.text : encodeJson(state, "snapshot state");
    if (this.#snapshot && this.#snapshot.seq > seq) return; // never replace a newer snapshot with an older one
    this.#snapshot = { seq, json, at: new Date().toISOString() };
  }

  async loadSnapshot(): Promise<Snapshot | undefined> {
    const s = this.#snapshot;
    return s && { seq: s.seq, state: JSON.parse(s.json) as JsonValue, at: s.at };
  }

  #typeNumber(type: string): number {
    let n = this.#typeIndex.get(type);
    if (n === undefined) {
      n = this.#types.push(type) - 1;
      this.#typeIndex.set(type, n);
    }
    return n;
  }
}
