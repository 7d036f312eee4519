/**
 * Validation of POST /orders bodies, the REST order-entry hot path. A plainly valid JSON body is accepted by
 * placeOrderInputFast (application/place-order-input.ts) without zod; anything else — another content type,
 * malformed JSON, any member missing, unknown or off — goes through service-kit's `validate` with the zod
 * schema, which answers exactly as before (415 / 400 naming each field). The fast path only ever accepts
 * what zod accepts, with the same result.
 */
import { validate } from "@tse/service-kit";
import type { MiddlewareHandler } from "hono";
import type { PlaceOrderInput } from "../../application/exchange-app.js";
import { placeOrderInputFast } from "../../application/place-order-input.js";
import { placeOrderBody } from "./schemas.js";

/** A media type both hono's JSON body parser and service-kit's 415 check take for JSON. */
const PLAIN_JSON = /^application\/json\s*(;|$)/i;

type PlaceOrderValidation = { in: { json: unknown }; out: { json: PlaceOrderInput } };

export function placeOrderBodyValidator(): MiddlewareHandler<object, string, PlaceOrderValidation> {
  const slow = validate("json", placeOrderBody) as unknown as MiddlewareHandler<object, string, PlaceOrderValidation>;
  return async (c, next) => {
    if (PLAIN_JSON.test(c.req.header("content-type") ?? "")) {
      // The parsed body is cached by hono: the slow path (or a malformed body's error) reuses the same parse.
      const fast = placeOrderInputFast(await c.req.json().catch(() => undefined));
      if (fast !== undefined) {
        c.req.addValidatedData("json", fast);
        return next();
      }
    }
    return slow(c, next);
  };
}
