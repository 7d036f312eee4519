import { connect } from "node:net";
import { createService, type Service, validate } from "@tse/service-kit";
import fc from "fast-check";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExchangeApp, PlaceOrderInput } from "../../application/exchange-app.js";
import { fundedAccount, type Harness, startExchange } from "../../test-support/exchange-harness.js";
import { http } from "./errors.js";
import { API_PREFIX, exchangeRoutes } from "./routes.js";
import { placeOrderBody } from "./schemas.js";

let h: Harness;
let alice: string;

beforeAll(async () => {
  h = await startExchange();
  alice = await fundedAccount(h, "alice");
});
afterAll(() => h?.stop());

const order = () => JSON.stringify({ accountId: alice, symbol: "BTC-USD", side: "BUY", type: "LIMIT", price: "100.00", quantity: "0.1" });

describe("POST /orders body validation (fast path and zod agree)", () => {
  it.each([
    ["application/json", 201],
    ["application/json; charset=utf-8", 201],
    ["Application/JSON", 201],
    ["application/vnd.exchange+json", 201], // not the fast path's media type: validated by zod, same outcome
    ["text/plain", 415],
  ])("Content-Type %s → %i", async (contentType, status) => {
    const r = await h.call("POST", "/orders", order(), { "content-type": contentType });
    expect(r.status).toBe(status);
    if (status === 201) expect(r.body.order).toMatchObject({ accountId: alice, status: "NEW", price: "100.00" });
    else expect(r.body.error.code).toBe("unsupported_media_type");
  });

  it("answers a body the fast path does not take with zod's 400 naming every field", async () => {
    const r = await h.call("POST", "/orders", { accountId: alice, symbol: "BTC-USD", side: "UP", quantity: 1 });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("invalid_request");
    expect(r.body.error.details.issues.map((i: { field: string }) => i.field).sort()).toEqual(["quantity", "side", "type"]);
  });
});

/**
 * The one-handler route (body read from the Node request, validation inside) against the general path it
 * replaced (service-kit's validate middleware, then the handler), both over real HTTP in front of an
 * ExchangeApp stub that echoes the input it was given: every answer must be the same bytes, for valid
 * orders and for everything zod has to refuse.
 */
