import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fundedAccount, type Harness, startExchange } from "../../test-support/exchange-harness.js";

let h: Harness;
let alice: string;
let bob: string;

beforeAll(async () => {
  h = await startExchange({ BODY_LIMIT_BYTES: "4096" });
  alice = await fundedAccount(h, "alice");
  bob = await fundedAccount(h, "bob");
});
afterAll(() => h?.stop());

const limit = (accountId: string, side: "BUY" | "SELL", price: string, quantity: string, extra: Record<string, unknown> = {}) => ({
  accountId,
  symbol: "BTC-USD",
  side,
  type: "LIMIT",
  price,
  quantity,
  ...extra,
});

describe("REST order flow", () => {
  it("withdraws available funds, never what open orders lock", async () => {
    const carol = (await h.call("POST", "/accounts", { accountId: "carol" })).body.accountId;
    await h.call("POST", `/accounts/${carol}/deposits`, { asset: "USD", amount: "1000" });
    const resting = await h.call("POST", "/orders", limit(carol, "BUY", "1000.00", "0.5")); // locks 500 USD
    expect(resting.body.order.status).toBe("NEW");
    const w = await h.call("POST", `/accounts/${carol}/withdrawals`, { asset: "USD", amount: "400" });
    expect(w.status).toBe(201);
    expect(w.body).toEqual({ asset: "USD", available: "100.000000", locked: "500.000000" });
    const tooMuch = await h.call("POST", `/accounts/${carol}/withdrawals`, { asset: "USD", amount: "100.01" });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.error.code).toBe("insufficient_funds");
    await h.call("DELETE", `/orders/${resting.body.order.orderId}`);
    const rest = await h.call("POST", `/accounts/${carol}/withdrawals`, { asset: "USD", amount: "600" });
    expect(rest.body).toEqual({ asset: "USD", available: "0.000000", locked: "0.000000" });
  });

  it("stamps orders with when they were accepted and last changed", async () => {
    const before = Date.now();
    const placed = await h.call("POST", "/orders", limit(alice, "SELL", "31000.00", "0.1"));
    const after = Date.now();
    const { createdAtMs, updatedAtMs, orderId } = placed.body.order;
    expect(createdAtMs).toBeGreaterThanOrEqual(before);
    expect(createdAtMs).toBeLessThanOrEqual(after);
    expect(updatedAtMs).toBe(createdAtMs);
    await new Promise((r) => setTimeout(r, 5));
    const taker = await h.call("POST", "/orders", limit(bob, "BUY", "31000.00", "0.04"));
    expect(taker.body, JSON.stringify(taker.body)).toHaveProperty("order.status", "FILLED");
    const filled = (await h.call("GET", `/orders/${orderId}`)).body;
    expect(filled).toMatchObject({ status: "PARTIALLY_FILLED", createdAtMs });
    expect(filled.updatedAtMs).toBeGreaterThan(createdAtMs);
    const cancelled = (await h.call("DELETE", `/orders/${orderId}`)).body;
    expect(cancelled).toMatchObject({ status: "CANCELLED", createdAtMs });
    expect(cancelled.updatedAtMs).toBeGreaterThanOrEqual(filled.updatedAtMs);
    const big = await h.call("POST", "/orders", limit(bob, "BUY", "31000.00", "1000"));
    const rejected = big.body.order;
    expect(rejected, JSON.stringify(big.body)).toBeDefined();
    expect(rejected.status).toBe("REJECTED");
    expect(rejected.createdAtMs).toBeGreaterThanOrEqual(before);
  });

  it("creates accounts, deposits and reports balances", async () => {
    const created = await h.call("POST", "/accounts");
    expect(created.status).toBe(201);
    expect(created.body.accountId).toMatch(/^[0-9a-f-]{36}$/);
    const dep = await h.call("POST", `/accounts/${created.body.accountId}/deposits`, { asset: "USD", amount: "250.5" });
    expect(dep.status).toBe(201);
    expect(dep.body).toEqual({ asset: "USD", available: "250.500000", locked: "0.000000" });
    const balances = await h.call("GET", `/accounts/${created.body.accountId}/balances`);
    expect(balances.status).toBe(200);
    expect(balances.body).toContainEqual({ asset: "USD", available: "250.500000", locked: "0.000000" });
    expect(balances.body.map((b: { asset: string }) => b.asset).sort()).toEqual(["BTC", "ETH", "USD"]);
  });

  it("places, matches, reads, amends and cancels orders", async () => {
    const sell = await h.call("POST", "/orders", limit(alice, "SELL", "30000.00", "0.5", { clientOrderId: "s-1" }));
    expect(sell.status).toBe(201);
    expect(sell.body.order).toMatchObject({ status: "NEW", filledQuantity: "0.0000", side: "SELL", type: "LIMIT", timeInForce: "GTC" });
    const buy = await h.call("POST", "/orders", limit(bob, "BUY", "30000.00", "0.2"));
    expect(buy.status).toBe(201);
    expect(buy.body.order).toMatchObject({ status: "FILLED", filledQuantity: "0.2000" });
    expect(buy.body.fills).toHaveLength(1);
    expect(buy.body.fills[0]).toMatchObject({ price: "30000.00", quantity: "0.2000", maker: false, feeAsset: "BTC" });

    const got = await h.call("GET", `/orders/${sell.body.order.orderId}`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ status: "PARTIALLY_FILLED", filledQuantity: "0.2000", remainingQuantity: "0.3000", clientOrderId: "s-1" });

    const amended = await h.call("PATCH", `/orders/${sell.body.order.orderId}`, { price: "30100.00" });
    expect(amended.status).toBe(200);
    expect(amended.body.order).toMatchObject({ price: "30100.00", remainingQuantity: "0.3000" });

    const book = await h.call("GET", "/orderbook/BTC-USD?depth=5");
    expect(book.status).toBe(200);
    expect(book.body.asks).toContainEqual(["30100.00", "0.3000"]);
    expect(typeof book.body.sequence).toBe("number");

    const cancelled = await h.call("DELETE", `/orders/${sell.body.order.orderId}`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe("CANCELLED");
    const again = await h.call("DELETE", `/orders/${sell.body.order.orderId}`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("order_not_open");

    const trades = await h.call("GET", "/trades/BTC-USD?limit=10");
    expect(trades.status).toBe(200);
    expect(trades.body[0]).toMatchObject({ price: "30000.00", quantity: "0.2000", takerSide: "BUY" });
  });

  it("answers a business rejection with 201 and status REJECTED, changing nothing", async () => {
    const poor = (await h.call("POST", "/accounts", { accountId: "poor" })).body.accountId;
    const before = await h.call("GET", "/orderbook/BTC-USD");
    const r = await h.call("POST", "/orders", limit(poor, "BUY", "100.00", "1"));
    expect(r.status).toBe(201);
    expect(r.body.order).toMatchObject({ orderId: null, status: "REJECTED", rejectReason: "INSUFFICIENT_FUNDS" });
    expect(r.body.fills).toEqual([]);
    expect((await h.call("GET", "/orderbook/BTC-USD")).body).toEqual(before.body);
  });

  it("lists symbols", async () => {
    const r = await h.call("GET", "/symbols");
    expect(r.status).toBe(200);
    expect(r.body).toContainEqual(
      expect.objectContaining({ symbol: "BTC-USD", baseAsset: "BTC", quoteAsset: "USD", tickSize: "0.01", minQuantity: "0.0001" }),
    );
  });
});

