/**
 * Validation and encoding of appended events, shared by both event logs so they accept and refuse exactly
 * the same input. The JSON text produced here is what PostgreSQL and the journal store, byte for byte.
 */
import { MAX_EVENT_TYPE_LENGTH, type NewEvent } from "./event-log.js";
import { assertStorableString, encodeJson, isStorableJson, isStorableString } from "./json.js";

export interface EncodedEvent {
  readonly type: string;
  /** JSON text of the event's data. */
  readonly json: string;
}

/** Throws TypeError/RangeError describing the first invalid event. */
export function encodeEvents(events: readonly NewEvent[]): EncodedEvent[] {
  if (!Array.isArray(events)) throw new TypeError("append expects an array of events");
  if (events.length === 0) throw new RangeError("append needs at least one event");
  const encoded: EncodedEvent[] = new Array(events.length);
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (typeof e !== "object" || e === null) throw new TypeError(`events[${i}] must be an object { type, data }`);
    const { type } = e;
    if (typeof type !== "string" || type.length === 0 || type.length > MAX_EVENT_TYPE_LENGTH) {
      throw new TypeError(`events[${i}].type must be a string of 1-${MAX_EVENT_TYPE_LENGTH} characters`);
    }
    // Paths for error messages are built only when something is wrong: this runs for every event written.
    if (!isStorableString(type)) assertStorableString(type, `events[${i}].type`);
    const json = isStorableJson(e.data) ? JSON.stringify(e.data) : encodeJson(e.data, `events[${i}].data`);
    encoded[i] = { type, json };
  }
  return encoded;
}
