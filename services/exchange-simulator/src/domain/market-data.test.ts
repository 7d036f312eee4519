import { describe, expect, it } from "vitest";
import { L2Book, type MarketDataEvent } from "./market-data.js";
import { fixture, P30K } from "./test-support/engine-fixture.js";

describe("market data feed", () => {
  it("publishes level changes and trades with gapless per-symbol sequence numbers", () => {
    const f = fixture();
    const seen: MarketDataEvent[] = [];
    f.engine.subscribeMarketData((e) => seen.push(e), "BTC-USD");
    const ask = f.accepted("alice", "sell", P30K, 5).order;
    f.accepted("bob", "buy", P30K, 2);
    f.engine.cancelOrder("alice", ask.id);
    f.place("alice", "sell", 2000, 1, { symbol: "ETH-USD" }); // other symbol: not delivered
    expect(seen).toEqual([
      { type: "book", symbol: "BTC-USD", seq: 1, side: "sell", price: P30K, quantity: 5, orders: 1 },
      expect.objectContaining({ type: "trade", symbol: "BTC-USD", seq: 2, price: P30K, quantity: 2, takerSide: "buy" }),
      { type: "book", symbol: "BTC-USD", seq: 3, side: "sell", price: P30K, quantity: 3, orders: 1 },
      { type: "book", symbol: "BTC-USD", seq: 4, side: "sell", price: P30K, quantity: 0, orders: 0 },
    ]);
    expect(f.engine.bookSnapshot("BTC-USD")!.seq).toBe(4);
    expect(f.engine.bookSnapshot("ETH-USD")!.seq).toBe(1);
  });

  it("lets a client rebuild the exact book from a snapshot plus later deltas", () => {
    const f = fixture();
    for (let i = 0; i < 5; i++) f.accepted("alice", "sell", P30K + i * 10, 3);
    for (let i = 0; i < 5; i++) f.accepted("bob", "buy", P30K - 10 - i * 10, 3);
    const client = new L2Book(f.engine.bookSnapshot("BTC-USD")!);
    const unsubscribe = f.engine.subscribeMarketData((e) => expect(client.apply(e)).toBe("applied"));
    f.accepted("carol", "buy", P30K + 20, 8); // sweeps two levels and part of a third
    f.accepted("carol", "sell", undefined, 4);
    const o = f.accepted("carol", "sell", P30K + 100, 1).order;
    f.engine.amendOrder({ accountId: "carol", orderId: o.id, price: P30K + 90 });
    unsubscribe();
    const truth = f.engine.bookSnapshot("BTC-USD")!;
    expect(client.seq).toBe(truth.seq);
    expect(client.levels("buy")).toEqual(truth.bids);
    expect(client.levels("sell")).toEqual(truth.asks);
  });

  it("tells the client about stale and missing messages", () => {
    const client = new L2Book({ symbol: "X", seq: 10, bids: [], asks: [] });
    const delta = (seq: number): MarketDataEvent => ({ type: "book", symbol: "X", seq, side: "buy", price: 1, quantity: 1, orders: 1 });
    expect(client.apply(delta(9))).toBe("stale");
    expect(client.apply(delta(12))).toBe("gap");
    expect(client.apply(delta(11))).toBe("applied");
    expect(client.levels("buy")).toEqual([{ price: 1, quantity: 1, orders: 1 }]);
  });

  it("builds no messages while nobody listens, but keeps counting", () => {
    const f = fixture();
    f.accepted("alice", "sell", P30K, 1);
    const seen: MarketDataEvent[] = [];
    const stop = f.engine.subscribeMarketData((e) => seen.push(e));
    f.accepted("alice", "sell", P30K, 1);
    stop();
    f.accepted("alice", "sell", P30K, 1);
    expect(seen.map((e) => e.seq)).toEqual([2]);
    expect(f.engine.bookSnapshot("BTC-USD")!.seq).toBe(3);
    expect(() => f.engine.subscribeMarketData(() => {}, "NOPE")).toThrow(RangeError);
  });
});
