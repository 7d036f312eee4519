import { describe, expect, it } from "vitest";
import { COMMAND_EVENT_TYPES, type JournalEvent, MemoryJournal, sameEvent } from "./journal.js";

const opened = (seq: number): JournalEvent => ({ type: "AccountOpened", seq, ts: 1, accountId: `a${seq}` });

describe("MemoryJournal", () => {
  it("keeps every event and returns those after a sequence number", () => {
    const j = new MemoryJournal();
    for (let seq = 1; seq <= 5; seq++) j.append(opened(seq));
    expect(j.length).toBe(5);
    expect(j.events().map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(j.events(3).map((e) => e.seq)).toEqual([4, 5]);
    expect(j.events(9)).toEqual([]);
  });
});

describe("sameEvent", () => {
  it("compares fields, treating undefined as absent (as after a JSON round trip)", () => {
    const a: JournalEvent = {
      type: "OrderAccepted",
      seq: 1,
      ts: 2,
      orderId: 3,
      accountId: "x",
      symbol: "BTC-USD",
      side: "buy",
      orderType: "limit",
      timeInForce: "GTC",
      postOnly: false,
      selfTradePrevention: "CANCEL_TAKER",
      price: 10,
      quantity: 1,
      clientOrderId: undefined,
    };
    expect(sameEvent(a, JSON.parse(JSON.stringify(a)))).toBe(true);
    expect(sameEvent(a, { ...a, quantity: 2 })).toBe(false);
    expect(sameEvent(a, { ...a, clientOrderId: "c" })).toBe(false);
  });
});

describe("command events", () => {
  it("are exactly the events that start an operation", () => {
    expect([...COMMAND_EVENT_TYPES].sort()).toEqual(
      ["AccountOpened", "Deposited", "OrderAccepted", "OrderAmended", "OrderCancelled", "PriceShock", "TradingHalted", "TradingResumed", "Withdrawn"].sort(),
    );
    expect(COMMAND_EVENT_TYPES.has("Trade")).toBe(false);
    expect(COMMAND_EVENT_TYPES.has("OrderExpired")).toBe(false);
  });
});
