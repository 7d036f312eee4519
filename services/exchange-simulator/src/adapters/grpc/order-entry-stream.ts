/**
 * SubmitOrders: high-rate order entry over one bidi stream. Every request gets exactly one ack carrying its
 * request_id; invalid requests are acked with error_code/error_message instead of ending the stream.
 *
 * Requests are executed the moment they arrive (in order, synchronously on the engine) and their acks are
 * sent when the event log holds their events. Many requests of one read burst thus share a group commit
 * instead of each waiting a round trip; acks leave in request order because durability is reached in seq
 * order. At most WINDOW acks may be pending: beyond that the stream stops reading (HTTP/2 flow control
 * pushes back on the client) until half of them are out.
 *
 * One order per message costs the transport more than the exchange: SubmitOrderBatches
 * (order-entry-batches.ts) carries many per message.
 */
import type { ServerDuplexStream } from "@grpc/grpc-js";
import type { exchangeV1 } from "@tse/contracts";
import type { ExchangeApp, PlaceOrderOutput } from "../../application/exchange-app.js";
import { entryOf, failureAck, successAck } from "./order-entry.js";

export const WINDOW = 1000;

type Call = ServerDuplexStream<exchangeV1.OrderEntryRequest__Output, exchangeV1.OrderEntryAck>;

function execute(app: ExchangeApp, req: exchangeV1.OrderEntryRequest__Output): Promise<PlaceOrderOutput> {
  // Synchronous conversion errors must become a rejected promise, not an exception out of the data handler.
  try {
    const entry = entryOf(req);
    if ("place" in entry) return app.placeOrder(entry.place);
    return app.cancelOrder(entry.cancel).then((order) => ({ order, fills: [] }));
  } catch (err) {
    return Promise.reject(err);
  }
}

export function submitOrders(app: ExchangeApp): (call: Call) => void {
  return (call) => {
    let pending = 0;
    let paused = false;
    let ended = false;
    const maybeEnd = () => {
      if (ended && pending === 0) call.end();
    };
    call.on("data", (req: exchangeV1.OrderEntryRequest__Output) => {
      pending++;
      if (pending >= WINDOW && !paused) {
        paused = true;
        call.pause();
      }
      execute(app, req)
        .then(
          (r) => successAck(req.requestId, r),
          (err) => failureAck(req.requestId, err),
        )
        .then((ack) => {
          pending--;
          if (!call.cancelled && call.writable) call.write(ack);
          if (paused && pending <= WINDOW / 2) {
            paused = false;
            call.resume();
          }
          maybeEnd();
        });
    });
    call.on("end", () => {
      ended = true;
      maybeEnd();
    });
  };
}
