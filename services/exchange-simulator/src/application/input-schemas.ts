/**
 * Input schemas of the use cases, shared by REST (request bodies) and gRPC (messages converted to the same
 * shape), so both protocols refuse the same input with the same field names. Strict: unknown fields are
 * refused. Decimal values are strings; tick, lot and minimum checks happen in the domain.
 */
import { z } from "zod";

const decimal = (what: string) =>
  z
    .string()
    .max(40)
    .regex(/^\d+(\.\d+)?$/, { error: `expected ${what} as a decimal string such as "0.5"` })
    .describe(`${what} as a decimal string`);

export const side = z.enum(["BUY", "SELL"]);
export const orderType = z.enum(["LIMIT", "MARKET"]);
export const timeInForce = z.enum(["GTC", "IOC", "FOK"]);
const id = (what: string) => z.string().min(1).max(64).describe(what);

export const createAccountBody = z
  .object({
    accountId: id("Chosen account id (1–64 letters, digits, . _ : @ -); a random one when absent").optional(),
  })
  .strict()
  .meta({ id: "CreateAccountRequest" });

const assetAmount = () =>
  z.object({ asset: z.string().min(1).max(16).describe("Asset code, e.g. USD"), amount: decimal("amount") }).strict();

export const depositBody = assetAmount().meta({ id: "DepositRequest" });

export const withdrawalBody = assetAmount().meta({ id: "WithdrawalRequest" });

export const placeOrderBody = z
  .object({
    accountId: id("Account placing the order"),
    symbol: z.string().min(1).max(32).describe("Symbol, e.g. BTC-USD (see GET /api/v1/symbols)"),
    side,
    type: orderType,
    quantity: decimal("quantity in the base asset"),
    price: decimal("limit price in the quote asset (LIMIT only)").optional(),
    timeInForce: timeInForce.optional().describe("Default GTC for LIMIT, IOC for MARKET"),
    postOnly: z.boolean().optional(),
    clientOrderId: id("Idempotency key per account: a retry returns the original order").optional(),
  })
  .strict()
  .meta({ id: "PlaceOrderRequest" });

export const amendOrderBody = z
  .object({
    quantity: decimal("new total quantity (filled + open)").optional(),
    price: decimal("new limit price").optional(),
  })
  .strict()
  .refine((b) => b.quantity !== undefined || b.price !== undefined, { error: "give quantity, price or both" })
  .meta({ id: "AmendOrderRequest" });
