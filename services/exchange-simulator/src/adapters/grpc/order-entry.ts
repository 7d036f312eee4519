/**
 * What SubmitOrders and SubmitOrderBatches share: a request as the application's order entry, and an
 * entry's outcome as its ack. One request, one ack, same semantics on both streams: a malformed request is
 * acked with error_code (InvalidArgument, NotFound, …), never a stream failure.
 */
import type { exchangeV1 } from "@tse/contracts";
import { ExchangeFailure } from "../../application/errors.js";
import type { OrderEntry, PlaceOrderOutput } from "../../application/exchange-app.js";
import { fillMessage, orderMessage, placeOrderInput } from "./messages.js";
import { codeName, toServiceError } from "./status.js";

/** The entry a request asks for; throws (INVALID_ARGUMENT) when it is malformed. */
export function entryOf(req: exchangeV1.OrderEntryRequest__Output): OrderEntry {
  if (req.action === "place" && req.place) return { place: placeOrderInput(req.place) };
  if (req.action === "cancel" && req.cancel) return { cancel: req.cancel.orderId };
  throw new ExchangeFailure("invalid", "INVALID_REQUEST", "a request needs `place` or `cancel`", "action");
}

export function successAck(requestId: string, { order, fills }: PlaceOrderOutput): exchangeV1.OrderEntryAck {
  return { requestId, order: orderMessage(order), fills: fills.length === 0 ? [] : fills.map(fillMessage) };
}

/** Why a request failed, as its ack says it: the gRPC code's name (InvalidArgument, …) and the message. */
export interface AckError {
  readonly errorCode: string;
  readonly errorMessage: string;
}

export function ackError(err: unknown): AckError {
  const e = toServiceError(err);
  return { errorCode: codeName(e.code), errorMessage: e.details };
}

export function failureAck(requestId: string, err: unknown): exchangeV1.OrderEntryAck {
  return { requestId, ...ackError(err) };
}