describe("REST bad input: 4xx naming the problem, never a state change", () => {
  const cases: Array<[string, string, string, unknown, number, string, RegExp]> = [
    ["unknown symbol", "POST", "/orders", { ...limit("alice", "BUY", "1.00", "1"), symbol: "DOGE-USD" }, 400, "unknown_symbol", /symbol/],
    ["off-tick price", "POST", "/orders", limit("alice", "BUY", "100.001", "1"), 400, "invalid_price", /price/],
    ["below min quantity", "POST", "/orders", limit("alice", "BUY", "100.00", "0.00001"), 400, "invalid_quantity", /quantity/],
    ["price as a number", "POST", "/orders", { ...limit("alice", "BUY", "1", "1"), price: 100 }, 400, "invalid_request", /price/],
    ["unknown field", "POST", "/orders", { ...limit("alice", "BUY", "100.00", "1"), leverage: 10 }, 400, "invalid_request", /leverage: unknown field/],
    ["bad side", "POST", "/orders", { ...limit("alice", "BUY", "100.00", "1"), side: "LONG" }, 400, "invalid_request", /side/],
    ["market order with a price", "POST", "/orders", { ...limit("alice", "BUY", "100.00", "1"), type: "MARKET" }, 400, "invalid_price", /price/],
    ["unknown account", "POST", "/orders", limit("nobody", "BUY", "100.00", "1"), 404, "unknown_account", /accountId|nobody/],
    ["unknown order", "GET", "/orders/999999", undefined, 404, "unknown_order", /999999/],
    ["malformed order id", "DELETE", "/orders/abc", undefined, 404, "unknown_order", /abc/],
    ["unknown account balances", "GET", "/accounts/nobody/balances", undefined, 404, "unknown_account", /nobody/],
    ["deposit of an unknown asset", "POST", "/accounts/alice/deposits", { asset: "XRP", amount: "1" }, 400, "unknown_asset", /asset/],
    ["deposit with a negative amount", "POST", "/accounts/alice/deposits", { asset: "USD", amount: "-1" }, 400, "invalid_request", /amount/],
    ["amend with nothing to change", "PATCH", "/orders/1", {}, 400, "invalid_request", /quantity, price or both/],
    ["book of an unknown symbol", "GET", "/orderbook/NOPE", undefined, 400, "unknown_symbol", /NOPE/],
    ["book depth out of range", "GET", "/orderbook/BTC-USD?depth=0", undefined, 400, "invalid_request", /depth/],
    ["unknown query parameter", "GET", "/trades/BTC-USD?lmit=5", undefined, 400, "invalid_request", /lmit/],
    ["malformed JSON", "POST", "/orders", "{not json", 400, "bad_request", /JSON/i],
    ["oversize body", "POST", "/orders", { ...limit("alice", "BUY", "100.00", "1"), clientOrderId: "x".repeat(5000) }, 413, "payload_too_large", /4096/],
    ["duplicate account", "POST", "/accounts", { accountId: "alice" }, 409, "account_exists", /alice/],
    ["withdrawal beyond the available funds", "POST", "/accounts/alice/withdrawals", { asset: "BTC", amount: "1000000" }, 409, "insufficient_funds", /BTC|available/],
    ["withdrawal of an unknown asset", "POST", "/accounts/alice/withdrawals", { asset: "XRP", amount: "1" }, 400, "unknown_asset", /asset/],
    ["withdrawal of zero", "POST", "/accounts/alice/withdrawals", { asset: "USD", amount: "0" }, 400, "invalid_amount", /amount/],
    ["withdrawal with an unknown field", "POST", "/accounts/alice/withdrawals", { asset: "USD", amount: "1", to: "x" }, 400, "invalid_request", /to/],
    ["withdrawal from an unknown account", "POST", "/accounts/nobody/withdrawals", { asset: "USD", amount: "1" }, 404, "unknown_account", /nobody/],
  ];

  it.each(cases)("%s", async (_name, method, path, body, status, code, message) => {
    const before = await h.call("GET", "/orderbook/BTC-USD?depth=1000");
    const balances = await h.call("GET", "/accounts/alice/balances");
    const r = await h.call(method, path, body);
    expect(r.status).toBe(status);
    expect(r.body.error.code).toBe(code);
    expect(r.body.error.message).toMatch(message);
    expect((await h.call("GET", "/orderbook/BTC-USD?depth=1000")).body).toEqual(before.body);
    expect((await h.call("GET", "/accounts/alice/balances")).body).toEqual(balances.body);
  });
});

