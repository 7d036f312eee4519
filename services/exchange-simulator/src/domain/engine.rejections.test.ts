import { describe, expect, it } from "vitest";
import type { PlaceOrderCommand } from "./order-validation.js";
import { BTC_USD, expectRejectedWithoutChange, fixture, ONE_BTC, P30K, refFields, USD } from "./test-support/engine-fixture.js";

const limit = (over: Partial<PlaceOrderCommand> = {}): PlaceOrderCommand => ({
  accountId: "bob",
  symbol: BTC_USD,
  side: "buy",
  type: "limit",
  price: P30K,
  quantity: 10,
  ...over,
});

describe("order rejections change nothing", () => {
  const cases: Array<[string, Partial<PlaceOrderCommand>, string, string | undefined]> = [
    ["unknown symbol", { symbol: "DOGE-USD" }, "UNKNOWN_SYMBOL", "symbol"],
    ["unknown account", { accountId: "nobody" }, "UNKNOWN_ACCOUNT", "accountId"],
    ["bad side", { side: "long" as never }, "INVALID_SIDE", "side"],
    ["bad type", { type: "stop" as never }, "INVALID_ORDER_TYPE", "type"],
    ["bad time in force", { timeInForce: "GTD" as never }, "INVALID_TIME_IN_FORCE", "timeInForce"],
    ["GTC market order", { type: "market", price: undefined, timeInForce: "GTC" }, "INVALID_TIME_IN_FORCE", "timeInForce"],
    ["post-only IOC", { postOnly: true, timeInForce: "IOC" }, "INVALID_TIME_IN_FORCE", "timeInForce"],
    ["post-only market", { type: "market", price: undefined, postOnly: true }, "INVALID_ORDER_TYPE", "postOnly"],
    ["bad STP", { selfTradePrevention: "SOMETIMES" as never }, "INVALID_SELF_TRADE_PREVENTION", "selfTradePrevention"],
    ["missing price", { price: undefined }, "INVALID_PRICE", "price"],
    ["zero price", { price: 0 }, "INVALID_PRICE", "price"],
    ["fractional price", { price: 1.5 }, "INVALID_PRICE", "price"],
    ["priced market order", { type: "market" }, "INVALID_PRICE", "price"],
    ["zero quantity", { quantity: 0 }, "INVALID_QUANTITY", "quantity"],
    ["unsafe quantity", { quantity: 2 ** 60 }, "INVALID_QUANTITY", "quantity"],
    ["order value beyond exact integers", { price: 2 ** 40, quantity: 2 ** 20 }, "INVALID_QUANTITY", "quantity"],
    ["bad client order id", { clientOrderId: "has space" }, "INVALID_CLIENT_ORDER_ID", "clientOrderId"],
    ["not enough USD", { quantity: 10_000 * ONE_BTC }, "INSUFFICIENT_FUNDS", undefined],
    ["not enough BTC", { side: "sell", quantity: 101 * ONE_BTC }, "INSUFFICIENT_FUNDS", undefined],
  ];
  it.each(cases)("%s → %s", (_name, over, reason, field) => {
    const f = fixture();
    f.accepted("alice", "sell", P30K + 100, 1); // something on the book
    expectRejectedWithoutChange(f, () => f.engine.placeOrder(limit(over)), reason as never, field);
  });

  it("BELOW_MIN_QUANTITY for a symbol whose minimum exceeds one lot", () => {
    const f = fixture({
      config: {
        assets: [
          { code: "USD", decimals: 6 },
          { code: "BTC", decimals: 8 },
        ],
        symbols: [{ symbol: BTC_USD, base: "BTC", quote: "USD", tickSize: "0.01", lotSize: "0.0001", minQuantity: "0.001", makerFeeBps: 0, takerFeeBps: 0 }],
      },
    }, ["bob"]);
    expectRejectedWithoutChange(f, () => f.engine.placeOrder(limit({ quantity: 9 })), "BELOW_MIN_QUANTITY", "quantity");
    expect(f.engine.placeOrder(limit({ quantity: 10 })).ok).toBe(true);
  });

  it("POST_ONLY_WOULD_TAKE when a post-only order would cross", () => {
    const f = fixture();
    f.accepted("alice", "sell", P30K, 1);
    expectRejectedWithoutChange(f, () => f.engine.placeOrder(limit({ postOnly: true })), "POST_ONLY_WOULD_TAKE", "price");
  });

  it("FOK_NOT_FILLABLE when the book cannot fill it at once", () => {
    const f = fixture();
    f.accepted("alice", "sell", P30K, 5);
    f.accepted("alice", "sell", P30K + 1, 5);
    expectRejectedWithoutChange(f, () => f.engine.placeOrder(limit({ timeInForce: "FOK" })), "FOK_NOT_FILLABLE");
    expectRejectedWithoutChange(f, () => f.engine.placeOrder(limit({ type: "market", price: undefined, timeInForce: "FOK", quantity: 11 })), "FOK_NOT_FILLABLE");
  });

  it("NO_LIQUIDITY for a market order against an empty side", () => {
    const f = fixture();
    f.accepted("alice", "buy", P30K, 5); // only bids
    expectRejectedWithoutChange(f, () => f.engine.placeOrder(limit({ type: "market", price: undefined })), "NO_LIQUIDITY");
  });

  it("INSUFFICIENT_FUNDS for a market buy the account cannot pay for", () => {
    const f = fixture();
    f.accepted("alice", "sell", P30K, ONE_BTC);
    f.engine.openAccount("dave");
    f.engine.deposit("dave", "USD", USD(29_999));
    expectRejectedWithoutChange(f, () => f.engine.placeOrder(limit({ accountId: "dave", type: "market", price: undefined, quantity: ONE_BTC })), "INSUFFICIENT_FUNDS");
  });

  it("funds locked by open orders are not available to new ones", () => {
    const f = fixture();
    f.engine.openAccount("dave");
    f.engine.deposit("dave", "USD", P30K * 10);
    expect(f.engine.placeOrder(limit({ accountId: "dave" })).ok).toBe(true);
    expectRejectedWithoutChange(f, () => f.engine.placeOrder(limit({ accountId: "dave", quantity: 1 })), "INSUFFICIENT_FUNDS");
  });
});

