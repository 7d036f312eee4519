import { Metadata, type ServiceError, status } from "@grpc/grpc-js";
import type { exchangeV1 } from "@tse/contracts";
import { waitFor } from "@tse/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fundedAccount, type Harness, startExchange, unaryCall } from "../../test-support/exchange-harness.js";

let h: Harness;
let client: exchangeV1.ExchangeServiceClient;
let maker: string;
let taker: string;

beforeAll(async () => {
  h = await startExchange();
  client = h.grpcClient();
  maker = await fundedAccount(h, "maker");
  taker = await fundedAccount(h, "taker");
});
afterAll(() => h?.stop());

const place = (r: exchangeV1.PlaceOrderRequest) => unaryCall<exchangeV1.PlaceOrderRequest, exchangeV1.PlaceOrderResponse__Output>(client, "PlaceOrder", r);
const limit = (accountId: string, side: "BUY" | "SELL", price: string, quantity: string): exchangeV1.PlaceOrderRequest => ({
  accountId,
  symbol: "ETH-USD",
  side,
  type: "LIMIT",
  price,
  quantity,
});

async function failure(p: Promise<unknown>): Promise<ServiceError> {
  try {
    await p;
  } catch (err) {
    return err as ServiceError;
  }
  throw new Error("expected the call to fail");
}

