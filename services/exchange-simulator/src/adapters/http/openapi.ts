/**
 * The OpenAPI 3.1 document of the REST API, generated from the same zod schemas that validate requests
 * (zod 4's `z.toJSONSchema`; OpenAPI 3.1 schemas are JSON Schema 2020-12). `ROUTES` is the one list of
 * operations; a test checks it against the routes actually mounted, so an undocumented route fails the build.
 */
import { z } from "zod";
import {
  accountResponse,
  amendOrderBody,
  balanceResponse,
  bookQuery,
  bookResponse,
  createAccountBody,
  depositBody,
  withdrawalBody,
  errorResponse,
  executionResponse,
  fillResponse,
  orderResponse,
  placeOrderBody,
  symbolResponse,
  tradeResponse,
  tradesQuery,
} from "./schemas.js";

type Method = "get" | "post" | "patch" | "delete";

export interface RouteDoc {
  method: Method;
  /** OpenAPI path template, relative to /api/v1 ({param} style). */
  path: string;
  summary: string;
  body?: z.ZodType;
  query?: z.ZodObject;
  /** Success status and its schema (an array of `items` when `array`). */
  status: 200 | 201;
  response: z.ZodType;
  array?: boolean;
  /** Error statuses the operation can answer besides 413/415/500. */
  errors: number[];
}

export const ROUTES: readonly RouteDoc[] = [
  { method: "post", path: "/accounts", summary: "Open an account", body: createAccountBody, status: 201, response: accountResponse, errors: [400, 409, 503] },
  { method: "post", path: "/accounts/{accountId}/deposits", summary: "Deposit funds; answers the asset's new balance", body: depositBody, status: 201, response: balanceResponse, errors: [400, 404, 409, 503] },
  { method: "post", path: "/accounts/{accountId}/withdrawals", summary: "Withdraw available funds (409 INSUFFICIENT_FUNDS beyond them); answers the asset's new balance", body: withdrawalBody, status: 201, response: balanceResponse, errors: [400, 404, 409, 503] },
  { method: "get", path: "/accounts/{accountId}/balances", summary: "Balances of every asset", status: 200, response: balanceResponse, array: true, errors: [404] },
  { method: "post", path: "/orders", summary: "Place an order (a business rejection is a 201 with status REJECTED)", body: placeOrderBody, status: 201, response: executionResponse, errors: [400, 404, 409, 503] },
  { method: "get", path: "/orders/{orderId}", summary: "An order (open, or recently closed)", status: 200, response: orderResponse, errors: [404] },
  { method: "delete", path: "/orders/{orderId}", summary: "Cancel an open order", status: 200, response: orderResponse, errors: [404, 409, 503] },
  { method: "patch", path: "/orders/{orderId}", summary: "Amend an open order's quantity and/or price", body: amendOrderBody, status: 200, response: executionResponse, errors: [400, 404, 409, 503] },
  { method: "get", path: "/orderbook/{symbol}", summary: "Aggregated order book", query: bookQuery, status: 200, response: bookResponse, errors: [400] },
  { method: "get", path: "/trades/{symbol}", summary: "Recent trades, newest first", query: tradesQuery, status: 200, response: tradeResponse, array: true, errors: [400] },
  { method: "get", path: "/symbols", summary: "Listed symbols with tick size, lot size, minimum quantity and fees", status: 200, response: symbolResponse, array: true, errors: [] },
  { method: "get", path: "/openapi.json", summary: "This document", status: 200, response: z.looseObject({}).meta({ id: "OpenApiDocument" }), errors: [] },
];

const ERROR_TEXT: Record<number, string> = {
  400: "Invalid input, naming the field (unknown symbol, off-tick price, below minimum, wrong type, unknown field)",
  404: "Unknown account or order",
  409: "Conflicts with the current state (order not open, account exists, duplicate client order id, halted on amend)",
  413: "Request body too large",
  415: "Body is not JSON",
  503: "The event log failed; this instance refuses writes until restarted",
};

const componentName = (schema: z.ZodType): string => {
  const id = z.globalRegistry.get(schema)?.id;
  if (typeof id !== "string") throw new Error("every documented schema needs .meta({ id })");
  return id;
};

/** Every named schema as a component; references between them point into components. */
function components(): Record<string, unknown> {
  const requests = z.registry<{ id: string }>();
  const responses = z.registry<{ id: string }>();
  for (const r of ROUTES) {
    if (r.body) requests.add(r.body, { id: componentName(r.body) });
    responses.add(r.response, { id: componentName(r.response) });
  }
  for (const s of [errorResponse, orderResponse, fillResponse]) responses.add(s, { id: componentName(s) });
  const uri = (id: string) => `#/components/schemas/${id}`;
  const all = {
    ...z.toJSONSchema(requests, { uri, io: "input" }).schemas,
    ...z.toJSONSchema(responses, { uri, io: "output" }).schemas,
  };
  for (const schema of Object.values(all)) {
    delete (schema as Record<string, unknown>).$schema;
    delete (schema as Record<string, unknown>).$id;
  }
  return all;
}

const ref = (schema: z.ZodType) => ({ $ref: `#/components/schemas/${componentName(schema)}` });

function parameters(r: RouteDoc): unknown[] {
  const path = [...r.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({ name, in: "path", required: true, schema: { type: "string" } }));
  const query = Object.entries(r.query?.shape ?? {}).map(([name, s]) => {
    const { $schema: _, ...schema } = z.toJSONSchema(s as z.ZodType, { io: "input" }) as Record<string, unknown>;
    return { name, in: "query", required: false, schema, description: (s as z.ZodType).description };
  });
  return [...path, ...query];
}

function operation(r: RouteDoc): Record<string, unknown> {
  const success = r.array ? { type: "array", items: ref(r.response) } : ref(r.response);
  const errors = [...new Set([...r.errors, ...(r.body ? [413, 415] : [])])].sort();
  return {
    summary: r.summary,
    operationId: `${r.method}${r.path.replace(/\{(\w+)\}/g, "By_$1").replace(/[^A-Za-z0-9_]+(.)?/g, (_, c: string | undefined) => (c ?? "").toUpperCase())}`,
    parameters: parameters(r),
    ...(r.body ? { requestBody: { required: true, content: { "application/json": { schema: ref(r.body) } } } } : {}),
    responses: {
      [r.status]: { description: r.status === 201 ? "Created" : "OK", content: { "application/json": { schema: success } } },
      ...Object.fromEntries(
        errors.map((s) => [s, { description: ERROR_TEXT[s] ?? "Error", content: { "application/json": { schema: ref(errorResponse) } } }]),
      ),
    },
  };
}

export function buildOpenApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of ROUTES) {
    paths[r.path] ??= {};
    paths[r.path]![r.method] = operation(r);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Exchange simulator",
      version: "1",
      description:
        "Accounts, orders and market data of one exchange instance. Decimal values are strings. Errors are { error: { code, message, details } }. Health, readiness, metrics and chaos routes are documented in @tse/service-kit.",
    },
    servers: [{ url: "/api/v1" }],
    paths,
    components: { schemas: components() },
  };
}
