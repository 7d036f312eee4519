import { describe, expect, it } from "vitest";
import { replayJournal } from "./replay.js";
import { expectConserved, expectRejectedWithoutChange, fixture, P30K } from "./test-support/engine-fixture.js";

describe("price shock", () => {
  it("a negative shock sells into every bid down to the given percent below the best bid", () => {
    const f = fixture();
    f.accepted("alice", "buy", P30K, 2);
    f.accepted("bob", "buy", P30K - 100_000, 3); // 29,000: within 5 %
    f.accepted("carol", "buy", P30K - 200_000, 4); // 28,000: beyond 5 % (28,500)
    const r = f.engine.priceShock({ symbol: "BTC-USD", percent: -5 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.order.account.id).toBe("house");
    expect(r.order.price).toBe(2_850_000);
    expect(r.trades.map((t) => [t.price, t.quantity])).toEqual([
      [P30K, 2],
      [P30K - 100_000, 3],
    ]);
    expect(f.engine.bookSnapshot("BTC-USD")!.bids).toEqual([{ price: P30K - 200_000, quantity: 4, orders: 1 }]);
    // One operation: the command, then the house's opening, funding, order and fills (it took all 5 lots).
    expect(f.journal.events().slice(-6)).toMatchObject([
      { type: "PriceShock", symbol: "BTC-USD", percent: -5, houseAccountId: "house" },
      { type: "AccountOpened", accountId: "house" },
      { type: "Deposited", accountId: "house", asset: "BTC", amount: 5 * 10_000 },
      { type: "OrderAccepted", accountId: "house", side: "sell", timeInForce: "IOC", price: 2_850_000, quantity: 5 },
      { type: "Trade", price: P30K },
      { type: "Trade", price: P30K - 100_000 },
    ]);
    expectConserved(f.engine);
  });

  it("a positive shock buys every ask up to the percent above the best ask, funding the house by deposit", () => {
    const f = fixture();
    f.accepted("alice", "sell", P30K, 2);
    f.accepted("bob", "sell", P30K + 150_000, 1); // within +10 %
    f.accepted("carol", "sell", P30K + 400_000, 1); // beyond
    const r = f.engine.priceShock({ symbol: "BTC-USD", percent: 10 });
    expect(r.ok && r.trades.map((t) => t.price)).toEqual([P30K, P30K + 150_000]);
    expect(f.engine.bookSnapshot("BTC-USD")!.asks).toEqual([{ price: P30K + 400_000, quantity: 1, orders: 1 }]);
    expect(f.balance("house", "USD").locked).toBe(0);
    expectConserved(f.engine);
  });

  it("is journaled so that replay reproduces it exactly", () => {
    const f = fixture();
    f.accepted("alice", "buy", P30K, 2);
    f.engine.priceShock({ symbol: "BTC-USD", percent: -1 });
    f.accepted("bob", "buy", P30K, 1);
    f.engine.priceShock({ symbol: "BTC-USD", percent: -1 }); // the house account exists now
    const replayed = replayJournal(f.journal.events());
    expect(replayed.exportState()).toEqual(f.engine.exportState());
  });

  it("rejects without change: empty side, halted symbol, bad percent, unknown symbol", () => {
    const f = fixture();
    expectRejectedWithoutChange(f, () => f.engine.priceShock({ symbol: "BTC-USD", percent: 5 }), "NO_LIQUIDITY");
    f.accepted("alice", "sell", P30K, 1);
    for (const percent of [0, -100, 1001, Number.NaN]) {
      expectRejectedWithoutChange(f, () => f.engine.priceShock({ symbol: "BTC-USD", percent }), "INVALID_PRICE", "percent");
    }
    expectRejectedWithoutChange(f, () => f.engine.priceShock({ symbol: "XX", percent: 5 }), "UNKNOWN_SYMBOL", "symbol");
    f.engine.haltTrading("BTC-USD");
    expectRejectedWithoutChange(f, () => f.engine.priceShock({ symbol: "BTC-USD", percent: 5 }), "TRADING_HALTED");
  });
});
