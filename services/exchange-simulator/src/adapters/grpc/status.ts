/**
 * Application failures as gRPC statuses:
 *
 *   invalid      → INVALID_ARGUMENT     (the message names the field)
 *   not_found    → NOT_FOUND
 *   conflict     → FAILED_PRECONDITION  (ALREADY_EXISTS for an existing account)
 *   unavailable  → UNAVAILABLE          (the event log failed: fail-stop until restart)
 *
 * The domain's reason code travels in the `exchange-reason` trailer, and in SubmitOrders acks as the code's
 * CamelCase name (InvalidArgument, NotFound, …) in `error_code`.
 */
import { Metadata, type ServiceError, status } from "@grpc/grpc-js";
import { StorageUnavailableError } from "@tse/storage";
import type { z } from "zod";
import { ExchangeFailure } from "../../application/errors.js";

export const REASON_TRAILER = "exchange-reason";

const CAMEL: Partial<Record<status, string>> = {
  [status.INVALID_ARGUMENT]: "InvalidArgument",
  [status.NOT_FOUND]: "NotFound",
  [status.FAILED_PRECONDITION]: "FailedPrecondition",
  [status.ALREADY_EXISTS]: "AlreadyExists",
  [status.UNAVAILABLE]: "Unavailable",
  [status.INTERNAL]: "Internal",
};

export const codeName = (code: status): string => CAMEL[code] ?? status[code] ?? String(code);

export function serviceError(code: status, message: string, reason?: string): ServiceError {
  const metadata = new Metadata();
  if (reason !== undefined) metadata.set(REASON_TRAILER, reason);
  return Object.assign(new Error(message), { code, details: message, metadata });
}

/** A zod failure of a converted request: INVALID_ARGUMENT naming every field. */
export function invalidArgument(error: z.ZodError): ServiceError {
  const issues = error.issues.map((i) => `${i.path.map(String).join(".") || "request"}: ${i.message}`);
  return serviceError(status.INVALID_ARGUMENT, `invalid request: ${issues.join("; ")}`);
}

/** Maps what the application throws; unknown errors become INTERNAL without their message. */
export function toServiceError(err: unknown): ServiceError {
  if (err instanceof ExchangeFailure) {
    const message = err.field === undefined || err.message.includes(err.field) ? err.message : `${err.field}: ${err.message}`;
    const code =
      err.kind === "invalid"
        ? status.INVALID_ARGUMENT
        : err.kind === "not_found"
          ? status.NOT_FOUND
          : err.kind === "unavailable"
            ? status.UNAVAILABLE
            : err.reason === "ACCOUNT_EXISTS"
              ? status.ALREADY_EXISTS
              : status.FAILED_PRECONDITION;
    return serviceError(code, message, err.reason);
  }
  if (err instanceof StorageUnavailableError) return serviceError(status.UNAVAILABLE, err.message, err.reason);
  if (isServiceError(err)) return err;
  return serviceError(status.INTERNAL, "internal error");
}

export const isServiceError = (err: unknown): err is ServiceError =>
  err instanceof Error && typeof (err as Partial<ServiceError>).code === "number" && (err as Partial<ServiceError>).metadata !== undefined;
