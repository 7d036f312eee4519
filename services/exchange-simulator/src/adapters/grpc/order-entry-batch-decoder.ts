/**
 * The decoding of tse.exchange.v1.OrderEntryBatch written by hand for the order-entry hot path: up to 1000
 * requests per message. proto-loader's deserializer decodes with protobufjs into message instances, one
 * reader call per field, then copies every instance into a plain object (toObject); this reads the bytes in
 * one pass straight into those plain objects, and hands out the same string object for the same short value
 * of a repeating field (account, symbol, price, quantity) instead of a fresh string per request.
 *
 * The result is exactly proto-loader's (the contract's options: defaults filled in, enums by name — an
 * unknown number as the number — and `action` naming the oneof member), for messages in the canonical
 * encoding: known fields with their own wire types, each at most once per message. Anything else — unknown
 * fields, a repeated scalar, a wire type that does not fit, a truncated message — is decoded by protobufjs
 * itself, so it answers (or fails) exactly as it always did. order-entry-batch-decoder.test.ts compares
 * both on generated and on corrupted messages.
 */
import type { exchangeV1 } from "@tse/contracts";

/** Enum value numbers → names, from the contract (see enumNames in service-definition.ts). */
export interface RequestEnums {
  readonly side: ReadonlyMap<number, string>;
  readonly orderType: ReadonlyMap<number, string>;
  readonly timeInForce: ReadonlyMap<number, string>;
}

type Batch = exchangeV1.OrderEntryBatch__Output;
type Request = exchangeV1.OrderEntryRequest__Output;
type Place = exchangeV1.PlaceOrderRequest__Output;

/** Not the canonical encoding: protobufjs decodes the message. */
class NotCanonical extends Error {}
const NOT_CANONICAL = new NotCanonical("not in the canonical encoding");

/** Strings up to this many bytes are shared through the cache. */
const SHARED_MAX = 32;
const CACHE_SIZE = 4096;

type Utf8Buffer = Buffer & { utf8Slice(start: number, end: number): string; latin1Slice(start: number, end: number): string };

export class OrderEntryBatchDecoder {
  /** Recent short ASCII strings of the shared fields, by a hash of their bytes. */
  private readonly strings: (string | undefined)[] = new Array(CACHE_SIZE).fill(undefined);
  private readonly defaults: { side: string; type: string; timeInForce: string };
  private buf: Utf8Buffer = Buffer.alloc(0) as Utf8Buffer;
  private pos = 0;

  constructor(
    private readonly enums: RequestEnums,
    /** proto-loader's deserializer: for whatever this decoder does not take. */
    private readonly general: (bytes: Buffer) => Batch,
  ) {
    const zero = (values: ReadonlyMap<number, string>) => values.get(0) ?? fail("an enum without a value 0");
    this.defaults = { side: zero(enums.side), type: zero(enums.orderType), timeInForce: zero(enums.timeInForce) };
  }

  readonly decode = (bytes: Buffer): Batch => {
    try {
      return this.batch(bytes);
    } catch {
      // Not canonical (or not a message at all): protobufjs decodes it, or words why it cannot.
      return this.general(bytes);
    } finally {
      this.buf = EMPTY;
    }
  };

  private batch(bytes: Buffer): Batch {
    this.buf = bytes as Utf8Buffer;
    this.pos = 0;
    const end = bytes.length;
    const requests: Request[] = [];
    while (this.pos < end) {
      if (this.buf[this.pos++] !== 0x0a) throw NOT_CANONICAL; // field 1, length-delimited
      requests.push(this.request(this.end(end)));
    }
    return { requests };
  }

  /** The end of the length-delimited field whose length comes next, within `outer`. */
  private end(outer: number): number {
    const len = this.varint(outer);
    const end = this.pos + len;
    if (end > outer) throw NOT_CANONICAL;
    return end;
  }

