import { describe, expect, it } from "vitest";
import type { JournalEvent } from "./journal.js";
import { fixture, P30K } from "./test-support/engine-fixture.js";

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

  it("stops delivering after unsubscribe", () => {
    const f = fixture();
    const got: number[] = [];
    const stop = f.engine.subscribeJournal((e) => got.push(e.seq));
    f.accepted("bob", "buy", P30K, 1);
    stop();
    f.accepted("bob", "buy", P30K, 1);
    expect(got).toHaveLength(1);
  });
});
