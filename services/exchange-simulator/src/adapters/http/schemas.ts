/**
 * The REST API's request and response shapes, as zod schemas: requests are validated with them (strict:
 * unknown fields are refused) and the OpenAPI document is generated from all of them, so the document cannot
 * drift from what the server accepts. Prices, quantities and amounts are decimal strings ("30000.50"), never
 * JSON numbers: no precision is lost and the exchange checks them against tick size, lot size and minimum.
 */
import { z } from "zod";
import { side, orderType, timeInForce } from "../../application/input-schemas.js";

export { amendOrderBody, createAccountBody, depositBody, placeOrderBody, withdrawalBody } from "../../application/input-schemas.js";

const positiveInt = (max: number, what: string) =>
  z
    .string()
    .regex(/^\d+$/, { error: `expected an integer 1-${max}` })
    .transform(Number)
    .pipe(z.number().int().min(1).max(max))
    .describe(what);

export const bookQuery = z.object({ depth: positiveInt(1000, "Levels per side (default 50)").optional() }).strict();
export const tradesQuery = z.object({ limit: positiveInt(1000, "Most recent trades, newest first (default 100)").optional() }).strict();

// ── responses (documentation) ─────────────────────────────────────────────────────────────────────────────

export const errorResponse = z
  .object({
    error: z.object({
      code: z.string().describe("Stable snake_case code, e.g. invalid_price, unknown_order, unavailable"),
      message: z.string(),
      details: z.unknown().optional().describe("e.g. { reason, field } or { issues: [{ field, message }] }"),
    }),
  })
  .meta({ id: "Error" });

export const accountResponse = z.object({ accountId: z.string() }).meta({ id: "Account" });

export const balanceResponse = z
  .object({ asset: z.string(), available: z.string(), locked: z.string() })
  .meta({ id: "Balance" });

export const orderResponse = z
  .object({
    orderId: z.string().nullable().describe("null when status is REJECTED (no order was created)"),
    clientOrderId: z.string().optional(),
    accountId: z.string(),
    symbol: z.string(),
    side,
    type: orderType,
    timeInForce,
    postOnly: z.boolean(),
    price: z.string().optional(),
    quantity: z.string(),
    filledQuantity: z.string(),
    remainingQuantity: z.string(),
    status: z.enum(["NEW", "PARTIALLY_FILLED", "FILLED", "CANCELLED", "REJECTED", "EXPIRED"]),
    rejectReason: z.string().optional().describe("Set when REJECTED: INSUFFICIENT_FUNDS, POST_ONLY_WOULD_TAKE, FOK_NOT_FILLABLE, NO_LIQUIDITY, TRADING_HALTED, EXCHANGE_BUSY, …"),
    rejectMessage: z.string().optional(),
    createdAtMs: z.number().int().describe("When the order was accepted (or rejected), milliseconds since the epoch"),
    updatedAtMs: z.number().int().describe("Its last change (fill, amendment, cancel, expiry), milliseconds since the epoch"),
  })
  .meta({ id: "Order" });

export const fillResponse = z
  .object({
    tradeId: z.string(),
    orderId: z.string(),
    price: z.string(),
    quantity: z.string(),
    fee: z.string(),
    feeAsset: z.string(),
    maker: z.boolean(),
  })
  .meta({ id: "Fill" });

export const executionResponse = z.object({ order: orderResponse, fills: z.array(fillResponse) }).meta({ id: "OrderExecution" });

const level = z.tuple([z.string().describe("price"), z.string().describe("quantity")]);

export const bookResponse = z
  .object({
    symbol: z.string(),
    sequence: z.number().int().describe("Market-data sequence the book reflects"),
    bids: z.array(level).describe("Best first"),
    asks: z.array(level).describe("Best first"),
  })
  .meta({ id: "OrderBook" });

export const tradeResponse = z
  .object({
    tradeId: z.string(),
    symbol: z.string(),
    price: z.string(),
    quantity: z.string(),
    takerSide: side,
    timestamp: z.number().int().describe("Milliseconds since the epoch"),
  })
  .meta({ id: "Trade" });

export const symbolResponse = z
  .object({
    symbol: z.string(),
    baseAsset: z.string(),
    quoteAsset: z.string(),
    tickSize: z.string(),
    lotSize: z.string(),
    minQuantity: z.string(),
    makerFeeBps: z.number().int(),
    takerFeeBps: z.number().int(),
    halted: z.boolean(),
  })
  .meta({ id: "Symbol" });
