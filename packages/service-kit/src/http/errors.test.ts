import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { pino } from "pino";
import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { captureLogs } from "../test-support/log-capture.js";
import { errorHandler, fieldIssues, HttpError, notFoundHandler, validationError } from "./errors.js";
import { validate } from "./validate.js";

describe("validation errors", () => {
  const schema = z.strictObject({ qty: z.number().int(), side: z.enum(["BUY", "SELL"]), nested: z.object({ price: z.number() }) });

  it("name every field, unknown ones included", () => {
    const result = schema.safeParse({ qty: 1.5, side: "HOLD", nested: { price: "x" }, colour: "red", size: 1 });
    expect(result.success).toBe(false);
    const issues = fieldIssues(result.error!);
    expect(issues.map((i) => i.field).sort()).toEqual(["colour", "nested.price", "qty", "side", "size"]);
    expect(issues.find((i) => i.field === "colour")?.message).toBe("unknown field");
    const err = validationError(result.error!);
    expect(err.status).toBe(400);
    expect(err.code).toBe("invalid_request");
    expect(err.message.startsWith("invalid request body: ")).toBe(true);
    expect(err.message).toContain("nested.price: ");
  });
});

describe("error handler and validate()", () => {
  const logs = captureLogs();
  const app = new Hono();
  app.post("/q", validate("query", z.object({ n: z.coerce.number().int().min(1) })), (c) => {
    expectTypeOf(c.req.valid("query")).toEqualTypeOf<{ n: number }>(); // typed from the schema, not `any`
    return c.json(c.req.valid("query"));
  });
  app.get("/http-error", () => {
    throw new HttpError(409, "conflict", "order already filled", { order_id: "o-1" });
  });
  app.get("/hono-exception", () => {
    throw new HTTPException(401, { message: "nope" });
  });
  app.get("/hono-503", () => {
    throw new HTTPException(503);
  });
  app.notFound(notFoundHandler);
  app.onError(errorHandler(pino({ level: "error" }, logs.stream)));

  it("validates the query and names the parameter", async () => {
    expect(await (await app.request("/q?n=3", { method: "POST" })).json()).toEqual({ n: 3 });
    const res = await app.request("/q?n=0", { method: "POST" });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: "invalid_request", message: expect.stringMatching(/^invalid query parameters: n: /) } });
  });

  it("passes HttpError through with details", async () => {
    const res = await app.request("/http-error");
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: { code: "conflict", message: "order already filled", details: { order_id: "o-1" } } });
  });

  it("maps hono's HTTPException to the JSON shape with a code for its status", async () => {
    const res = await app.request("/hono-exception");
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: "unauthorized", message: "nope" } });
    const unavailable = await app.request("/hono-503");
    expect(unavailable.status).toBe(503);
    expect(await unavailable.json()).toEqual({ error: { code: "unavailable", message: "unavailable" } });
  });
});
