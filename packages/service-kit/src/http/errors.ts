/**
 * One JSON error shape for every HTTP failure (architecture §6):
 *
 *   { "error": { "code": "invalid_request", "message": "delay_ms: expected a number", "details": {…} } }
 *
 * `code` is a stable snake_case word clients can branch on; `message` is for humans; `details` is optional
 * structured context. A 500 says only "internal error": stack traces and exception messages stay in logs.
 */
import type { ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Logger } from "pino";
import type { z } from "zod";

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export function errorBody(code: string, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/** A JSON error response. */
export function errorResponse(
  status: ContentfulStatusCode,
  code: string,
  message: string,
  details?: unknown,
  headers?: Record<string, string>,
): Response {
  return Response.json(errorBody(code, message, details), { status, headers });
}

/** Throw from a handler to answer with this status and JSON error body. */
export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "HttpError";
  }

  toResponse(): Response {
    return errorResponse(this.status, this.code, this.message, this.details, this.headers);
  }
}

export interface FieldIssue {
  /** Dotted path of the offending field ("" for the body itself). */
  field: string;
  message: string;
}

/** zod issues as fields and messages; unknown keys become one issue per key ("unknown field"). */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    const base = issue.path.map(String).join(".");
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ field: base ? `${base}.${key}` : key, message: "unknown field" }));
    }
    return [{ field: base, message: issue.message }];
  });
}

/**
 * A 400 naming every offending field: `invalid request body: delay_ms: Too big: expected number to be
 * <=60000; colour: unknown field`. `where` says which part of the request was validated.
 */
export function validationError(error: z.ZodError, where = "request body"): HttpError {
  const issues = fieldIssues(error);
  const summary = issues.map((i) => (i.field ? `${i.field}: ${i.message}` : i.message)).join("; ");
  return new HttpError(400, "invalid_request", `invalid ${where}: ${summary}`, { issues });
}

export const notFoundHandler: NotFoundHandler = (c) =>
  c.json(errorBody("not_found", `no route for ${c.req.method} ${c.req.path}`), 404);

/** Answers a 405 with Allow (the front door decides when, front-door.ts). */
export const methodNotAllowedResponse = (method: string, path: string, methods: string[]): Response =>
  errorResponse(405, "method_not_allowed", `${method} is not allowed on ${path}`, { allow: methods }, {
    Allow: methods.join(", "),
  });

const STATUS_CODES: Partial<Record<number, string>> = {
  400: "bad_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  408: "request_timeout",
  413: "payload_too_large",
  415: "unsupported_media_type",
  429: "too_many_requests",
  503: "unavailable",
};

/**
 * Turns anything a handler throws into the JSON error shape. Unexpected errors are logged with their stack
 * and answered with a bare 500.
 */
export function errorHandler(logger: Logger): (...args: Parameters<ErrorHandler>) => Response {
  return (err, c) => {
    if (err instanceof HttpError) return err.toResponse();
    if (err instanceof HTTPException) {
      const status = err.status as ContentfulStatusCode;
      const code = STATUS_CODES[status] ?? (status >= 500 ? "internal" : "bad_request");
      const headers: Record<string, string> = {};
      err.getResponse().headers.forEach((value, key) => {
        if (key !== "content-type" && key !== "content-length") headers[key] = value;
      });
      if (status >= 500) logger.error({ err, method: c.req.method, path: c.req.path }, "request failed");
      return errorResponse(status, code, err.message || code.replaceAll("_", " "), undefined, headers);
    }
    logger.error({ err, method: c.req.method, path: c.req.path }, "unhandled error in request");
    return errorResponse(500, "internal", "internal error");
  };
}
