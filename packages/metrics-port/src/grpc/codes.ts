/**
 * gRPC status codes as Go spells them (`codes.Code.String()`), because the dashboards and alert rules this
 * package must keep working (go-grpc-prometheus, thanos' `grpc_code=~"Unknown|ResourceExhausted|…"`) match
 * those exact strings. grpc-js names the same codes in UPPER_SNAKE (`status.DEADLINE_EXCEEDED`), and Go even
 * spells one differently (`CANCELLED` → `Canceled`), so the mapping is a table, not a case conversion.
 */
import type { status } from "@grpc/grpc-js";

/** Indexed by numeric code (0 … 16); the order is fixed by the gRPC specification. */
export const GRPC_CODE_NAMES: readonly string[] = Object.freeze([
  "OK",
  "Canceled",
  "Unknown",
  "InvalidArgument",
  "DeadlineExceeded",
  "NotFound",
  "AlreadyExists",
  "PermissionDenied",
  "ResourceExhausted",
  "FailedPrecondition",
  "Aborted",
  "OutOfRange",
  "Unimplemented",
  "Internal",
  "Unavailable",
  "DataLoss",
  "Unauthenticated",
]);

/** Every code the specification defines: what `initialize*Metrics` pre-creates a series for. */
export const GRPC_CODES: readonly number[] = Object.freeze(GRPC_CODE_NAMES.map((_, code) => code));

/**
 * The Go name of a status code. A number outside the specification (a peer may put anything in
 * `grpc-status`) renders as Go renders it, `Code(99)`, so it is visible rather than silently merged.
 */
export function grpcCodeName(code: status): string {
  return GRPC_CODE_NAMES[code] ?? `Code(${code})`;
}
