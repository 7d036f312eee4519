/**
 * The protobuf encoding of tse.exchange.v1.OrderEntryAckBatch, written by hand for the order-entry hot path:
 * up to 1000 acks with their orders and fills per message. protobufjs (behind @grpc/proto-loader) first copies
 * every plain object into message instances (fromObject), then records one writer operation per field; this
 * writes the plain objects in one pass into one reusable buffer, with nothing allocated per field.
 *
 * The bytes are standard proto3, identical to protobufjs's whenever no field holds a default: fields in number
 * order, defaults ("" / 0 / false / *_UNSPECIFIED) omitted, present sub-messages always written, UTF-8 exactly
 * as protobufjs writes it. ack-batch-encoder.test.ts generates messages from the contract's descriptors (so a
 * field added to the .proto and not here fails it) and checks a decoder reads the same from both encodings.
 */

/**
 * An order as the encoder reads it: exchangeV1.Order, or anything with its field names — the application's
 * OrderDto is one (its null orderId is "absent"; fields the message lacks are ignored).
 */
export interface OrderFields {
  readonly orderId?: string | null;
  readonly clientOrderId?: string;
  readonly accountId?: string;
  readonly symbol?: string;
  readonly side?: string | number;
  readonly type?: string | number;
  readonly timeInForce?: string | number;
  readonly postOnly?: boolean;
  readonly price?: string;
  readonly quantity?: string;
  readonly filledQuantity?: string;
  readonly remainingQuantity?: string;
  readonly status?: string | number;
  readonly rejectReason?: string;
  readonly createdAtMs?: unknown;
  readonly updatedAtMs?: unknown;
}

/** A fill as the encoder reads it: exchangeV1.Fill, or the application's FillDto (same field names). */
export interface FillFields {
  readonly tradeId?: string;
  readonly orderId?: string;
  readonly price?: string;
  readonly quantity?: string;
  readonly fee?: string;
  readonly feeAsset?: string;
  readonly maker?: boolean;
}

/** exchangeV1.OrderEntryAck, structurally. */
export interface AckFields {
  readonly requestId?: string;
  readonly order?: OrderFields | null;
  readonly fills?: readonly FillFields[] | null;
  readonly errorCode?: string;
  readonly errorMessage?: string;
}

/** Enum value names → numbers, from the contract (see enumNumbers in service-definition.ts). */
export interface AckEnums {
  readonly side: ReadonlyMap<string, number>;
  readonly orderType: ReadonlyMap<string, number>;
  readonly timeInForce: ReadonlyMap<string, number>;
  readonly orderStatus: ReadonlyMap<string, number>;
}

/** protobufjs writes strings shorter than this in JS and longer ones with Buffer; they differ on lone surrogates. */
const SHORT_STRING = 40;
const INITIAL_CAPACITY = 256 * 1024;

export class AckBatchEncoder {
  #buf = Buffer.allocUnsafe(INITIAL_CAPACITY);
  #pos = 0;

  constructor(private readonly enums: AckEnums) {}

  /** The encoded message, in a new Buffer (the working buffer is reused). */
  encode(batch: { readonly acks?: readonly AckFields[] | null }): Buffer {
    this.begin();
    for (const a of batch.acks ?? []) this.#ack(a.requestId, a.order, a.fills, a.errorCode, a.errorMessage);
    return this.finish();
  }

  /** Starts a batch written ack by ack (success / failure, in order), without building ack objects. */
  begin(): void {
    this.#pos = 0;
  }

  success(requestId: string, order: OrderFields, fills: readonly FillFields[]): void {
    this.#ack(requestId, order, fills, undefined, undefined);
  }

  failure(requestId: string, errorCode: string, errorMessage: string): void {
    this.#ack(requestId, undefined, undefined, errorCode, errorMessage);
  }

  /** The batch begun with begin(), in a new Buffer. */
  finish(): Buffer {
    return Buffer.from(this.#buf.subarray(0, this.#pos));
  }

  #ack(
    requestId: string | undefined,
    order: OrderFields | null | undefined,
    fills: readonly FillFields[] | null | undefined,
    errorCode: string | undefined,
    errorMessage: string | undefined,
  ): void {
    const ack = this.#open(0x0a);
    this.#string(0x0a, requestId);
    if (order != null) {
      const at = this.#open(0x12);
      this.#order(order);
      this.#close(at);
    }
    if (fills != null) {
      for (const f of fills) {
        const at = this.#open(0x1a);
        this.#fill(f);
        this.#close(at);
      }
    }
    this.#string(0x22, errorCode);
    this.#string(0x2a, errorMessage);
    this.#close(ack);
  }

