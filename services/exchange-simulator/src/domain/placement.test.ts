import { describe, expect, it } from "vitest";
import type { Trade } from "./journal.js";
import { BTC, fixture, ONE_BTC, P30K, refFields, USD } from "./test-support/engine-fixture.js";

describe("limit orders and price-time priority", () => {
  it("rests a non-crossing limit order as NEW and locks exactly its notional", () => {
    const f = fixture();
    const r = f.accepted("bob", "buy", P30K, ONE_BTC / 2);
    expect(r.order.status).toBe("NEW");
    expect(r.trades).toEqual([]);
    expect(f.balance("bob", "USD")).toEqual({ available: USD(1_000_000) - USD(15_000), locked: USD(15_000) });
    expect(f.engine.bookSnapshot("BTC-USD")!.bids).toEqual([{ price: P30K, quantity: 5000, orders: 1 }]);
  });

  it("fills at the resting order's price, best price first, then oldest first within a price", () => {
    const f = fixture();
    const a1 = f.accepted("alice", "sell", P30K + 100, 10).order;
    const a2 = f.accepted("carol", "sell", P30K, 10).order; // better price, later
    const a3 = f.accepted("alice", "sell", P30K, 10).order; // same price as a2, later still
    const r = f.accepted("bob", "buy", P30K + 200, 25);
    expect(r.trades.map((t) => [t.makerOrderId, t.price, t.quantity])).toEqual([
      [a2.id, P30K, 10],
      [a3.id, P30K, 10],
      [a1.id, P30K + 100, 5],
    ]);
    expect(r.order.status).toBe("FILLED");
    expect(a1.status).toBe("PARTIALLY_FILLED");
    expect(a1.remaining).toBe(5);
    expect(a2.status).toBe("FILLED");
  });

  it("rests the remainder of a partially filled GTC order at its limit", () => {
    const f = fixture();
    f.accepted("alice", "sell", P30K, 4);
    const r = f.accepted("bob", "buy", P30K + 50, 10);
    expect(r.order.status).toBe("PARTIALLY_FILLED");
    expect(r.order.remaining).toBe(6);
    const book = f.engine.bookSnapshot("BTC-USD")!;
    expect(book.asks).toEqual([]);
    expect(book.bids).toEqual([{ price: P30K + 50, quantity: 6, orders: 1 }]);
  });

  it("releases the price improvement of a buy that fills below its limit", () => {
    const f = fixture();
    f.accepted("alice", "sell", P30K, 10);
    const before = f.balance("bob", "USD");
    f.accepted("bob", "buy", P30K + 1000, 10); // limit 30,010.00, fills at 30,000.00
    const after = f.balance("bob", "USD");
    expect(after.locked).toBe(0);
    expect(before.available - after.available).toBe(P30K * 10); // paid the fill price, not the limit
  });
});

describe("time in force", () => {
  it("IOC fills what it can and expires the rest", () => {
    const f = fixture();
    f.accepted("alice", "sell", P30K, 3);
    const r = f.accepted("bob", "buy", P30K, 10, { timeInForce: "IOC" });
    expect(r.trades.map((t) => t.quantity)).toEqual([3]);
    expect(r.order.status).toBe("EXPIRED");
    expect(r.order.remaining).toBe(7);
    expect(f.engine.bookSnapshot("BTC-USD")!.bids).toEqual([]);
    expect(f.balance("bob", "USD").locked).toBe(0);
    const expired = f.journal.events().filter((e) => e.type === "OrderExpired");
    expect(expired).toMatchObject([{ orderId: r.order.id, remaining: 7, reason: "IOC" }]);
  });

  it("IOC with nothing to match is accepted and expires without trades", () => {
    const f = fixture();
    const r = f.accepted("bob", "buy", P30K, 10, { timeInForce: "IOC" });
    expect(r.trades).toEqual([]);
    expect(r.order.status).toBe("EXPIRED");
  });

  it("FOK fills completely across levels when the book can", () => {
    const f = fixture();
    f.accepted("alice", "sell", P30K, 4);
    f.accepted("carol", "sell", P30K + 1, 6);
    const r = f.accepted("bob", "buy", P30K + 1, 10, { timeInForce: "FOK" });
    expect(r.order.status).toBe("FILLED");
    expect(r.trades.reduce((n, t) => n + t.quantity, 0)).toBe(10);
  });

  it("market orders take liquidity at any price and expire the unfillable rest", () => {
    const f = fixture();
    f.accepted("alice", "sell", P30K, 2);
    f.accepted("alice", "sell", P30K * 2, 3);
    const r = f.accepted("bob", "buy", undefined, 10);
    expect(r.order.type).toBe("market");
    expect(r.trades.map((t) => [t.price, t.quantity])).toEqual([
      [P30K, 2],
      [P30K * 2, 3],
    ]);
    expect(r.order.status).toBe("EXPIRED");
    expect(f.journal.events().at(-1)).toMatchObject({ type: "OrderExpired", reason: "MARKET", remaining: 5 });
    // The market buy's temporary lock is fully released: it paid exactly its fills.
    expect(f.balance("bob", "USD")).toEqual({ available: USD(1_000_000) - (P30K * 2 + P30K * 2 * 3), locked: 0 });
  });

  it("a market sell fills into the bids best first", () => {
    const f = fixture();
    f.accepted("alice", "buy", P30K, 5);
    f.accepted("carol", "buy", P30K + 10, 5);
    const r = f.accepted("bob", "sell", undefined, 7);
    expect(r.trades.map((t) => [t.price, t.quantity])).toEqual([
      [P30K + 10, 5],
      [P30K, 2],
    ]);
    expect(r.order.status).toBe("FILLED");
  });

  it("a market buy the account can afford only by walking the book is funded exactly", () => {
    const f = fixture();
    f.accepted("alice", "sell", P30K, ONE_BTC); // 30,000 USD
    f.accepted("alice", "sell", 1_000_000_000, 1); // a far ask makes the quantity × worst-ask bound huge
    expect(f.engine.openAccount("dave").ok).toBe(true);
    expect(f.engine.deposit("dave", "USD", USD(30_000)).ok).toBe(true);
    const r = f.accepted("dave", "buy", undefined, ONE_BTC);
    expect(r.order.status).toBe("FILLED");
    expect(f.balance("dave", "USD")).toEqual({ available: 0, locked: 0 });
  });
});

