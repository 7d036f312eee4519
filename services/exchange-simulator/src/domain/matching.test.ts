import { describe, expect, it } from "vitest";
import { expectConserved, fixture, P30K } from "./test-support/engine-fixture.js";

/** alice rests a sell at P30K (own), carol one behind it; alice then buys 5 with `mode`. */
function scenario(mode?: "CANCEL_TAKER" | "CANCEL_MAKER" | "CANCEL_BOTH" | "NONE", engineDefault?: "CANCEL_MAKER") {
  const f = fixture(engineDefault ? { selfTradePrevention: engineDefault } : {});
  const own = f.accepted("alice", "sell", P30K, 3).order;
  const other = f.accepted("carol", "sell", P30K, 3).order;
  const taker = f.accepted("alice", "buy", P30K, 5, mode ? { selfTradePrevention: mode } : {});
  return { f, own, other, taker };
}

describe("self-trade prevention", () => {
  it("CANCEL_TAKER (the default) expires the incoming order and leaves the resting one in place", () => {
    const { f, own, other, taker } = scenario();
    expect(taker.trades).toEqual([]);
    expect(taker.order.status).toBe("EXPIRED");
    expect(taker.order.selfTradePrevention).toBe("CANCEL_TAKER");
    expect(own.status).toBe("NEW");
    expect(other.status).toBe("NEW");
    expect(f.journal.events().at(-1)).toMatchObject({ type: "OrderExpired", orderId: taker.order.id, reason: "SELF_TRADE", remaining: 5 });
    expect(f.balance("alice", "USD").locked).toBe(0);
    expectConserved(f.engine);
  });

  it("CANCEL_TAKER keeps the fills made before reaching the own order", () => {
    const f = fixture();
    const first = f.accepted("carol", "sell", P30K, 2).order;
    f.accepted("alice", "sell", P30K, 3);
    const taker = f.accepted("alice", "buy", P30K, 5);
    expect(taker.trades.map((t) => t.makerOrderId)).toEqual([first.id]);
    expect(taker.order.status).toBe("EXPIRED");
    expect(taker.order.filled).toBe(2);
  });

  it("CANCEL_MAKER expires the own resting order and keeps matching behind it", () => {
    const { f, own, other, taker } = scenario("CANCEL_MAKER");
    expect(own.status).toBe("EXPIRED");
    expect(taker.trades.map((t) => [t.makerOrderId, t.quantity])).toEqual([[other.id, 3]]);
    expect(taker.order.status).toBe("PARTIALLY_FILLED");
    expect(f.engine.bookSnapshot("BTC-USD")!).toMatchObject({ asks: [], bids: [{ price: P30K, quantity: 2, orders: 1 }] });
    expect(f.balance("alice", "BTC").locked).toBe(0);
    expectConserved(f.engine);
  });

  it("the engine-wide default applies to orders that do not choose", () => {
    const { own } = scenario(undefined, "CANCEL_MAKER");
    expect(own.status).toBe("EXPIRED");
  });

  it("CANCEL_BOTH expires both orders", () => {
    const { own, other, taker } = scenario("CANCEL_BOTH");
    expect(own.status).toBe("EXPIRED");
    expect(taker.order.status).toBe("EXPIRED");
    expect(taker.trades).toEqual([]);
    expect(other.status).toBe("NEW");
  });

  it("NONE lets the account trade with itself, paying both fees", () => {
    const { f, own, taker } = scenario("NONE");
    expect(taker.trades[0]).toMatchObject({ makerOrderId: own.id, makerAccountId: "alice", takerAccountId: "alice", quantity: 3 });
    expect(taker.order.status).toBe("FILLED");
    expectConserved(f.engine);
  });

  it("FOK counts only liquidity it could take under its self-trade rule", () => {
    const f = fixture();
    f.accepted("alice", "sell", P30K, 3);
    f.accepted("carol", "sell", P30K, 3);
    expect(f.place("alice", "buy", P30K, 4, { timeInForce: "FOK" })).toMatchObject({ ok: false, reason: "FOK_NOT_FILLABLE" });
    const skip = f.accepted("alice", "buy", P30K, 3, { timeInForce: "FOK", selfTradePrevention: "CANCEL_MAKER" });
    expect(skip.order.status).toBe("FILLED");
  });
});
