/**
 * zod validation for Hono routes. Bad input is a 400 naming each field (unknown fields included, when the
 * schema is strict); a JSON body sent with another content type is a 415 rather than silently `{}`.
 *
 *   app.post("/api/v1/orders", validate("json", placeOrderSchema), (c) => {
 *     const order = c.req.valid("json"); // typed from the schema
 *   });
 */
import type { Context } from "hono";
import { validator } from "hono/validator";
import type { z } from "zod";
import { HttpError, validationError } from "./errors.js";

type Target = "json" | "query" | "param" | "header";

const WHERE: Record<Target, string> = {
  json: "request body",
  query: "query parameters",
  param: "path parameters",
  header: "request headers",
};

const JSON_MEDIA = /^application\/([\w.-]+\+)?json$/i;

function hasBody(c: Context): boolean {
  const length = c.req.header("content-length");
  return (length !== undefined && length !== "0") || c.req.header("transfer-encoding") !== undefined;
}

export function validate<T extends Target, S extends z.ZodType>(target: T, schema: S) {
  return validator(target, async (value, c): Promise<z.output<S>> => {
    if (target === "json" && hasBody(c)) {
      const media = (c.req.header("content-type") ?? "").split(";")[0]!.trim();
      if (!JSON_MEDIA.test(media)) {
        throw new HttpError(415, "unsupported_media_type", `expected a JSON body (Content-Type: application/json), got ${media || "none"}`);
      }
    }
    const result = await schema.safeParseAsync(value);
    if (!result.success) throw validationError(result.error, WHERE[target]);
    return result.data;
  });
}