describe("unary calls", () => {
  it("run the same use cases as REST", async () => {
    const account = await unaryCall<object, exchangeV1.CreateAccountResponse__Output>(client, "CreateAccount", {});
    expect(account.accountId).toMatch(/^[0-9a-f-]{36}$/);
    const dep = await unaryCall<exchangeV1.DepositRequest, exchangeV1.BalancesResponse__Output>(client, "Deposit", {
      accountId: account.accountId,
      asset: "ETH",
      amount: "2",
    });
    expect(dep.balances).toContainEqual({ asset: "ETH", available: "2.00000000", locked: "0.00000000" });

    const before = Date.now();
    const resting = await place(limit(maker, "SELL", "2000.00", "1.5"));
    expect(resting.order).toMatchObject({ status: "NEW", side: "SELL", type: "LIMIT", timeInForce: "GTC" });
    expect(Number(resting.order!.createdAtMs)).toBeGreaterThanOrEqual(before);
    expect(Number(resting.order!.createdAtMs)).toBeLessThanOrEqual(Date.now());
    const taken = await place(limit(taker, "BUY", "2000.00", "0.5"));
    expect(taken.order?.status).toBe("FILLED");
    expect(taken.fills).toHaveLength(1);

    const got = await unaryCall<exchangeV1.GetOrderRequest, exchangeV1.OrderResponse__Output>(client, "GetOrder", { orderId: resting.order!.orderId });
    expect(got.order).toMatchObject({ status: "PARTIALLY_FILLED", remainingQuantity: "1.000" });
    const amended = await unaryCall<exchangeV1.AmendOrderRequest, exchangeV1.OrderResponse__Output>(client, "AmendOrder", {
      orderId: resting.order!.orderId,
      quantity: "1.2",
    });
    expect(amended.order?.remainingQuantity).toBe("0.700");
    const book = await unaryCall<exchangeV1.GetOrderBookRequest, exchangeV1.OrderBook__Output>(client, "GetOrderBook", { symbol: "ETH-USD" });
    expect(book.asks).toContainEqual({ price: "2000.00", quantity: "0.700" });
    const rest = await h.call("GET", "/orderbook/ETH-USD");
    expect(book.sequence).toBe(rest.body.sequence);
    const cancelled = await unaryCall<exchangeV1.CancelOrderRequest, exchangeV1.OrderResponse__Output>(client, "CancelOrder", {
      orderId: resting.order!.orderId,
    });
    expect(cancelled.order?.status).toBe("CANCELLED");
    const trades = await unaryCall<exchangeV1.GetTradesRequest, exchangeV1.TradesResponse__Output>(client, "GetTrades", { symbol: "ETH-USD" });
    expect(trades.trades[0]).toMatchObject({ price: "2000.00", quantity: "0.500", takerSide: "BUY" });
    const symbols = await unaryCall<object, exchangeV1.ListSymbolsResponse__Output>(client, "ListSymbols", {});
    expect(symbols.symbols.map((s) => s.symbol)).toEqual(["BTC-USD", "ETH-USD", "ETH-BTC"]);
  });

  it("reports a business rejection as an order with status REJECTED", async () => {
    const r = await place({ ...limit(taker, "BUY", "1000000.00", "100"), timeInForce: "FOK" });
    expect(r.order).toMatchObject({ status: "REJECTED", orderId: "" });
    expect(r.order?.rejectReason).toMatch(/INSUFFICIENT_FUNDS|FOK_NOT_FILLABLE/);
  });

  it.each([
    ["unknown symbol", { ...limit("maker", "BUY", "1.00", "1"), symbol: "NOPE" }, status.INVALID_ARGUMENT, /symbol/],
    ["off-tick price", limit("maker", "BUY", "1.001", "1"), status.INVALID_ARGUMENT, /price/],
    ["below min quantity", limit("maker", "BUY", "1.00", "0.0001"), status.INVALID_ARGUMENT, /quantity/],
    ["missing side", { ...limit("maker", "BUY", "1.00", "1"), side: "SIDE_UNSPECIFIED" as const }, status.INVALID_ARGUMENT, /side/],
    ["unknown account", limit("nobody", "BUY", "1.00", "1"), status.NOT_FOUND, /nobody/],
  ])("PlaceOrder with %s → %s", async (_name, request, code, message) => {
    const before = await h.call("GET", "/orderbook/ETH-USD?depth=1000");
    const err = await failure(place(request as exchangeV1.PlaceOrderRequest));
    expect(err.code).toBe(code);
    expect(err.details).toMatch(message);
    expect((await h.call("GET", "/orderbook/ETH-USD?depth=1000")).body).toEqual(before.body);
  });

  it("answers NOT_FOUND for unknown orders and accounts, with the reason in the trailer", async () => {
    const err = await failure(unaryCall(client, "GetOrder", { orderId: "424242" }));
    expect(err.code).toBe(status.NOT_FOUND);
    expect(err.metadata.get("exchange-reason")).toEqual(["UNKNOWN_ORDER"]);
    expect((await failure(unaryCall(client, "GetBalances", { accountId: "ghost" }))).code).toBe(status.NOT_FOUND);
    expect((await failure(unaryCall(client, "Deposit", { accountId: "maker", asset: "USD", amount: "x" }))).code).toBe(status.INVALID_ARGUMENT);
  });

  it("withdraws available funds; beyond them FAILED_PRECONDITION with INSUFFICIENT_FUNDS and no change", async () => {
    const account = await unaryCall<object, exchangeV1.CreateAccountResponse__Output>(client, "CreateAccount", {});
    const accountId = account.accountId;
    await unaryCall(client, "Deposit", { accountId, asset: "ETH", amount: "2" });
    const after = await unaryCall<exchangeV1.WithdrawRequest, exchangeV1.BalancesResponse__Output>(client, "Withdraw", { accountId, asset: "ETH", amount: "0.5" });
    expect(after.balances).toContainEqual({ asset: "ETH", available: "1.50000000", locked: "0.00000000" });
    const err = await failure(unaryCall(client, "Withdraw", { accountId, asset: "ETH", amount: "2" }));
    expect(err.code).toBe(status.FAILED_PRECONDITION);
    expect(err.metadata.get("exchange-reason")).toEqual(["INSUFFICIENT_FUNDS"]);
    expect((await failure(unaryCall(client, "Withdraw", { accountId, asset: "ETH", amount: "-1" }))).code).toBe(status.INVALID_ARGUMENT);
    const balances = await unaryCall<exchangeV1.GetBalancesRequest, exchangeV1.BalancesResponse__Output>(client, "GetBalances", { accountId });
    expect(balances.balances).toContainEqual({ asset: "ETH", available: "1.50000000", locked: "0.00000000" });
  });
});

