/**
 * Outbox records as COPY text-format rows of event_log (seq, type, data, recorded_at): the cheapest way into the
 * table for PostgreSQL (about half the backend CPU per event of INSERT … SELECT FROM unnest/json_array_elements,
 * see bench/event-log-write.ts) and for us (no array literals to escape).
 */
import type { OutboxRecord } from "../outbox/record.js";

export const EVENT_LOG_COPY = "COPY event_log (seq, type, data, recorded_at) FROM STDIN";

// In COPY text format a backslash starts an escape and tab / newline / carriage return delimit; nothing else is
// special (NUL cannot occur: storage refuses it). JSON.stringify never emits raw control characters, so event
// JSON at most needs its backslashes doubled, and usually has none: includes() is ~20x cheaper than a regex here.
const SPECIAL_ALL = /[\\\t\n\r]/g;
const ESCAPES: Readonly<Record<string, string>> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

export function copyText(s: string): string {
  const special = s.includes("\\") || s.includes("\t") || s.includes("\n") || s.includes("\r");
  return special ? s.replace(SPECIAL_ALL, (c) => ESCAPES[c]!) : s;
}

/** Reused between calls: the rows are copied into the CopyData message before anything else can run. */
let scratch = Buffer.allocUnsafe(64 * 1024);
/** A buffer grown beyond this for an unusually large batch is not kept. */
const MAX_KEPT_BYTES = 16 * 1024 * 1024;

/**
 * The rows of `records`, in seq order, as COPY text-format bytes. The result is a view of a shared buffer, valid
 * until the next call: pass it on synchronously. (Written line by line into one buffer: building one big string
 * first and encoding it costs about twice as much, most of it flattening the concatenation.)
 */
export function eventLogCopyData(records: readonly OutboxRecord[]): Buffer {
  let b = scratch;
  let at = 0;
  for (const r of records) {
    const time = copyText(r.at);
    let type = "";
    let typeText = "";
    for (let i = 0; i < r.events.length; i++) {
      const e = r.events[i]!;
      // Consecutive events often share a type: escape it once.
      if (e.type !== type) {
        type = e.type;
        typeText = copyText(type);
      }
      const line = `${r.seq + i}\t${typeText}\t${copyText(e.json)}\t${time}\n`;
      // A UTF-16 code unit takes at most 3 bytes of UTF-8: with that much room the line cannot be cut short.
      const room = at + 3 * line.length;
      if (room > b.length) {
        const bigger = Buffer.allocUnsafe(Math.max(room, 2 * b.length));
        b.copy(bigger, 0, 0, at);
        b = bigger;
        if (b.length <= MAX_KEPT_BYTES) scratch = b;
      }
      at += b.write(line, at, "utf8");
    }
  }
  return b.subarray(0, at);
}
