/**
 * What can go wrong with a request, independent of the protocol it came over. The adapters map `kind` to a
 * status (HTTP 400/404/409/503, gRPC INVALID_ARGUMENT/NOT_FOUND/FAILED_PRECONDITION/UNAVAILABLE); `reason` is
 * the domain's reject reason (or a service-level one) so clients can branch on it; `field` names the
 * offending request field when there is one.
 *
 * Business rejections of a well-formed order (insufficient funds, post-only would take, halted symbol, …) are
 * NOT errors: placeOrder answers them with an order whose status is REJECTED (see exchange-app.ts).
 */
import type { Rejection, RejectReason } from "../domain/index.js";

export type FailureKind = "invalid" | "not_found" | "conflict" | "unavailable";

/** The domain's reasons, plus the service's own: a request of the wrong shape, a failed event log. */
export type FailureReason = RejectReason | "INVALID_REQUEST" | "JOURNAL_UNAVAILABLE";

export class ExchangeFailure extends Error {
  override name = "ExchangeFailure";
  constructor(
    readonly kind: FailureKind,
    readonly reason: FailureReason,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** The request itself is wrong: a retry with the same input fails the same way. */
const INVALID: ReadonlySet<RejectReason> = new Set<RejectReason>([
  "UNKNOWN_SYMBOL",
  "UNKNOWN_ASSET",
  "INVALID_ACCOUNT_ID",
  "INVALID_SIDE",
  "INVALID_ORDER_TYPE",
  "INVALID_TIME_IN_FORCE",
  "INVALID_PRICE",
  "INVALID_QUANTITY",
  "INVALID_AMOUNT",
  "INVALID_CLIENT_ORDER_ID",
  "INVALID_SELF_TRADE_PREVENTION",
  "BELOW_MIN_QUANTITY",
]);

const NOT_FOUND: ReadonlySet<RejectReason> = new Set<RejectReason>(["UNKNOWN_ACCOUNT", "UNKNOWN_ORDER"]);

/**
 * Reasons that reject a well-formed order on the state of the market or the account: placeOrder reports
 * them as an order with status REJECTED. Elsewhere (amend, deposit) they are conflicts with the current state.
 */
export const BUSINESS_REJECTIONS: ReadonlySet<RejectReason> = new Set<RejectReason>([
  "INSUFFICIENT_FUNDS",
  "POST_ONLY_WOULD_TAKE",
  "FOK_NOT_FILLABLE",
  "NO_LIQUIDITY",
  "TRADING_HALTED",
  "SUPPLY_LIMIT_EXCEEDED",
  "EXCHANGE_BUSY",
]);

/** A domain rejection as a failure of the request (invalid input, unknown id, or conflict with the state). */
export function failureOf(rejection: Rejection): ExchangeFailure {
  const kind: FailureKind = INVALID.has(rejection.reason)
    ? "invalid"
    : NOT_FOUND.has(rejection.reason)
      ? "not_found"
      : "conflict";
  return new ExchangeFailure(kind, rejection.reason, rejection.message, rejection.field);
}
