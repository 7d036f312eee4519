import { describe, expect, it } from "vitest";
import type { JournalEvent } from "./journal.js";
import { JournalReplayError, replayJournal } from "./replay.js";
import { fixture, P30K } from "./test-support/engine-fixture.js";

/** A journal exercising every command type. */
function busyJournal() {
  const f = fixture();
  const bid = f.accepted("bob", "buy", P30K, 10, { clientOrderId: "b1" }).order;
  f.accepted("alice", "sell", P30K + 5, 4);
  f.accepted("carol", "sell", P30K - 5, 3); // trades against bob
  f.engine.amendOrder({ accountId: "bob", orderId: bid.id, quantity: 8 });
  f.engine.amendOrder({ accountId: "bob", orderId: bid.id, price: P30K + 5 }); // crosses alice
  f.accepted("alice", "sell", P30K + 10, 2);
  f.accepted("carol", "sell", P30K + 20, 2);
  f.accepted("alice", "buy", undefined, 1, { selfTradePrevention: "CANCEL_MAKER" }); // expires alice's own ask
  const resting = f.accepted("carol", "buy", P30K - 50, 2).order;
  f.engine.cancelOrder("carol", resting.id);
  f.engine.withdraw("alice", "USD", 1_000);
  f.engine.haltTrading("ETH-USD");
  f.engine.resumeTrading("ETH-USD");
  f.accepted("alice", "buy", P30K - 100, 2);
  f.engine.priceShock({ symbol: "BTC-USD", percent: -2 });
  return f;
}

describe("journal replay", () => {
  it("rebuilds the same books, balances, fees, orders and counters", () => {
    const f = busyJournal();
    const events = f.journal.events();
    expect(new Set(events.map((e) => e.type))).toEqual(
      new Set([
        "AccountOpened",
        "Deposited",
        "Withdrawn",
        "OrderAccepted",
        "OrderAmended",
        "OrderCancelled",
        "OrderExpired",
        "Trade",
        "TradingHalted",
        "TradingResumed",
        "PriceShock",
      ]),
    );
    const replayed = replayJournal(events);
    expect(replayed.exportState()).toEqual(f.engine.exportState());
    expect(replayed.getOrderByClientId("bob", "b1")?.id).toBe(f.engine.getOrderByClientId("bob", "b1")?.id);
    expect(replayed.lastSeq).toBe(events.length);
  });

  it("survives a JSON round trip (how persistence stores it)", () => {
    const f = busyJournal();
    const stored = JSON.parse(JSON.stringify(f.journal.events())) as JournalEvent[];
    expect(replayJournal(stored).exportState()).toEqual(f.engine.exportState());
  });

  it("continues numbering after the replayed events", () => {
    const f = busyJournal();
    const replayed = replayJournal(f.journal.events());
    const next: JournalEvent[] = [];
    replayed.subscribeJournal((e) => next.push(e));
    replayed.openAccount("newcomer");
    expect(next).toMatchObject([{ type: "AccountOpened", seq: f.journal.length + 1 }]);
  });

  it("stamps events after the replay with the live clock, never earlier than the journal", () => {
    const f = busyJournal();
    const lastTs = f.journal.events().at(-1)!.ts;
    const later = replayJournal(f.journal.events(), { clock: () => lastTs + 60_000 });
    const stale = replayJournal(f.journal.events(), { clock: () => lastTs - 60_000 });
    const stamped: JournalEvent[] = [];
    later.subscribeJournal((e) => stamped.push(e));
    stale.subscribeJournal((e) => stamped.push(e));
    later.openAccount("after-restart");
    stale.openAccount("after-restart");
    expect(stamped.map((e) => e.ts)).toEqual([lastTs + 60_000, lastTs]);
    // Without a clock option the engine runs on wall-clock time.
    const wall = replayJournal(f.journal.events());
    const before = Date.now();
    const events: JournalEvent[] = [];
    wall.subscribeJournal((e) => events.push(e));
    wall.openAccount("wall");
    expect(events[0]!.ts).toBeGreaterThanOrEqual(Math.max(lastTs, before - 1));
  });

  it("detects a tampered derived event", () => {
    const f = busyJournal();
    const events = f.journal.events().map((e) => (e.type === "Trade" && e.tradeId === 1 ? { ...e, quantity: e.quantity + 1 } : e));
    const seq = events.find((e) => e.type === "Trade")!.seq;
    expect(() => replayJournal(events)).toThrow(new RegExp(`diverged at seq ${seq}`));
  });

  it("detects a gap, a leading derived event and a command that no longer applies", () => {
    const events = busyJournal().journal.events();
    expect(() => replayJournal(events.slice(1))).toThrow(JournalReplayError);
    const gap = [...events.slice(0, 3), ...events.slice(4)];
    expect(() => replayJournal(gap)).toThrow(/expected seq 4/);
    const trade = events.find((e) => e.type === "Trade")!;
    expect(() => replayJournal([{ ...trade, seq: 1 }])).toThrow(/Trade is derived/);
    const withoutDeposits = events.filter((e) => e.type !== "Deposited").map((e, i) => ({ ...e, seq: i + 1 }));
    expect(() => replayJournal(withoutDeposits)).toThrow(/rejected on replay \(INSUFFICIENT_FUNDS/);
  });

  it("refuses a journal written with another house account", () => {
    const f = busyJournal();
    expect(() => replayJournal(f.journal.events(), { houseAccountId: "whale" })).toThrow(/house account/);
  });
});
