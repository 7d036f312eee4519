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

/**
 * String.prototype.charCodeAt, called as `charCodeAt.call(s, i)` on the hot path rather than `s.charCodeAt(i)`:
 * once any class extends String (ioredis's VerbatimString does, and @tse/storage loads ioredis), V8 keeps
 * String.prototype in dictionary mode and no longer inlines `s.charCodeAt`, which then costs ~4× as much;
 * the function itself, called directly, is inlined either way.
 */
const charCodeAt = String.prototype.charCodeAt;

// The one-pass writers of #plainSuccess: each writes one field at `pos` and returns the position after it,
// or −1 (passed on by the next) when the field is not one it writes.

/** A string field, when it is ASCII and shorter than 128 characters; nothing when empty or absent. */
function ascii(buf: Buffer, pos: number, tag: number, s: string | null | undefined): number {
  if (pos < 0 || s === undefined || s === null) return pos;
  const n = s.length;
  if (n === 0) return pos;
  if (n >= 0x80) return -1;
  buf[pos] = tag;
  buf[pos + 1] = n;
  const at = pos + 2;
  for (let i = 0; i < n; i++) {
    const c = charCodeAt.call(s, i);
    if (c >= 0x80) return -1;
    buf[at + i] = c;
  }
  return at + n;
}

/** An enum field given by name whose number is 1…127; nothing for the zero value. */
function smallEnum(buf: Buffer, pos: number, tag: number, values: ReadonlyMap<string, number>, value: string | number | undefined): number {
  if (pos < 0 || value === undefined || value === null) return pos;
  const n = typeof value === "number" ? value : values.get(value);
  if (n === 0) return pos;
  if (n === undefined || !(n > 0 && n < 0x80)) return -1;
  buf[pos] = tag;
  buf[pos + 1] = n;
  return pos + 2;
}

function bool(buf: Buffer, pos: number, tag: number, b: boolean | undefined): number {
  if (pos < 0 || !b) return pos;
  buf[pos] = tag;
  buf[pos + 1] = 1;
  return pos + 2;
}

