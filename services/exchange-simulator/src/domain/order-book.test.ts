import { describe, expect, it } from "vitest";
import { fixture, P30K } from "./test-support/engine-fixture.js";

describe("OrderBook", () => {
  it("keeps a bounded ring of recent trades, newest first", () => {
    const f = fixture({ recentTrades: 3 });
    for (let i = 0; i < 5; i++) f.accepted("alice", "sell", P30K + i, 1);
    f.accepted("bob", "buy", P30K + 4, 5);
    expect(f.engine.recentTrades("BTC-USD", 10)!.map((t) => t.price)).toEqual([P30K + 4, P30K + 3, P30K + 2]);
  });

  it("snapshots levels best first with their order counts, to any depth", () => {
    const f = fixture();
    f.accepted("alice", "buy", P30K, 1);
    f.accepted("bob", "buy", P30K, 2);
    f.accepted("alice", "buy", P30K - 5, 3);
    f.accepted("carol", "sell", P30K + 5, 4);
    const s = f.engine.bookSnapshot("BTC-USD")!;
    expect(s.bids).toEqual([
      { price: P30K, quantity: 3, orders: 2 },
      { price: P30K - 5, quantity: 3, orders: 1 },
    ]);
    expect(s.asks).toEqual([{ price: P30K + 5, quantity: 4, orders: 1 }]);
    expect(f.engine.bookSnapshot("BTC-USD", 0)).toMatchObject({ bids: [], asks: [] });
    expect(f.engine.bookSnapshot("NOPE")).toBeUndefined();
  });
});
