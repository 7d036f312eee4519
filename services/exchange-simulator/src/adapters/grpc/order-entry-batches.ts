/**
 * SubmitOrderBatches: order entry with many requests per message, for rates one order per message cannot
 * reach (the transport's per-message cost alone exceeds the exchange's per-order cost).
 *
 * Every batch is executed the moment it arrives — its requests in order, synchronously on the engine, each
 * exactly as SubmitOrders would execute it — and answered by ONE OrderEntryAckBatch holding one ack per
 * request, in request order, once the event log holds every event of the batch (one durability wait per
 * batch, shared with whatever else the same group commit writes). Ack batches leave in the order the batches
 * came, even when a later batch (say, one of invalid requests only) is ready first.
 *
 * The acks are encoded (AckBatchEncoder) right after the batch ran, so only their bytes wait for durability,
 * not the thousands of objects they were made of; the method's serializer (service-definition.ts) passes the
 * bytes on as they are.
 *
 * Limits: a batch carries at most MAX_ORDER_ENTRY_BATCH requests; a bigger one is refused whole (nothing of
 * it runs): the acks of the batches before it are sent, then the stream ends with INVALID_ARGUMENT naming the
 * limit. At most MAX_PENDING_ORDERS requests may wait for their acks, and the stream stops reading while the
 * client does not take the acks it is sent (a write buffer that is full); HTTP/2 flow control then pushes
 * back on the client.
 */
import type { ServerDuplexStream } from "@grpc/grpc-js";
import { status } from "@grpc/grpc-js";
import { type exchangeV1, MAX_ORDER_ENTRY_BATCH } from "@tse/contracts";
import type { EntryOutcome, ExchangeApp, OrderEntry } from "../../application/exchange-app.js";
import type { AckBatchEncoder } from "./ack-batch-encoder.js";
import { type AckError, ackError, entryOf } from "./order-entry.js";
import { serviceError } from "./status.js";

export { MAX_ORDER_ENTRY_BATCH };

/** Requests read but not yet acked, beyond which the stream stops reading (until half of them are out). */
export const MAX_PENDING_ORDERS = 10 * MAX_ORDER_ENTRY_BATCH;

/** Ack batches travel encoded: the method's responseSerialize is the identity (see service-definition.ts). */
type Call = ServerDuplexStream<exchangeV1.OrderEntryBatch__Output, Buffer>;

/** A batch whose acks are pending: filled in once it is durable, written when every batch before it is. */
interface Slot {
  readonly size: number;
  acks: Buffer | undefined;
}

/** The outcome lookup of a batch none of whose requests reached the exchange (never called). */
const nothingReached = (): never => {
  throw new Error("every request of the batch was refused: there are no outcomes");
};

/** Runs one batch; resolves with its encoded acks once its events are durable (never rejects). */
function executeBatch(app: ExchangeApp, encoder: AckBatchEncoder, requests: readonly exchangeV1.OrderEntryRequest__Output[]): Promise<Buffer> {
  /** Requests refused before they reached the application (malformed), with their ack's error. */
  const refused: (AckError | undefined)[] = new Array(requests.length);
  const entries: OrderEntry[] = [];
  for (let i = 0; i < requests.length; i++) {
    try {
      entries.push(entryOf(requests[i]!));
    } catch (err) {
      refused[i] = ackError(err);
    }
  }
  // Only the ids wait for durability (for the acks of a failed write), not the decoded requests.
  const requestIds = requests.map((r) => r.requestId);
  /** Every request's ack, in order: refused ones with their error, the others from their outcomes. */
  const encode = (outcome: (k: number) => EntryOutcome | AckError): Buffer => {
    encoder.begin();
    for (let i = 0, k = 0; i < requestIds.length; i++) {
      const requestId = requestIds[i]!;
      let r = refused[i] ?? outcome(k++);
      if ("ok" in r) {
        if (r.ok) {
          encoder.success(requestId, r.value.order, r.value.fills);
          continue;
        }
        r = ackError(r.error);
      }
      encoder.failure(requestId, r.errorCode, r.errorMessage);
    }
    return encoder.finish();
  };
  if (entries.length === 0) return Promise.resolve(encode(nothingReached));
  return app.orderEntryBatch(entries, (outcomes) => encode((k) => outcomes[k]!)).catch((err: unknown) => {
    // The event log failed (or had failed): none of the batch is acknowledged.
    const unavailable = ackError(err);
    return encode(() => unavailable);
  });
}

export function submitOrderBatches(app: ExchangeApp, encoder: AckBatchEncoder): (call: Call) => void {
  return (call) => {
    const slots: Slot[] = [];
    let pendingOrders = 0;
    let writeBlocked = false;
    let paused = false;
    let ended = false;
    let oversize: string | undefined;
    let closed = false;

    const flow = () => {
      if (!paused && (oversize !== undefined || writeBlocked || pendingOrders >= MAX_PENDING_ORDERS)) {
        paused = true;
        call.pause();
      } else if (paused && oversize === undefined && !writeBlocked && pendingOrders <= MAX_PENDING_ORDERS / 2) {
        paused = false;
        call.resume();
      }
    };

    /** Writes the ready batches at the head, in order; ends the call once nothing is pending. */
    const settle = () => {
      while (slots.length > 0 && slots[0]!.acks !== undefined) {
        const slot = slots.shift()!;
        pendingOrders -= slot.size;
        if (!call.cancelled && call.writable && !call.write(slot.acks!)) writeBlocked = true;
      }
      if (slots.length === 0 && !closed) {
        if (oversize !== undefined) {
          closed = true;
          call.emit("error", serviceError(status.INVALID_ARGUMENT, oversize));
          return;
        }
        if (ended) {
          closed = true;
          call.end();
          return;
        }
      }
      flow();
    };

    call.on("drain", () => {
      writeBlocked = false;
      flow();
    });
    call.on("data", (batch: exchangeV1.OrderEntryBatch__Output) => {
      if (oversize !== undefined || closed) return;
      const n = batch.requests.length;
      if (n > MAX_ORDER_ENTRY_BATCH) {
        oversize = `a batch carries at most ${MAX_ORDER_ENTRY_BATCH} requests (MAX_ORDER_ENTRY_BATCH), this one ${n}: none of it was executed`;
        settle();
        return;
      }
      const slot: Slot = { size: n, acks: undefined };
      slots.push(slot);
      pendingOrders += n;
      flow();
      void executeBatch(app, encoder, batch.requests).then((acks) => {
        slot.acks = acks;
        settle();
      });
    });
    call.on("end", () => {
      ended = true;
      settle();
    });
  };
}
