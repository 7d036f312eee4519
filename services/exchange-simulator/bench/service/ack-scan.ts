/**
 * Reads only what the load client checks from an encoded tse.exchange.v1.OrderEntryAck — request_id (1),
 * error_code (4) and order.status (2 → 13) — without decoding the whole message, so that the "raw" client
 * mode spends almost no CPU on acks and the measurement is about the server. An OrderEntryAckBatch is its
 * acks as field 1, each scanned the same way.
 */

export interface AckSummary {
  requestId: string;
  errorCode: string;
  /** OrderStatus number (5 = REJECTED), 0 when absent. */
  status: number;
}

export const ORDER_STATUS_REJECTED = 5;

function varint(buf: Uint8Array, pos: number): [value: number, next: number] {
  let value = 0;
  let scale = 1;
  for (;;) {
    const b = buf[pos++];
    if (b === undefined) throw new RangeError("truncated varint");
    value += (b & 0x7f) * scale;
    if (b < 0x80) return [value, pos];
    scale *= 128;
  }
}

/** Position after the field at `pos` whose tag was read, for any wire type the ack can contain. */
function skip(buf: Uint8Array, pos: number, wireType: number): number {
  if (wireType === 0) return varint(buf, pos)[1];
  if (wireType === 2) {
    const [len, start] = varint(buf, pos);
    return start + len;
  }
  if (wireType === 1) return pos + 8;
  if (wireType === 5) return pos + 4;
  throw new RangeError(`unexpected wire type ${wireType}`);
}

function orderStatus(buf: Uint8Array, pos: number, end: number): number {
  let status = 0;
  while (pos < end) {
    const [tag, next] = varint(buf, pos);
    if (tag === (13 << 3)) [status, pos] = varint(buf, next);
    else pos = skip(buf, next, tag & 7);
  }
  return status;
}

export function scanAck(buf: Buffer, from = 0, to = buf.length): AckSummary {
  const summary: AckSummary = { requestId: "", errorCode: "", status: 0 };
  let pos = from;
  while (pos < to) {
    const [tag, next] = varint(buf, pos);
    const field = tag >>> 3;
    if ((tag & 7) === 2 && (field === 1 || field === 2 || field === 4)) {
      const [len, start] = varint(buf, next);
      if (field === 1) summary.requestId = buf.toString("utf8", start, start + len);
      else if (field === 4) summary.errorCode = buf.toString("utf8", start, start + len);
      else summary.status = orderStatus(buf, start, start + len);
      pos = start + len;
    } else {
      pos = skip(buf, next, tag & 7);
    }
  }
  return summary;
}

/** The acks of an encoded OrderEntryAckBatch, in order. */
export function scanAckBatch(buf: Buffer): AckSummary[] {
  const acks: AckSummary[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const [tag, next] = varint(buf, pos);
    if (tag === ((1 << 3) | 2)) {
      const [len, start] = varint(buf, next);
      acks.push(scanAck(buf, start, start + len));
      pos = start + len;
    } else {
      pos = skip(buf, next, tag & 7);
    }
  }
  return acks;
}