describe("POST /orders answers byte for byte as the general path", () => {
  let fast: Service;
  let general: Service;
  const stub = {
    placeOrder: async (input: PlaceOrderInput) => ({ order: { orderId: "1", ...input, status: "NEW" }, fills: [] }),
  } as unknown as ExchangeApp;

  const serve = async (mount: (app: Hono) => void) => {
    const svc = await createService({
      name: "exchange-simulator",
      version: "0.0.0",
      env: { HTTP_PORT: "0", GRPC_PORT: "0", LOG_LEVEL: "silent", BODY_LIMIT_BYTES: "4096" },
      configure: ({ app }) => mount(app),
    });
    await svc.start();
    return svc;
  };

  beforeAll(async () => {
    fast = await serve((app) => app.route(API_PREFIX, exchangeRoutes(stub)));
    general = await serve((app) =>
      app.post(`${API_PREFIX}/orders`, validate("json", placeOrderBody), async (c) =>
        c.json(await http(() => stub.placeOrder(c.req.valid("json") as PlaceOrderInput)), 201),
      ),
    );
  });
  afterAll(async () => {
    await fast?.stop();
    await general?.stop();
  });

  /** One request on its own connection; the whole answer as sent, without its Date header. */
  const raw = (svc: Service, head: string, body: Buffer) =>
    new Promise<string>((resolve, reject) => {
      const socket = connect(svc.httpPort, "127.0.0.1");
      const chunks: Buffer[] = [];
      socket.on("data", (d) => chunks.push(d));
      socket.on("end", () => resolve(Buffer.concat(chunks).toString("latin1").replace(/\r\ndate: [^\r]*/i, "")));
      socket.on("error", reject);
      socket.end(Buffer.concat([Buffer.from(head), body]));
    });

  const request = (contentType: string | undefined, body: Buffer, chunked: boolean) => {
    const lines = ["POST /api/v1/orders HTTP/1.1", "Host: 127.0.0.1", "Connection: close"];
    if (contentType !== undefined) lines.push(`Content-Type: ${contentType}`);
    if (!chunked) return { head: `${lines.concat(`Content-Length: ${body.length}`).join("\r\n")}\r\n\r\n`, body };
    const framed = Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from("\r\n0\r\n\r\n")]);
    return { head: `${lines.concat("Transfer-Encoding: chunked").join("\r\n")}\r\n\r\n`, body: body.length ? framed : Buffer.from("0\r\n\r\n") };
  };

  const text = fc.oneof(fc.constantFrom("", "a", "BTC-USD", "x".repeat(64), "x".repeat(65), 'q"uote', "ünï", "tab\t"), fc.string({ maxLength: 70 }));
  const decimal = fc.oneof(fc.constantFrom("1", "0.5", "100.00", "1.", ".5", "-1", "1e3", "9".repeat(41)), fc.string({ maxLength: 8 }));
  const member = <T>(arb: fc.Arbitrary<T>) => fc.option(fc.oneof(arb, fc.constantFrom<unknown>(1, null, true, [], {})), { nil: undefined });
  const order = fc.record(
    {
      accountId: member(text),
      symbol: member(fc.oneof(fc.constant("BTC-USD"), text)),
      side: member(fc.constantFrom("BUY", "SELL", "buy", "UP")),
      type: member(fc.constantFrom("LIMIT", "MARKET", "STOP")),
      quantity: member(decimal),
      price: member(decimal),
      timeInForce: member(fc.constantFrom("GTC", "IOC", "FOK", "DAY")),
      postOnly: member(fc.constantFrom<unknown>(true, false, "true")),
      clientOrderId: member(text),
      colour: fc.option(fc.constant("red"), { nil: undefined, freq: 8 }),
    },
    { requiredKeys: [] },
  );
  const validDecimal = fc.constantFrom("1", "0.5", "100.00", "30000.01", "9".repeat(40));
  const validOrder = fc.record(
    {
      accountId: fc.constantFrom("a", "bench-trader-1", "x".repeat(64), "ünï", 'q"uote'),
      symbol: fc.constantFrom("BTC-USD", "ETH-BTC"),
      side: fc.constantFrom("BUY", "SELL"),
      type: fc.constantFrom("LIMIT", "MARKET"),
      quantity: validDecimal,
      price: validDecimal,
      timeInForce: fc.constantFrom("GTC", "IOC", "FOK"),
      postOnly: fc.boolean(),
      clientOrderId: fc.constantFrom("c-1", "y".repeat(64)),
    },
    { requiredKeys: ["accountId", "symbol", "side", "type", "quantity"] },
  );
  const bodyOf = fc.oneof(
    { weight: 4, arbitrary: validOrder.map((o) => JSON.stringify(o)) },
    { weight: 1, arbitrary: validOrder.map((o) => `\uFEFF ${JSON.stringify(o, null, 1)}\n`) },
    { weight: 4, arbitrary: order.map((o) => JSON.stringify(o)) },
    { weight: 1, arbitrary: order.map((o) => `\uFEFF ${JSON.stringify(o)}\n`) },
    { weight: 1, arbitrary: order.map((o) => JSON.stringify(o).slice(0, -1)) }, // malformed
    { weight: 1, arbitrary: fc.oneof(fc.constantFrom("", "null", "[]", "1", '"x"', "{}"), fc.string({ maxLength: 30 })) },
    { weight: 1, arbitrary: fc.constant(JSON.stringify({ accountId: "a", symbol: "BTC-USD", side: "BUY", type: "LIMIT", quantity: "1", pad: "x".repeat(4200) })) },
  );
  const contentType = fc.constantFrom(
    "application/json",
    "application/json; charset=utf-8",
    "Application/JSON",
    "application/vnd.exchange+json",
    "text/plain",
    undefined,
  );

  it("for generated bodies, content types and framings", async () => {
    const statuses = new Set<string>();
    await fc.assert(
      fc.asyncProperty(bodyOf, contentType, fc.boolean(), async (body, type, chunked) => {
        const { head, body: bytes } = request(type, Buffer.from(body), chunked);
        const [a, b] = await Promise.all([raw(fast, head, bytes), raw(general, head, bytes)]);
        expect(a).toBe(b);
        expect(a).toMatch(/^HTTP\/1\.1 (201|400|413|415) /);
        statuses.add(a.slice(9, 12));
      }),
      { numRuns: 300 },
    );
    expect([...statuses].sort()).toEqual(["201", "400", "413", "415"]); // every kind of answer was compared
  });
});