  #order(o: OrderFields): void {
    const { side, orderType, timeInForce, orderStatus } = this.enums;
    this.#string(0x0a, o.orderId);
    this.#string(0x12, o.clientOrderId);
    this.#string(0x1a, o.accountId);
    this.#string(0x22, o.symbol);
    this.#enum(0x28, side, "side", o.side);
    this.#enum(0x30, orderType, "type", o.type);
    this.#enum(0x38, timeInForce, "timeInForce", o.timeInForce);
    this.#bool(0x40, o.postOnly);
    this.#string(0x4a, o.price);
    this.#string(0x52, o.quantity);
    this.#string(0x5a, o.filledQuantity);
    this.#string(0x62, o.remainingQuantity);
    this.#enum(0x68, orderStatus, "status", o.status);
    this.#string(0x72, o.rejectReason);
    this.#int64(0x78, o.createdAtMs);
    this.#int64(0x80 | (0x01 << 8), o.updatedAtMs); // field 16: a two-byte tag (0x80 0x01)
  }

  #fill(f: FillFields): void {
    this.#string(0x0a, f.tradeId);
    this.#string(0x12, f.orderId);
    this.#string(0x1a, f.price);
    this.#string(0x22, f.quantity);
    this.#string(0x2a, f.fee);
    this.#string(0x32, f.feeAsset);
    this.#bool(0x38, f.maker);
  }

  // ── primitives ──────────────────────────────────────────────────────────────────────────────────────────

  #ensure(bytes: number): void {
    if (this.#pos + bytes <= this.#buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.#buf.length * 2, this.#pos + bytes));
    this.#buf.copy(bigger, 0, 0, this.#pos);
    this.#buf = bigger;
  }

  /** A tag of one byte, or two bytes packed little-end first (low byte = first byte on the wire). */
  #tag(tag: number): void {
    this.#ensure(2);
    if (tag < 0x100) {
      this.#buf[this.#pos++] = tag;
    } else {
      this.#buf[this.#pos++] = tag & 0xff;
      this.#buf[this.#pos++] = tag >> 8;
    }
  }

  #varint(v: number): void {
    this.#ensure(10);
    const buf = this.#buf;
    if (v < 0) {
      // int64 negatives: ten bytes of two's complement.
      let big = BigInt.asUintN(64, BigInt(v));
      for (let i = 0; i < 9; i++) {
        buf[this.#pos++] = Number(big & 0x7fn) | 0x80;
        big >>= 7n;
      }
      buf[this.#pos++] = Number(big);
      return;
    }
    while (v >= 0x80) {
      buf[this.#pos++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    buf[this.#pos++] = v;
  }

  /** Starts a length-delimited sub-message: one byte is reserved for its length, the usual case. */
  #open(tag: number): number {
    this.#tag(tag);
    this.#ensure(1);
    return this.#pos++;
  }

  /** Ends the sub-message that #open started at `at`, moving its bytes if its length needs a longer varint. */
  #close(at: number): void {
    const len = this.#pos - at - 1;
    if (len < 0x80) {
      this.#buf[at] = len;
      return;
    }
    let extra = 0;
    for (let v = len >> 7; v > 0; v >>= 7) extra++;
    this.#ensure(extra);
    const buf = this.#buf;
    buf.copyWithin(at + 1 + extra, at + 1, this.#pos);
    this.#pos += extra;
    let v = len;
    for (let i = at; v >= 0x80; v >>= 7) buf[i++] = (v & 0x7f) | 0x80;
    buf[at + extra] = v;
  }

  #string(tag: number, s: string | null | undefined): void {
    if (s === undefined || s === null || s.length === 0) return;
    this.#tag(tag);
    this.#ensure(5 + s.length * 3);
    const buf = this.#buf;
    if (s.length < 0x80) {
      // Optimistic: ASCII, so the length is s.length and fits one byte.
      const start = this.#pos;
      buf[start] = s.length;
      let i = 0;
      for (; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        buf[start + 1 + i] = c;
      }
      if (i === s.length) {
        this.#pos = start + 1 + s.length;
        return;
      }
    }
    const len = Buffer.byteLength(s, "utf8");
    this.#varint(len);
    if (s.length >= SHORT_STRING) {
      this.#pos += buf.write(s, this.#pos, len, "utf8");
      return;
    }
    // protobufjs's own UTF-8 writer (it encodes a lone surrogate as itself, where Buffer writes U+FFFD).
    let pos = this.#pos;
    for (let i = 0; i < s.length; i++) {
      let c = s.charCodeAt(i);
      if (c < 0x80) {
        buf[pos++] = c;
      } else if (c < 0x800) {
        buf[pos++] = (c >> 6) | 0xc0;
        buf[pos++] = (c & 0x3f) | 0x80;
      } else if ((c & 0xfc00) === 0xd800 && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        c = 0x10000 + ((c & 0x3ff) << 10) + (s.charCodeAt(++i) & 0x3ff);
        buf[pos++] = (c >> 18) | 0xf0;
        buf[pos++] = ((c >> 12) & 0x3f) | 0x80;
        buf[pos++] = ((c >> 6) & 0x3f) | 0x80;
        buf[pos++] = (c & 0x3f) | 0x80;
      } else {
        buf[pos++] = (c >> 12) | 0xe0;
        buf[pos++] = ((c >> 6) & 0x3f) | 0x80;
        buf[pos++] = (c & 0x3f) | 0x80;
      }
    }
    this.#pos = pos;
  }

  #bool(tag: number, b: boolean | undefined): void {
    if (!b) return;
    this.#tag(tag);
    this.#ensure(1);
    this.#buf[this.#pos++] = 1;
  }

  #enum(tag: number, values: ReadonlyMap<string, number>, field: string, value: string | number | undefined): void {
    if (value === undefined || value === null) return;
    const n = typeof value === "number" ? value : values.get(value);
    if (n === undefined) throw new TypeError(`${field}: ${JSON.stringify(value)} is not a value of its enum`);
    if (n === 0) return;
    this.#tag(tag);
    this.#varint(n);
  }

  #int64(tag: number, value: unknown): void {
    if (value === undefined || value === null) return;
    const n = Number(value);
    if (!Number.isSafeInteger(n)) throw new TypeError(`${String(value)} is not a safe integer`);
    if (n === 0) return;
    this.#tag(tag);
    this.#varint(n);
  }
}
