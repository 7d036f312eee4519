/**
 * Which PostgreSQL failures are transient — "the database is unreachable or busy, the same write may succeed
 * later" — as opposed to the write itself being wrong. Transient failures send acknowledged writes to the
 * local journal; the others refuse the write. When unsure, a failure without a SQLSTATE is only transient if
 * it looks like the network: a bug in a projection must surface, not be retried forever.
 */

/** SQLSTATE classes/codes meaning "try again later". */
const TRANSIENT_SQLSTATE = [
  /^08/, // connection exception
  /^53/, // insufficient resources (too many connections, out of memory, disk full)
  /^57P0[1-4]$/, // admin/crash shutdown, cannot connect now, database dropped
  /^57014$/, // query_canceled (statement_timeout)
  /^40001$/, // serialization_failure
  /^40P01$/, // deadlock_detected
  /^55P03$/, // lock_not_available
  /^58/, // system error (I/O)
  /^XX000$/, // internal error — unusual, but not the request's fault
];

const NETWORK_ERRNO = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

/** node-postgres's own messages for a lost or unusable connection (it sets no code on them). */
const PG_CONNECTION_MESSAGE =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Query read timeout|not queryable|Client was closed|Cannot use a pool after calling end/i;

export function isTransientPgError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === "string") {
    if (/^[0-9A-Z]{5}$/.test(code)) return TRANSIENT_SQLSTATE.some((re) => re.test(code));
    if (NETWORK_ERRNO.has(code)) return true;
  }
  if (PG_CONNECTION_MESSAGE.test(err.message)) return true;
  // AggregateError from a failed multi-address connect, or errors wrapping one.
  if (err instanceof AggregateError) return err.errors.some(isTransientPgError);
  return err.cause !== undefined && isTransientPgError(err.cause);
}