  /** A varint of at most four bytes (< 2^28): longer ones (negative enums, say) are left to protobufjs. */
  private varint(end: number): number {
    const buf = this.buf;
    let pos = this.pos;
    let v = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      if (pos >= end) throw NOT_CANONICAL;
      const b = buf[pos++]!;
      v |= (b & 0x7f) << shift;
      if (b < 0x80) {
        this.pos = pos;
        return v;
      }
    }
    throw NOT_CANONICAL;
  }

  private request(end: number): Request {
    let requestId: string | undefined;
    let place: Place | undefined;
    let cancel: { orderId: string } | undefined;
    while (this.pos < end) {
      switch (this.buf[this.pos++]) {
        case 0x0a:
          if (requestId !== undefined) throw NOT_CANONICAL;
          requestId = this.string(this.end(end), false);
          break;
        case 0x12:
          if (place !== undefined || cancel !== undefined) throw NOT_CANONICAL;
          place = this.place(this.end(end));
          break;
        case 0x1a:
          if (place !== undefined || cancel !== undefined) throw NOT_CANONICAL;
          cancel = this.cancel(this.end(end));
          break;
        default:
          throw NOT_CANONICAL;
      }
    }
    // toObject's key order: request_id, the oneof member, then `action`.
    if (place !== undefined) return { requestId: requestId ?? "", place, action: "place" };
    if (cancel !== undefined) return { requestId: requestId ?? "", cancel, action: "cancel" };
    return { requestId: requestId ?? "" };
  }

  private place(end: number): Place {
    const d = this.defaults;
    const m: Place = {
      accountId: "",
      symbol: "",
      side: d.side as Place["side"],
      type: d.type as Place["type"],
      quantity: "",
      price: "",
      timeInForce: d.timeInForce as Place["timeInForce"],
      postOnly: false,
      clientOrderId: "",
    };
    let seen = 0;
    while (this.pos < end) {
      const tag = this.buf[this.pos++]!;
      const field = tag >> 3;
      // Fields 1–9, each once.
      if (field < 1 || field > 9 || tag > 0x7f || (seen & (1 << field)) !== 0) throw NOT_CANONICAL;
      seen |= 1 << field;
      switch (tag) {
        case 0x0a:
          m.accountId = this.string(this.end(end), true);
          break;
        case 0x12:
          m.symbol = this.string(this.end(end), true);
          break;
        case 0x18:
          m.side = enumName(this.enums.side, this.varint(end)) as Place["side"];
          break;
        case 0x20:
          m.type = enumName(this.enums.orderType, this.varint(end)) as Place["type"];
          break;
        case 0x2a:
          m.quantity = this.string(this.end(end), true);
          break;
        case 0x32:
          m.price = this.string(this.end(end), true);
          break;
        case 0x38:
          m.timeInForce = enumName(this.enums.timeInForce, this.varint(end)) as Place["timeInForce"];
          break;
        case 0x40:
          m.postOnly = this.varint(end) !== 0;
          break;
        case 0x4a:
          m.clientOrderId = this.string(this.end(end), false);
          break;
        default:
          throw NOT_CANONICAL; // a known field with a wire type it does not have
      }
    }
    return m;
  }

  private cancel(end: number): { orderId: string } {
    let orderId: string | undefined;
    while (this.pos < end) {
      if (this.buf[this.pos++] !== 0x0a || orderId !== undefined) throw NOT_CANONICAL;
      orderId = this.string(this.end(end), false);
    }
    return { orderId: orderId ?? "" };
  }

  /** The string in bytes pos…end (as protobufjs reads it: Buffer's utf8Slice); `shared`: through the cache. */
  private string(end: number, shared: boolean): string {
    const buf = this.buf;
    const start = this.pos;
    this.pos = end;
    const len = end - start;
    if (len === 0) return "";
    if (!shared || len > SHARED_MAX) return buf.utf8Slice(start, end);
    let h = len;
    for (let i = start; i < end; i++) {
      const b = buf[i]!;
      if (b >= 0x80) return buf.utf8Slice(start, end);
      h = Math.imul(h ^ b, 0x01000193);
    }
    const slot = (h >>> 16) & (CACHE_SIZE - 1);
    const cached = this.strings[slot];
    if (cached !== undefined && cached.length === len) {
      let i = 0;
      while (i < len && charCodeAt.call(cached, i) === buf[start + i]) i++;
      if (i === len) return cached;
    }
    // ASCII: latin1 reads the same characters as UTF-8.
    const s = buf.latin1Slice(start, end);
    this.strings[slot] = s;
    return s;
  }
}

const EMPTY = Buffer.alloc(0) as Utf8Buffer;

/** Called directly, not as `s.charCodeAt`: see the note in ack-batch-encoder.ts. */
const charCodeAt = String.prototype.charCodeAt;

/** toObject with enums as String: the name, or the number itself when the enum does not have it. */
const enumName = (names: ReadonlyMap<number, string>, n: number): string | number => names.get(n) ?? n;

function fail(message: string): never {
  throw new Error(message);
}