describe("post-only", () => {
  it("rests when it would not trade", () => {
    const f = fixture();
    f.accepted("alice", "sell", P30K + 1, 1);
    const r = f.accepted("bob", "buy", P30K, 1, { postOnly: true });
    expect(r.order.status).toBe("NEW");
    expect(r.order.postOnly).toBe(true);
  });
});

describe("fees", () => {
  it("charges the taker 20 bps and the maker 10 bps in the asset each receives, into the fee ledger", () => {
    const f = fixture();
    f.accepted("alice", "sell", P30K, ONE_BTC); // maker sells 1 BTC at 30,000
    const r = f.accepted("bob", "buy", P30K, ONE_BTC / 2); // taker buys 0.5 BTC
    const t = r.trades[0] as Trade;
    expect(t.takerFee).toBe(BTC(0.5) * 0.002); // 0.001 BTC
    expect(t.makerFee).toBe(USD(15_000) * 0.001); // 15 USD
    expect(f.balance("bob", "BTC").available).toBe(BTC(100) + BTC(0.5) - BTC(0.001));
    expect(f.balance("bob", "USD")).toEqual({ available: USD(1_000_000 - 15_000), locked: 0 });
    expect(f.balance("alice", "USD").available).toBe(USD(1_000_000 + 15_000 - 15));
    expect(f.balance("alice", "BTC")).toEqual({ available: BTC(99), locked: BTC(0.5) });
    const totals = Object.fromEntries(f.engine.assetTotals().map((x) => [x.asset, x]));
    expect(totals.BTC!.fees).toBe(BTC(0.001));
    expect(totals.USD!.fees).toBe(USD(15));
    for (const x of Object.values(totals)) expect(x.held + x.fees).toBe(x.supply);
  });
});

describe("cancel", () => {
  it("takes the order off the book, releases its lock and journals OrderCancelled", () => {
    const f = fixture();
    const o = f.accepted("bob", "buy", P30K, 10).order;
    const r = f.engine.cancelOrder("bob", o.id);
    expect(r.ok).toBe(true);
    expect(o.status).toBe("CANCELLED");
    expect(f.balance("bob", "USD")).toEqual({ available: USD(1_000_000), locked: 0 });
    expect(f.engine.bookSnapshot("BTC-USD")!.bids).toEqual([]);
    expect(f.journal.events().at(-1)).toMatchObject({ type: "OrderCancelled", orderId: o.id, remaining: 10 });
  });

  it("cancels the remainder of a partially filled order, keeping what filled", () => {
    const f = fixture();
    const o = f.accepted("alice", "sell", P30K, 10).order;
    f.accepted("bob", "buy", P30K, 4);
    expect(f.engine.cancelOrder("alice", o.id).ok).toBe(true);
    expect(o.filled).toBe(4);
    expect(o.remaining).toBe(6);
    expect(f.balance("alice", "BTC").locked).toBe(0);
  });

  it("keeps the rest of the level in order when a middle order is cancelled", () => {
    const f = fixture();
    const a = f.accepted("alice", "sell", P30K, 1).order;
    const b = f.accepted("carol", "sell", P30K, 2).order;
    const c = f.accepted("alice", "sell", P30K, 3).order;
    f.engine.cancelOrder("carol", b.id);
    const r = f.accepted("bob", "buy", P30K, 4);
    expect(r.trades.map((t) => t.makerOrderId)).toEqual([a.id, c.id]);
  });
});