/** An int64 field holding a non-negative safe integer (a tag of one byte, or two as in #tag); nothing for 0 or absent. */
function timestamp(buf: Buffer, pos: number, tag: number, value: unknown): number {
  if (pos < 0 || value === undefined || value === null || value === 0) return pos;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) return -1;
  buf[pos++] = tag & 0xff;
  if (tag > 0xff) buf[pos++] = tag >> 8;
  let v = value;
  if (v > 0xffffffff) {
    const low = v % 0x10000000;
    buf[pos++] = (low & 0x7f) | 0x80;
    buf[pos++] = ((low >>> 7) & 0x7f) | 0x80;
    buf[pos++] = ((low >>> 14) & 0x7f) | 0x80;
    buf[pos++] = ((low >>> 21) & 0x7f) | 0x80;
    v = (v - low) / 0x10000000;
  }
  while (v > 0x7f) {
    buf[pos++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  buf[pos++] = v;
  return pos;
}

/** Ends a sub-message whose length byte is at `at`: under 128 bytes only (else −1: the general writer). */
function closeShort(buf: Buffer, at: number, pos: number): number {
  if (pos < 0) return pos;
  const len = pos - at - 1;
  if (len >= 0x80) return -1;
  buf[at] = len;
  return pos;
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
    for (const a of batch.acks ?? []) this.#ack(a.requestId, a.order, a.fills, a.fills?.length ?? 0, a.errorCode, a.errorMessage);
    return this.finish();
  }

  /** Starts a batch written ack by ack (success / failure, in order), without building ack objects. */
  begin(): void {
    this.#pos = 0;
  }

  /** An ack with `order` and the first `fillCount` of `fills` (default: all). */
  success(requestId: string, order: OrderFields, fills: readonly FillFields[], fillCount = fills.length): void {
    if (!this.#plainSuccess(requestId, order, fills, fillCount)) this.#ack(requestId, order, fills, fillCount, undefined, undefined);
  }

  failure(requestId: string, errorCode: string, errorMessage: string): void {
    this.#ack(requestId, undefined, undefined, 0, errorCode, errorMessage);
  }

  /** The batch begun with begin(), in a new Buffer. */
  finish(): Buffer {
    return Buffer.from(this.#buf.subarray(0, this.#pos));
  }

  #ack(
    requestId: string | undefined,
    order: OrderFields | null | undefined,
    fills: readonly FillFields[] | null | undefined,
    fillCount: number,
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
      for (let k = 0; k < fillCount; k++) {
        const at = this.#open(0x1a);
        this.#fill(fills[k]!);
        this.#close(at);
      }
    }
    this.#string(0x22, errorCode);
    this.#string(0x2a, errorMessage);
    this.#close(ack);
  }

  /**
   * The usual success ack in one pass with the position in a local: every string ASCII and shorter than 128
   * characters (one length byte), enums known, timestamps plain numbers — false, having written nothing that
   * counts, for anything else (the general writer then writes the ack, or refuses it).
   */
  #plainSuccess(requestId: string, o: OrderFields, fills: readonly FillFields[] | null | undefined, fillCount: number): boolean {
    const start = this.#pos;
    // Room for the largest ack this writes: 13 strings of 2 + 127 bytes in the order, 6 per fill, and the rest.
    this.#ensure(2048 + fillCount * 1024);
    const buf = this.#buf;
    const { side, orderType, timeInForce, orderStatus } = this.enums;
    buf[start] = 0x0a;
    // The ack's length goes in two reserved bytes (an ack with an order is usually 128 bytes or more).
    let pos = ascii(buf, start + 3, 0x0a, requestId);
    const orderAt = pos + 1;
    if (pos >= 0) {
      buf[pos] = 0x12;
      pos += 2;
    }
    pos = ascii(buf, pos, 0x0a, o.orderId);
    pos = ascii(buf, pos, 0x12, o.clientOrderId);
    pos = ascii(buf, pos, 0x1a, o.accountId);
    pos = ascii(buf, pos, 0x22, o.symbol);
    pos = smallEnum(buf, pos, 0x28, side, o.side);
    pos = smallEnum(buf, pos, 0x30, orderType, o.type);
    pos = smallEnum(buf, pos, 0x38, timeInForce, o.timeInForce);
    pos = bool(buf, pos, 0x40, o.postOnly);
    pos = ascii(buf, pos, 0x4a, o.price);
    pos = ascii(buf, pos, 0x52, o.quantity);
    pos = ascii(buf, pos, 0x5a, o.filledQuantity);
    pos = ascii(buf, pos, 0x62, o.remainingQuantity);
    pos = smallEnum(buf, pos, 0x68, orderStatus, o.status);
    pos = ascii(buf, pos, 0x72, o.rejectReason);
    pos = timestamp(buf, pos, 0x78, o.createdAtMs);
    pos = timestamp(buf, pos, 0x80 | (0x01 << 8), o.updatedAtMs); // field 16: a two-byte tag (0x80 0x01)
    pos = closeShort(buf, orderAt, pos);
    if (fills != null) {
      for (let k = 0; k < fillCount && pos >= 0; k++) {
        const f = fills[k]!;
        buf[pos] = 0x1a;
        const at = pos + 1;
        pos = ascii(buf, pos + 2, 0x0a, f.tradeId);
        pos = ascii(buf, pos, 0x12, f.orderId);
        pos = ascii(buf, pos, 0x1a, f.price);
        pos = ascii(buf, pos, 0x22, f.quantity);
        pos = ascii(buf, pos, 0x2a, f.fee);
        pos = ascii(buf, pos, 0x32, f.feeAsset);
        pos = bool(buf, pos, 0x38, f.maker);
        pos = closeShort(buf, at, pos);
      }
    }
    if (pos < 0) return false;
    const len = pos - start - 3;
    if (len >= 0x80 && len < 0x4000) {
      buf[start + 1] = (len & 0x7f) | 0x80;
      buf[start + 2] = len >> 7;
      this.#pos = pos;
      return true;
    }
    if (len >= 0x80) return false; // three length bytes: the general writer
    // Under 128 bytes: one length byte, the ack moves back by one.
    buf.copyWithin(start + 2, start + 3, pos);
    buf[start + 1] = len;
    this.#pos = pos - 1;
    return true;
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
    let pos = this.#pos;
    if (v > 0xffffffff) {
      // Above 32 bits (a timestamp in ms): the low 28 bits as four bytes, then the rest, in integer
      // arithmetic — a division of doubles per byte costs more than the rest of the field.
      const low = v % 0x10000000;
      buf[pos++] = (low & 0x7f) | 0x80;
      buf[pos++] = ((low >>> 7) & 0x7f) | 0x80;
      buf[pos++] = ((low >>> 14) & 0x7f) | 0x80;
      buf[pos++] = ((low >>> 21) & 0x7f) | 0x80;
      v = (v - low) / 0x10000000; // < 2^25 for a safe integer
    }
    while (v > 0x7f) {
      buf[pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    buf[pos++] = v;
    this.#pos = pos;
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

  /** A string field; `tag` is one byte (every string field of these messages has a number below 16). */
  #string(tag: number, s: string | null | undefined): void {
    if (s === undefined || s === null) return;
    const n = s.length;
    if (n === 0) return;
    if (n < 0x80) {
      // Optimistic: ASCII, so the length is n and fits one byte.
      if (this.#pos + n + 2 > this.#buf.length) this.#ensure(n + 2);
      const buf = this.#buf;
      const start = this.#pos + 2;
      let i = 0;
      for (; i < n; i++) {
        const c = charCodeAt.call(s, i);
        if (c >= 0x80) break;
        buf[start + i] = c;
      }
      if (i === n) {
        buf[start - 2] = tag;
        buf[start - 1] = n;
        this.#pos = start + n;
        return;
      }
    }
    this.#utf8String(tag, s);
  }

  #utf8String(tag: number, s: string): void {
    this.#tag(tag);
    this.#ensure(5 + s.length * 3);
    const buf = this.#buf;
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
    if (n > 0 && n < 0x80 && tag < 0x80) {
      // The usual case, in two bytes.
      if (this.#pos + 2 > this.#buf.length) this.#ensure(2);
      this.#buf[this.#pos++] = tag;
      this.#buf[this.#pos++] = n;
      return;
    }
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
