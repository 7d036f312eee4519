/**
 * Application failures as HTTP errors (`{ error: { code, message, details } }`):
 *
 *   invalid      → 400, code = the reason in snake_case (unknown_symbol, invalid_price, below_min_quantity, …)
 *   not_found    → 404 (unknown_account, unknown_order)
 *   conflict     → 409 (account_exists, order_not_open, duplicate_client_order_id, trading_halted on amend, …)
 *   unavailable  → 503 unavailable (the event log failed: fail-stop until restart)
 *
 * `details` carries `{ reason, field }` so clients can branch on the domain's reason code.
 */
import { HttpError } from "@tse/service-kit";
import { StorageUnavailableError } from "@tse/storage";
import { ExchangeFailure, type FailureKind } from "../../application/errors.js";

const STATUS: Record<FailureKind, 400 | 404 | 409 | 503> = { invalid: 400, not_found: 404, conflict: 409, unavailable: 503 };

/** Maps what the application throws; anything unknown is rethrown (and becomes a logged 500). */
export function toHttpError(err: unknown): unknown {
  if (err instanceof ExchangeFailure) {
    const code = err.kind === "unavailable" ? "unavailable" : err.reason.toLowerCase();
    const details = err.field === undefined ? { reason: err.reason } : { reason: err.reason, field: err.field };
    const message = err.field === undefined || err.message.includes(err.field) ? err.message : `${err.field}: ${err.message}`;
    return new HttpError(STATUS[err.kind], code, message, details);
  }
  if (err instanceof StorageUnavailableError) {
    return new HttpError(503, "unavailable", err.message, { reason: err.reason });
  }
  return err;
}

/** For `promise.then(…, rethrowAsHttpError)`: application failures as HTTP errors, anything else as it is. */
export function rethrowAsHttpError(err: unknown): never {
  throw toHttpError(err);
}

/** Runs a handler step and converts application failures into HTTP errors. */
export async function http<T>(step: () => T | Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    throw toHttpError(err);
  }
}
