import { describe, expect, it } from "vitest";
import { expectRejectedWithoutChange, fixture, P30K, USD } from "./test-support/engine-fixture.js";

/** Three sells at one price from three accounts; returns them in queue order. */
function queue() {
  const f = fixture();
  const a = f.accepted("alice", "sell", P30K, 10).order;
  const b = f.accepted("bob", "sell", P30K, 10).order;
  const c = f.accepted("carol", "sell", P30K, 10).order;
  return { f, a, b, c };
}

function fillOrder(f: ReturnType<typeof fixture>, lots: number): number[] {
  f.engine.openAccount("taker");
  f.engine.deposit("taker", "USD", USD(1_000_000));
  return f.accepted("taker", "buy", P30K, lots).trades.map((t) => t.makerOrderId);
}

describe("amend", () => {
  it("lowering the quantity keeps queue priority and releases the lock", () => {
    const { f, a, b } = queue();
    const r = f.engine.amendOrder({ accountId: "alice", orderId: a.id, quantity: 4 });
    expect(r.ok).toBe(true);
    expect(a.quantity).toBe(4);
    expect(a.remaining).toBe(4);
    expect(f.balance("alice", "BTC").locked).toBe(4 * 10_000);
    expect(f.engine.bookSnapshot("BTC-USD")!.asks).toEqual([{ price: P30K, quantity: 24, orders: 3 }]);
    expect(fillOrder(f, 6)).toEqual([a.id, b.id]);
    expect(f.journal.events().filter((e) => e.type === "OrderAmended")).toMatchObject([{ orderId: a.id, quantity: 4, priorityKept: true }]);
  });

  it("raising the quantity sends the order to the back of its level", () => {
    const { f, a, b, c } = queue();
    expect(f.engine.amendOrder({ accountId: "alice", orderId: a.id, quantity: 12 }).ok).toBe(true);
    expect(fillOrder(f, 30)).toEqual([b.id, c.id, a.id]);
  });

  it("changing the price loses priority even when moved back to the original price", () => {
    const { f, a, b, c } = queue();
    f.engine.amendOrder({ accountId: "alice", orderId: a.id, price: P30K + 1 });
    f.engine.amendOrder({ accountId: "alice", orderId: a.id, price: P30K });
    expect(fillOrder(f, 30)).toEqual([b.id, c.id, a.id]);
  });

  it("a new price that crosses the book trades immediately", () => {
    const f = fixture();
    const ask = f.accepted("alice", "sell", P30K, 5).order;
    const bid = f.accepted("bob", "buy", P30K - 10, 8).order;
    const r = f.engine.amendOrder({ accountId: "bob", orderId: bid.id, price: P30K });
    expect(r.ok && r.trades.map((t) => [t.makerOrderId, t.quantity])).toEqual([[ask.id, 5]]);
    expect(bid.status).toBe("PARTIALLY_FILLED");
    expect(f.engine.bookSnapshot("BTC-USD")!.bids).toEqual([{ price: P30K, quantity: 3, orders: 1 }]);
    expect(f.balance("bob", "USD").locked).toBe(P30K * 3);
  });

  it("a partially filled order's quantity is its total: the new total must exceed what filled", () => {
    const f = fixture();
    const ask = f.accepted("alice", "sell", P30K, 10).order;
    f.accepted("bob", "buy", P30K, 6);
    expectRejectedWithoutChange(f, () => f.engine.amendOrder({ accountId: "alice", orderId: ask.id, quantity: 6 }), "INVALID_QUANTITY", "quantity");
    expect(f.engine.amendOrder({ accountId: "alice", orderId: ask.id, quantity: 7 }).ok).toBe(true);
    expect(ask.remaining).toBe(1);
  });

  it("raising a buy's price locks the difference, or is refused without enough funds", () => {
    const f = fixture();
    f.engine.openAccount("dave");
    f.engine.deposit("dave", "USD", P30K * 10);
    const o = f.accepted("dave", "buy", P30K, 10).order;
    expectRejectedWithoutChange(f, () => f.engine.amendOrder({ accountId: "dave", orderId: o.id, price: P30K + 1 }), "INSUFFICIENT_FUNDS");
    expect(f.engine.amendOrder({ accountId: "dave", orderId: o.id, price: P30K - 1 }).ok).toBe(true);
    expect(f.balance("dave", "USD")).toEqual({ available: 10, locked: (P30K - 1) * 10 });
  });

  it("refuses to move a post-only order across the book", () => {
    const f = fixture();
    f.accepted("alice", "sell", P30K, 1);
    const o = f.accepted("bob", "buy", P30K - 1, 1, { postOnly: true }).order;
    expectRejectedWithoutChange(f, () => f.engine.amendOrder({ accountId: "bob", orderId: o.id, price: P30K }), "POST_ONLY_WOULD_TAKE", "price");
  });

  it("an amendment that changes nothing succeeds without journaling", () => {
    const f = fixture();
    const o = f.accepted("bob", "buy", P30K, 1).order;
    const n = f.journal.length;
    expect(f.engine.amendOrder({ accountId: "bob", orderId: o.id, price: P30K, quantity: 1 }).ok).toBe(true);
    expect(f.journal.length).toBe(n);
  });

  it("rejects amendments of unknown, foreign and closed orders without change", () => {
    const f = fixture();
    const o = f.accepted("bob", "buy", P30K, 1).order;
    expectRejectedWithoutChange(f, () => f.engine.amendOrder({ accountId: "bob", orderId: 999, quantity: 2 }), "UNKNOWN_ORDER");
    expectRejectedWithoutChange(f, () => f.engine.amendOrder({ accountId: "alice", orderId: o.id, quantity: 2 }), "UNKNOWN_ORDER");
    expectRejectedWithoutChange(f, () => f.engine.amendOrder({ accountId: "zed", orderId: o.id, quantity: 2 }), "UNKNOWN_ACCOUNT");
    f.engine.cancelOrder("bob", o.id);
    expectRejectedWithoutChange(f, () => f.engine.amendOrder({ accountId: "bob", orderId: o.id, quantity: 2 }), "ORDER_NOT_OPEN");
    expectRejectedWithoutChange(f, () => f.engine.amendOrder({ accountId: "bob", orderId: o.id, price: -1 }), "ORDER_NOT_OPEN");
  });

  it("validates the new price and quantity", () => {
    const f = fixture();
    const o = f.accepted("bob", "buy", P30K, 1).order;
    expectRejectedWithoutChange(f, () => f.engine.amendOrder({ accountId: "bob", orderId: o.id, price: 0 }), "INVALID_PRICE", "price");
    expectRejectedWithoutChange(f, () => f.engine.amendOrder({ accountId: "bob", orderId: o.id, quantity: 1.5 }), "INVALID_QUANTITY", "quantity");
    f.engine.haltTrading("BTC-USD");
    expectRejectedWithoutChange(f, () => f.engine.amendOrder({ accountId: "bob", orderId: o.id, quantity: 2 }), "TRADING_HALTED");
  });
});
