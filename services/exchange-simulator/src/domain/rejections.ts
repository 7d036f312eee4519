/**
 * Rejections are values, not exceptions: bad input or an impossible request returns `{ ok: false, reason }`
 * and leaves the engine exactly as it was. Exceptions are reserved for programmer errors (a listener calling
 * back into the engine, a corrupt journal on replay, an invalid configuration).
 */

export const REJECT_REASONS = [
  "UNKNOWN_SYMBOL",
  "UNKNOWN_ACCOUNT",
  "UNKNOWN_ASSET",
  "UNKNOWN_ORDER",
  "ACCOUNT_EXISTS",
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
  "INSUFFICIENT_FUNDS",
  "POST_ONLY_WOULD_TAKE",
  "FOK_NOT_FILLABLE",
  "NO_LIQUIDITY",
  "DUPLICATE_CLIENT_ORDER_ID",
  "ORDER_NOT_OPEN",
  "TRADING_HALTED",
  "SUPPLY_LIMIT_EXCEEDED",
  "EXCHANGE_BUSY",
] as const;

export type RejectReason = (typeof REJECT_REASONS)[number];

export interface Rejection {
  readonly ok: false;
  readonly reason: RejectReason;
  /** One sentence for humans, naming the offending value. */
  readonly message: string;
  /** The request field at fault, when there is one ("price", "quantity", …). */
  readonly field?: string;
}

export function reject(reason: RejectReason, message: string, field?: string): Rejection {
  return field === undefined ? { ok: false, reason, message } : { ok: false, reason, message, field };
}

/** A successful result carrying `value`, or a rejection. */
export type Result<T> = { readonly ok: true; readonly value: T } | Rejection;

export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

export function isRejectReason(value: unknown): value is RejectReason {
  return typeof value === "string" && (REJECT_REASONS as readonly string[]).includes(value);
}