describe("journal events of a placement", () => {
  it("carry clientOrderId only when the order has one (no undefined member for a listener to strip)", () => {
    const f = fixture();
    f.accepted("bob", "buy", P30K, 1);
    const plain = f.journal.events().at(-1)!;
    f.accepted("bob", "buy", P30K, 1, { clientOrderId: "b-7" });
    const named = f.journal.events().at(-1)!;
    expect(plain.type).toBe("OrderAccepted");
    expect(Object.keys(plain)).not.toContain("clientOrderId");
    expect(named).toMatchObject({ type: "OrderAccepted", clientOrderId: "b-7" });
    expect(Object.keys(named).filter((k) => k !== "clientOrderId")).toEqual(Object.keys(plain));
  });
});

describe("queries", () => {
  it("finds orders by id, by client order id and lists open orders in book order", () => {
    const f = fixture();
    const o1 = f.accepted("bob", "buy", P30K, 1, { clientOrderId: "b-1" }).order;
    const o2 = f.accepted("bob", "sell", P30K + 5, 1).order;
    f.accepted("alice", "buy", P30K - 5, 1);
    // Refs are handles: a lookup returns a new one of the same order, reading the same record.
    expect(refFields(f.engine.getOrder(o1.id)!)).toEqual(refFields(o1));
    expect(f.engine.getOrder(o1.id)).toMatchObject({ id: o1.id, price: P30K, remaining: 1, status: "NEW", clientOrderId: "b-1" });
    expect(refFields(f.engine.getOrderByClientId("bob", "b-1")!)).toEqual(refFields(o1));
    expect(f.engine.getOrderByClientId("alice", "b-1")).toBeUndefined();
    expect(f.engine.openOrders({ accountId: "bob" }).map((o) => o.id)).toEqual([o1.id, o2.id]);
    expect(f.engine.openOrders({ symbol: "ETH-USD" })).toEqual([]);
  });

  it("keeps closed orders findable until the retention ring forgets them", () => {
    const f = fixture({ retainClosedOrders: 2 });
    const ids = [1, 2, 3].map((i) => f.accepted("bob", "buy", P30K, 1, { clientOrderId: `c${i}` }).order.id);
    for (const id of ids) f.engine.cancelOrder("bob", id);
    expect(f.engine.getOrder(ids[0]!)).toBeUndefined();
    expect(f.engine.getOrderByClientId("bob", "c1")).toBeUndefined();
    expect(f.engine.getOrder(ids[1]!)?.status).toBe("CANCELLED");
    expect(f.engine.getOrder(ids[2]!)?.status).toBe("CANCELLED");
  });

  it("hands out order refs that are live while the order is held, and refuses to read a forgotten one", () => {
    const f = fixture({ retainClosedOrders: 1 });
    const o = f.accepted("bob", "buy", P30K, 5).order;
    f.accepted("alice", "sell", P30K, 2);
    expect([o.status, o.remaining, o.filled]).toEqual(["PARTIALLY_FILLED", 3, 2]); // live
    f.engine.cancelOrder("bob", o.id);
    expect([o.status, o.remaining, o.isOpen]).toEqual(["CANCELLED", 3, false]); // closed, still retained
    f.accepted("carol", "buy", P30K - 1, 1, { timeInForce: "IOC" }); // closes, pushing o out of the ring
    expect(() => o.status).toThrow(/no longer held/);
    expect([o.id, o.account.id]).toEqual([f.journal.events().find((e) => e.type === "OrderAccepted")!.orderId, "bob"]);
  });

  it("with nothing retained, still reports the order an operation closed, for good", () => {
    const f = fixture({ retainClosedOrders: 0 });
    const ioc = f.accepted("bob", "buy", P30K, 5, { timeInForce: "IOC", clientOrderId: "i-1" }).order;
    const resting = f.accepted("bob", "buy", P30K - 1, 2).order;
    const cancelled = f.engine.cancelOrder("bob", resting.id);
    expect(f.engine.getOrder(ioc.id)).toBeUndefined();
    for (let i = 0; i < 3; i++) f.accepted("carol", "sell", P30K + 10, 1); // reuse the freed slots
    expect([ioc.status, ioc.remaining, ioc.clientOrderId]).toEqual(["EXPIRED", 5, "i-1"]);
    expect(cancelled).toMatchObject({ ok: true, value: { id: resting.id, status: "CANCELLED", remaining: 2, isOpen: false } });
  });

  it("returns the most recent trades newest first and a depth-limited snapshot", () => {
    const f = fixture();
    for (let i = 0; i < 5; i++) f.accepted("alice", "sell", P30K + i, 1);
    f.accepted("bob", "buy", P30K + 4, 3);
    const trades = f.engine.recentTrades("BTC-USD", 2)!;
    expect(trades.map((t) => t.price)).toEqual([P30K + 2, P30K + 1]);
    expect(f.engine.bookSnapshot("BTC-USD", 1)!.asks).toEqual([{ price: P30K + 3, quantity: 1, orders: 1 }]);
    expect(f.engine.recentTrades("NOPE")).toBeUndefined();
  });
});