describe("StreamMarketData", () => {
  it("lets a client rebuild exactly GET /orderbook's book from snapshot + deltas", async () => {
    await place(limit(maker, "SELL", "2100.00", "1"));
    const call = client.StreamMarketData({ symbols: ["ETH-USD"], depth: 0 }, new Metadata());
    const bids = new Map<string, string>();
    const asks = new Map<string, string>();
    let sequence = -1;
    let trades = 0;
    const gaps: string[] = [];
    call.on("data", (e: exchangeV1.MarketDataEvent__Output) => {
      if (e.event === "snapshot") {
        for (const l of e.snapshot!.bids) bids.set(l.price, l.quantity);
        for (const l of e.snapshot!.asks) asks.set(l.price, l.quantity);
        sequence = e.sequence;
        return;
      }
      if (e.sequence !== sequence + 1) gaps.push(`${sequence} → ${e.sequence}`);
      sequence = e.sequence;
      if (e.event === "trade") trades++;
      for (const d of e.deltas?.deltas ?? []) {
        const side = d.side === "BUY" ? bids : asks;
        if (d.quantity === "0") side.delete(d.price);
        else side.set(d.price, d.quantity);
      }
    });
    call.on("error", () => {});
    await waitFor(() => sequence >= 0, { timeoutMs: 5000 });

    // Traffic while streaming: rests, a partial fill, a sweep, an amend, a cancel.
    const a = await place(limit(maker, "SELL", "2050.00", "0.4"));
    await place(limit(maker, "BUY", "1900.00", "0.3"));
    await place(limit(taker, "BUY", "2060.00", "0.5"));
    await unaryCall(client, "AmendOrder", { orderId: (await place(limit(maker, "BUY", "1950.00", "0.2"))).order!.orderId, price: "1960.00" });
    await h.call("POST", "/orders", { ...limit(taker, "SELL", "1900.00", "0.25"), symbol: "ETH-USD" });
    await unaryCall(client, "CancelOrder", { orderId: a.order!.orderId }).catch(() => {});

    const rest = await h.call("GET", "/orderbook/ETH-USD?depth=1000");
    await waitFor(() => sequence === rest.body.sequence, { timeoutMs: 5000 });
    call.cancel();
    expect(gaps).toEqual([]);
    expect(trades).toBeGreaterThan(0);
    const sorted = (m: Map<string, string>, dir: 1 | -1) => [...m].sort((x, y) => dir * (Number(x[0]) - Number(y[0])));
    expect(sorted(bids, -1)).toEqual(rest.body.bids);
    expect(sorted(asks, 1)).toEqual(rest.body.asks);
  });

  it("refuses an unknown symbol with INVALID_ARGUMENT", async () => {
    const call = client.StreamMarketData({ symbols: ["NOPE"] });
    const err = await new Promise<ServiceError>((resolve) => call.on("error", resolve));
    expect(err.code).toBe(status.INVALID_ARGUMENT);
  });
});

describe("SubmitOrders", () => {
  it("acks every request once, in order, echoing request_id; invalid ones carry error_code", async () => {
    const call = client.SubmitOrders();
    const acks: exchangeV1.OrderEntryAck__Output[] = [];
    call.on("data", (a: exchangeV1.OrderEntryAck__Output) => acks.push(a));
    const ended = new Promise((resolve) => call.on("end", resolve));
    const n = 200;
    for (let i = 0; i < n; i++) {
      const bad = i % 50 === 7;
      call.write({
        requestId: `r-${i}`,
        place: { ...limit(maker, i % 2 ? "BUY" : "SELL", i % 2 ? "1500.00" : "2500.00", bad ? "0.0001" : "0.01") },
      });
    }
    call.write({ requestId: "cancel-unknown", cancel: { orderId: "99999999" } });
    call.write({ requestId: "empty" });
    call.end();
    await ended;
    expect(acks.map((a) => a.requestId)).toEqual([...Array.from({ length: n }, (_, i) => `r-${i}`), "cancel-unknown", "empty"]);
    expect(acks.filter((a) => a.errorCode === "InvalidArgument").map((a) => a.requestId)).toEqual(["r-7", "r-57", "r-107", "r-157", "empty"]);
    expect(acks.find((a) => a.requestId === "cancel-unknown")?.errorCode).toBe("NotFound");
    expect(acks.filter((a) => a.order?.status === "NEW")).toHaveLength(n - 4);
    // Durable before acknowledged: group commit wrote them in fewer appends than requests.
    const journal = h.composition.journal;
    expect(journal.durable).toBe(h.composition.app.exchange.engine.lastSeq);
    expect(journal.batches).toBeLessThan(journal.eventsWritten);
  });
});
