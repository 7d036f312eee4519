/**
 * Bearer-token guard for the chaos API. The comparison is constant-time over SHA-256 digests, so neither
 * the token's content nor its length leaks through response timing.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { errorResponse } from "../http/errors.js";

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

/** Constant-time equality of two secrets of any length. */
export function secretsEqual(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

export function bearerAuth(token: string, realm: string): MiddlewareHandler {
  if (token === "") throw new TypeError("bearerAuth: the token must not be empty");
  const challenge = { "WWW-Authenticate": `Bearer realm="${realm}"` };
  return async (c, next) => {
    const header = c.req.header("authorization");
    const presented = header === undefined ? undefined : BEARER.exec(header)?.[1];
    if (presented === undefined) {
      return errorResponse(401, "unauthorized", "missing bearer token (Authorization: Bearer <CHAOS_TOKEN>)", undefined, challenge);
    }
    if (!secretsEqual(presented, token)) {
      return errorResponse(401, "unauthorized", "invalid bearer token", undefined, {
        "WWW-Authenticate": `Bearer realm="${realm}", error="invalid_token"`,
      });
    }
    await next();
  };
}
