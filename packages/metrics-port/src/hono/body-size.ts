/**
 * Body sizes from headers only. Bodies are never read, cloned or even touched: on @hono/node-server,
 * reading `req.body` or `res.body` turns its lightweight Request/Response into a full one and costs
 * the fast path, and a stream can only be read once. So a size is known only when the headers say it.
 */
const DIGITS = /^\d+$/;

/** A Content-Length header value as a number, or undefined when absent or malformed. */
export function parseContentLength(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  const v = value.trim();
  if (!DIGITS.test(v)) return undefined;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : undefined;
}

/**
 * Request body bytes: Content-Length when given; 0 when neither Content-Length nor Transfer-Encoding is
 * present (HTTP/1.1 then defines the body as empty, RFC 9112 §6.3); undefined (not observed) for a
 * chunked body, whose length is known only after reading it. Caveat: an HTTP/2 request may carry a body
 * without Content-Length; it is counted as 0.
 */
export function requestBodySize(request: Request): number | undefined {
  const headers = request.headers;
  const length = headers.get("content-length");
  if (length !== null) return parseContentLength(length);
  return headers.has("transfer-encoding") ? undefined : 0;
}

/**
 * Response body bytes: 0 for HEAD and for statuses that have no body (1xx, 204, 304); otherwise
 * Content-Length when the response carries it; otherwise undefined (not observed). Note that Hono's
 * `c.text()`/`c.json()` set no Content-Length (the server adapter adds it while writing), so those
 * responses are observed only if a middleware sets the header.
 */
export function responseBodySize(request: Request, response: Response): number | undefined {
  const status = response.status;
  if (request.method === "HEAD" || status < 200 || status === 204 || status === 304) return 0;
  return parseContentLength(response.headers.get("content-length"));
}