describe("cancel rejections change nothing", () => {
  it("UNKNOWN_ACCOUNT, UNKNOWN_ORDER (also for another account's order) and ORDER_NOT_OPEN", () => {
    const f = fixture();
    const o = f.accepted("bob", "buy", P30K, 1).order;
    expectRejectedWithoutChange(f, () => f.engine.cancelOrder("nobody", o.id), "UNKNOWN_ACCOUNT", "accountId");
    expectRejectedWithoutChange(f, () => f.engine.cancelOrder("bob", 12345), "UNKNOWN_ORDER", "orderId");
    expectRejectedWithoutChange(f, () => f.engine.cancelOrder("alice", o.id), "UNKNOWN_ORDER", "orderId");
    expect(f.engine.cancelOrder("bob", o.id).ok).toBe(true);
    expectRejectedWithoutChange(f, () => f.engine.cancelOrder("bob", o.id), "ORDER_NOT_OPEN", "orderId");
  });
});

describe("client order ids", () => {
  it("a retry with the same parameters returns the original order and changes nothing", () => {
    const f = fixture();
    const first = f.accepted("bob", "buy", P30K, 10, { clientOrderId: "mm-1" });
    const before = JSON.stringify(f.engine.exportState());
    const n = f.journal.length;
    const retry = f.accepted("bob", "buy", P30K, 10, { clientOrderId: "mm-1" });
    expect(retry.duplicate).toBe(true);
    expect(refFields(retry.order)).toEqual(refFields(first.order));
    expect(retry.order).toMatchObject({ id: first.order.id, status: "NEW", quantity: 10, createdAt: first.order.createdAt });
    expect(retry.trades).toEqual([]);
    expect(JSON.stringify(f.engine.exportState())).toBe(before);
    expect(f.journal.length).toBe(n);
  });

  it("still deduplicates after the order filled", () => {
    const f = fixture();
    f.accepted("alice", "sell", P30K, 10);
    const first = f.accepted("bob", "buy", P30K, 10, { clientOrderId: "mm-2" });
    expect(first.order.status).toBe("FILLED");
    const retry = f.accepted("bob", "buy", P30K, 10, { clientOrderId: "mm-2" });
    expect(retry.duplicate).toBe(true);
    expect(retry.order.id).toBe(first.order.id);
  });

  it("reusing the id with different parameters is DUPLICATE_CLIENT_ORDER_ID", () => {
    const f = fixture();
    f.accepted("bob", "buy", P30K, 10, { clientOrderId: "mm-3" });
    for (const over of [{ quantity: 11 }, { price: P30K + 1 }, { side: "sell" as const }, { timeInForce: "IOC" as const }, { symbol: "ETH-USD" }]) {
      expectRejectedWithoutChange(f, () => f.engine.placeOrder(limit({ clientOrderId: "mm-3", ...over })), "DUPLICATE_CLIENT_ORDER_ID", "clientOrderId");
    }
  });

  it("client order ids are scoped per account", () => {
    const f = fixture();
    const a = f.accepted("bob", "buy", P30K, 10, { clientOrderId: "same" });
    const b = f.accepted("alice", "buy", P30K, 10, { clientOrderId: "same" });
    expect(b.duplicate).toBe(false);
    expect(b.order.id).not.toBe(a.order.id);
  });
});