describe("OpenAPI", () => {
  it("documents every /api/v1 route the exchange mounts", async () => {
    const r = await h.call("GET", "/openapi.json");
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe("3.1.0");
    const documented = new Set(
      Object.entries(r.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} /api/v1${path.replace(/\{(\w+)\}/g, ":$1")}`),
      ),
    );
    const kitRoutes = /^\/api\/v1\/(health|ready|metrics|chaos)/;
    const mounted = h.service.app.routes
      .filter((rt) => rt.path.startsWith("/api/v1/") && !kitRoutes.test(rt.path) && rt.method !== "ALL")
      .map((rt) => `${rt.method} ${rt.path}`);
    expect(mounted.length).toBeGreaterThanOrEqual(11);
    for (const route of mounted) expect(documented, route).toContain(route);
    expect(r.body.components.schemas.PlaceOrderRequest.additionalProperties).toBe(false);
    expect(r.body.components.schemas.OrderExecution.properties.order).toEqual({ $ref: "#/components/schemas/Order" });
  });
});

describe("metrics", () => {
  it("exposes the exchange_* business metrics with their labels after traffic", async () => {
    await h.call("POST", "/orders", limit(alice, "SELL", "31000.00", "0.1"));
    await h.call("POST", "/orders", limit(bob, "BUY", "31000.00", "0.1"));
    await h.call("POST", "/orders", limit(bob, "BUY", "31000.001", "0.1"));
    await h.call("POST", "/orders", limit(bob, "BUY", "29000.00", "0.1"));
    const res = await fetch(`${h.url}/metrics`);
    const text = await res.text();
    const expectLine = (re: RegExp) => expect(text).toMatch(re);
    expectLine(/^exchange_orders_total\{[^}]*symbol="BTC-USD"[^}]*order_type="limit"[^}]*side="buy"[^}]*\} [1-9]/m);
    expectLine(/^exchange_orders_rejected_total\{[^}]*symbol="BTC-USD"[^}]*reason="INVALID_PRICE"[^}]*\} [1-9]/m);
    expectLine(/^exchange_trades_total\{[^}]*symbol="BTC-USD"[^}]*\} [1-9]/m);
    expectLine(/^exchange_traded_quantity_total\{[^}]*symbol="BTC-USD"[^}]*\} 0?\.?[1-9]/m);
    expectLine(/^exchange_order_book_depth\{[^}]*symbol="BTC-USD"[^}]*side="buy"[^}]*\} [0-9.]+/m);
    expectLine(/^exchange_best_price\{[^}]*symbol="BTC-USD"[^}]*side="buy"[^}]*\} 29000/m);
    expectLine(/^exchange_matching_engine_latency_seconds_bucket\{[^}]*symbol="BTC-USD"[^}]*le="[^"]+"[^}]*\} [1-9]/m);
    expectLine(/^exchange_orders_total\{[^}]*instance_name="exchange-simulator"/m);
  });
});
