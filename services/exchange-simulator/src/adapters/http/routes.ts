/**
 * REST routes of the exchange, mounted under /api/v1 (see openapi.ts for the document that lists them all).
 * Each handler validates its input with the zod schemas of schemas.ts (POST /orders through a fast path that
 * accepts exactly what zod accepts, place-order-body.ts), calls one application use case and maps failures with
 * errors.ts; nothing here knows about the engine.
 */
import { validate } from "@tse/service-kit";
import { Hono } from "hono";
import type { ExchangeApp } from "../../application/exchange-app.js";
import { http, rethrowAsHttpError } from "./errors.js";
import { buildOpenApiDocument } from "./openapi.js";
import { placeOrderInput } from "./place-order-body.js";
import { amendOrderBody, bookQuery, createAccountBody, depositBody, tradesQuery, withdrawalBody } from "./schemas.js";

export const API_PREFIX = "/api/v1";

export function exchangeRoutes(app: ExchangeApp): Hono {
  const r = new Hono();

  r.post("/accounts", validate("json", createAccountBody), async (c) => {
    const { accountId } = c.req.valid("json");
    return c.json(await http(() => app.createAccount(accountId)), 201);
  });

  r.post("/accounts/:accountId/deposits", validate("json", depositBody), async (c) => {
    const body = c.req.valid("json");
    return c.json(await http(() => app.deposit({ accountId: c.req.param("accountId"), ...body })), 201);
  });

  r.post("/accounts/:accountId/withdrawals", validate("json", withdrawalBody), async (c) => {
    const body = c.req.valid("json");
    return c.json(await http(() => app.withdraw({ accountId: c.req.param("accountId"), ...body })), 201);
  });

  r.get("/accounts/:accountId/balances", async (c) => c.json(await http(() => app.balances(c.req.param("accountId")))));

  // One handler, validation inside (place-order-body.ts): Hono calls a lone handler directly. A Promise chain
  // rather than `await http(…)`: one async layer less on the order-entry hot path, same error mapping.
  r.post("/orders", (c) =>
    placeOrderInput(c)
      .then((input) => app.placeOrder(input))
      // 201 also for a REJECTED order: the request was well-formed and the rejection is its outcome.
      .then((placed) => c.json(placed, 201), rethrowAsHttpError),
  );

  r.get("/orders/:orderId", async (c) => c.json(await http(() => app.getOrder(c.req.param("orderId")))));

  r.delete("/orders/:orderId", async (c) => c.json(await http(() => app.cancelOrder(c.req.param("orderId")))));

  r.patch("/orders/:orderId", validate("json", amendOrderBody), async (c) => {
    const body = c.req.valid("json");
    return c.json(await http(() => app.amendOrder({ orderId: c.req.param("orderId"), ...body })));
  });

  r.get("/orderbook/:symbol", validate("query", bookQuery), async (c) => {
    const { depth } = c.req.valid("query");
    return c.json(await http(() => app.orderBook(c.req.param("symbol"), depth)));
  });

  r.get("/trades/:symbol", validate("query", tradesQuery), async (c) => {
    const { limit } = c.req.valid("query");
    return c.json(await http(() => app.trades(c.req.param("symbol"), limit)));
  });

  r.get("/symbols", (c) => c.json(app.symbols()));

  const openApi = buildOpenApiDocument();
  r.get("/openapi.json", (c) => c.json(openApi));
  return r;
}
