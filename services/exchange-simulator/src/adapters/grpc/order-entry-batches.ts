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
 * A batch runs through the application's order-entry lane (ExchangeApp.orderEntryLane, order-entry-lane.ts):
 * each request's answer is encoded (AckBatchEncoder) the moment the engine has it — from the lane's reused
 * scratch objects, not fresh DTOs — so only the batch's bytes wait for durability, not the thousands of
 * objects they would have been made of; the method's serializer (service-definition.ts) passes the bytes on
 * as they are, and its deserializer decodes the requests by hand (order-entry-batch-decoder.ts).
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
import type { FillDto, OrderDto } from "../../application/dto.js";
import type { ExchangeApp, PlaceOrderInput } from "../../application/exchange-app.js";
import type { OrderEntryLane, OrderEntrySink } from "../../application/order-entry-lane.js";
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

/** A request as the lane runs it: the validated placement, or the id of the order to cancel. */
type Entry = PlaceOrderInput | string;

/** A decoded batch: each request's id, and its entry or, when it was refused (malformed), its ack's error. */
interface Batch {
  readonly requestIds: readonly string[];
  readonly entries: readonly (Entry | undefined)[];
  readonly refused: readonly (AckError | undefined)[];
  /** Requests with an entry. */
  readonly reaching: number;
}

function batchOf(requests: readonly exchangeV1.OrderEntryRequest__Output[]): Batch {
  const n = requests.length;
  const requestIds: string[] = new Array(n);
  const refused: (AckError | undefined)[] = new Array(n);
  const entries: (Entry | undefined)[] = new Array(n);
  let reaching = 0;
  for (let i = 0; i < n; i++) {
    const request = requests[i]!;
    requestIds[i] = request.requestId;
    try {
      const entry = entryOf(request);
      entries[i] = "place" in entry ? entry.place : entry.cancel;
      reaching++;
    } catch (err) {
      refused[i] = ackError(err);
    }
  }
  return { requestIds, entries, refused, reaching };
}

/**
 * Encodes the acks of batches, one batch at a time (synchronously), as the application's order-entry lane
 * answers their entries: each answer is encoded the moment it exists (its objects are the lane's scratch
 * objects, reused for the next entry). One per service, not one per batch: the loops live in methods, not
 * in closures made per batch, which V8 would optimise (and deoptimise) afresh for every batch.
 */
class LaneAcks implements OrderEntrySink {
  /** The request being answered. */
  private requestId = "";

  constructor(private readonly encoder: AckBatchEncoder) {}

  /** Runs `batch` on `lane` in request order; its encoded acks. */
  run(lane: OrderEntryLane, batch: Batch): Buffer {
    const { requestIds, entries, refused } = batch;
    const encoder = this.encoder;
    encoder.begin();
    for (let i = 0; i < requestIds.length; i++) {
      const e = refused[i];
      if (e !== undefined) {
        encoder.failure(requestIds[i]!, e.errorCode, e.errorMessage);
        continue;
      }
      this.requestId = requestIds[i]!;
      const entry = entries[i]!;
      if (typeof entry === "string") lane.cancel(entry, this);
      else lane.place(entry, this);
    }
    return encoder.finish();
  }

  /** The acks of `batch` when none of it ran: the refused requests with their error, the others with `error`. */
  notRun(batch: Batch, error: AckError | undefined): Buffer {
    const { requestIds, refused } = batch;
    this.encoder.begin();
    for (let i = 0; i < requestIds.length; i++) {
      const e = refused[i] ?? error!;
      this.encoder.failure(requestIds[i]!, e.errorCode, e.errorMessage);
    }
    return this.encoder.finish();
  }

  answer(order: OrderDto, fills: readonly FillDto[], fillCount: number): void {
    this.encoder.success(this.requestId, order, fills, fillCount);
  }

  failure(error: unknown): void {
    const e = ackError(error);
    this.encoder.failure(this.requestId, e.errorCode, e.errorMessage);
  }
}

/** Runs one batch; resolves with its encoded acks once its events are durable (never rejects). */
function executeBatch(app: ExchangeApp, acks: LaneAcks, requests: readonly exchangeV1.OrderEntryRequest__Output[]): Promise<Buffer> {
  // Only the batch (ids, entries) waits for durability (for the acks of a failed write), not the decoded requests.
  const batch = batchOf(requests);
  if (batch.reaching === 0) return Promise.resolve(acks.notRun(batch, undefined));
  return app
    .orderEntryLane((lane) => acks.run(lane, batch))
    .catch((err: unknown) => acks.notRun(batch, ackError(err))); // the event log failed (or had failed): none of the batch is acknowledged
}

export function submitOrderBatches(app: ExchangeApp, encoder: AckBatchEncoder): (call: Call) => void {
  const acks = new LaneAcks(encoder);
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
      void executeBatch(app, acks, batch.requests).then((bytes) => {
        slot.acks = bytes;
        settle();
      });
    });
    call.on("end", () => {
      ended = true;
      settle();
    });
  };
}
