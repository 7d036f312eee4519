import { describe, expect, it } from "vitest";
import { MatchingEngine } from "./engine.js";
import { type JournalEvent, sameEvent } from "./journal.js";
import { BTC, BTC_USD, fixture, P30K, USD } from "./test-support/engine-fixture.js";

describe("event delivery", () => {
  it("delivers an operation's events after it completes, so listeners see the finished state", () => {
    const f = fixture();
    f.accepted("alice", "sell", P30K, 2);
    const statuses: string[] = [];
    f.engine.subscribeJournal((e) => {
      if (e.type === "OrderAccepted") statuses.push(f.engine.getOrder(e.orderId)!.status);
    });
    f.accepted("bob", "buy", P30K, 2);
    expect(statuses).toEqual(["FILLED"]); // not NEW: the trade had already happened when the event arrived
  });

  it("keeps every listener's stream in order when a listener calls back into the engine", () => {
    const f = fixture();
    const a: number[] = [];
    const b: number[] = [];
    f.engine.subscribeJournal((e) => {
      a.push(e.seq);
      if (e.type === "OrderAccepted" && e.accountId === "bob") f.engine.deposit("carol", "USD", 1); // nested operation
    });
    f.engine.subscribeJournal((e) => b.push(e.seq));
    const from = f.engine.lastSeq;
    f.accepted("bob", "buy", P30K, 1);
    const expected = [from + 1, from + 2];
    expect(a).toEqual(expected);
    expect(b).toEqual(expected);
  });

  it("isolates a throwing listener and reports its error", () => {
    const errors: unknown[] = [];
    const f = fixture({ onListenerError: (e) => errors.push(e) });
    const got: JournalEvent[] = [];
    f.engine.subscribeJournal(() => {
      throw new Error("boom");
    });
    f.engine.subscribeJournal((e) => got.push(e));
    f.accepted("bob", "buy", P30K, 1);
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe("boom");
    expect(got.map((e) => e.type)).toEqual(["OrderAccepted"]);
  });

  it("with a single listener too: an error is reported and the operation's later events still arrive, once each", () => {
    const errors: unknown[] = [];
    const f = fixture({ onListenerError: (e) => errors.push(e) });
    f.accepted("alice", "sell", P30K, 2);
    const got: string[] = [];
    f.engine.subscribeJournal((e) => {
      got.push(e.type);
      if (e.type === "OrderAccepted") throw new Error("boom");
    });
    f.accepted("bob", "buy", P30K, 3, { timeInForce: "IOC" }); // OrderAccepted, Trade, OrderExpired
    expect(got).toEqual(["OrderAccepted", "Trade", "OrderExpired"]);
    expect(errors.map((e) => (e as Error).message)).toEqual(["boom"]);
    f.accepted("bob", "buy", P30K - 1, 1);
    expect(got.at(-1)).toBe("OrderAccepted");
  });

  it("stops delivering after unsubscribe", () => {
    const f = fixture();
    const got: number[] = [];
    const stop = f.engine.subscribeJournal((e) => got.push(e.seq));
    f.accepted("bob", "buy", P30K, 1);
    stop();
    f.accepted("bob", "buy", P30K, 1);
    expect(got).toHaveLength(1);
  });

  it("numbers events the same whether or not anyone listens (they are only built for listeners)", () => {
    // Two engines run one script; `quiet` has no listener for the first half, then gets one.
    const script = (e: MatchingEngine, from: number, to: number) => {
      const ops = [
        () => e.openAccount("a"),
        () => e.openAccount("b"),
        () => e.deposit("a", "USD", USD(100_000)),
        () => e.deposit("b", "BTC", BTC(10)),
        () => e.placeOrder({ accountId: "b", symbol: BTC_USD, side: "sell", type: "limit", price: P30K, quantity: 5 }),
        () => e.placeOrder({ accountId: "b", symbol: BTC_USD, side: "sell", type: "limit", price: P30K + 1, quantity: 5 }),
        () => e.placeOrder({ accountId: "a", symbol: BTC_USD, side: "buy", type: "limit", price: P30K, quantity: 8, timeInForce: "IOC" }), // trade + expiry
        () => e.cancelOrder("b", 2), // the resting order at P30K + 1
        () => e.placeOrder({ accountId: "b", symbol: BTC_USD, side: "sell", type: "limit", price: P30K, quantity: 3 }),
        () => e.placeOrder({ accountId: "a", symbol: BTC_USD, side: "buy", type: "market", quantity: 2 }),
        () => e.amendOrder({ accountId: "b", orderId: 4, price: P30K + 2 }),
        () => e.placeOrder({ accountId: "a", symbol: BTC_USD, side: "buy", type: "limit", price: P30K - 1, quantity: 1 }),
        () => e.cancelOrder("a", 6),
      ];
      for (const op of ops.slice(from, to)) expect(op().ok).toBe(true);
    };
    let now = 1_700_000_000_000;
    const clock = () => now;
    const loud = new MatchingEngine({ clock });
    const quiet = new MatchingEngine({ clock });
    const all: JournalEvent[] = [];
    const late: JournalEvent[] = [];
    let from = 0;
    loud.subscribeJournal((e) => all.push(e));
    const stop = quiet.subscribeJournal(() => {});
    stop(); // subscribed once, now nobody listens
    for (let i = 0; i < 13; i++) {
      now++;
      script(loud, i, i + 1);
      if (i === 7) {
        from = quiet.lastSeq;
        quiet.subscribeJournal((e) => late.push(e));
      }
      script(quiet, i, i + 1);
    }
    expect(quiet.lastSeq).toBe(loud.lastSeq);
    expect(JSON.stringify(quiet.exportState())).toBe(JSON.stringify(loud.exportState()));
    const tail = all.filter((e) => e.seq > from);
    expect(late.length).toBe(tail.length);
    expect(late.every((e, i) => sameEvent(e, tail[i]!))).toBe(true);
    // The quiet half covered every kind of event the hot path now skips building.
    expect(new Set(all.filter((e) => e.seq <= from).map((e) => e.type))).toEqual(
      new Set(["AccountOpened", "Deposited", "OrderAccepted", "Trade", "OrderExpired"]),
    );
    expect(new Set(tail.map((e) => e.type))).toEqual(new Set(["OrderCancelled", "OrderAccepted", "Trade", "OrderAmended"]));
  });
});
