/**
 * Snapshots: an engine rebuilt from an exported state (through JSON, as stored) plus the journal after it
 * must be indistinguishable from the engine that kept running — same exported state, and the same answers
 * and journal events for whatever comes next.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type EngineOptions, type EngineState, MatchingEngine } from "./engine.js";
import { EngineStateError } from "./engine-state.js";
import type { JournalEvent } from "./journal.js";
import type { OrderRef } from "./order.js";
import { replayJournal } from "./replay.js";
import { fixture, P30K } from "./test-support/engine-fixture.js";
import { ACCOUNTS, apply, op, scarceFunds } from "./test-support/random-commands.js";

/** Small rings, so that forgetting closed orders and overwriting recent trades happen within a test. */
const SMALL: EngineOptions = { retainClosedOrders: 2, recentTrades: 3 };

const viaJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe("MatchingEngine.fromState", () => {
  it("continues exactly like the original: snapshot + the journal after it, then the same next commands", () => {
    fc.assert(
      fc.property(
        fc.array(op, { minLength: 1, maxLength: 80 }),
        fc.nat(),
        fc.array(op, { minLength: 1, maxLength: 30 }),
        (ops, cutAt, next) => {
          let now = 1_700_000_000_000;
          const clock = () => now;
          const f = fixture({ ...SMALL, clock }, ACCOUNTS);
          scarceFunds(f.engine);
          const placed: OrderRef[] = [];
          const cut = cutAt % (ops.length + 1);
          let snapshot: EngineState = viaJson(f.engine.exportState());
          ops.forEach((o, i) => {
            if (i === cut) snapshot = viaJson(f.engine.exportState());
            now++;
            apply(f.engine, placed, o);
          });
          if (cut === ops.length) snapshot = viaJson(f.engine.exportState());

          const after = viaJson(f.journal.events().filter((e) => e.seq > snapshot.lastSeq)) as JournalEvent[];
          const restored = replayJournal(after, { ...SMALL, clock }, snapshot);
          expect(restored.exportState()).toEqual(f.engine.exportState());
          expect(restored.recentTrades("BTC-USD")).toEqual(f.engine.recentTrades("BTC-USD"));

          // Same commands from here on: same answers, same journal.
          const journals: JournalEvent[][] = [[], []];
          f.engine.subscribeJournal((e) => journals[0]!.push(e));
          restored.subscribeJournal((e) => journals[1]!.push(e));
          const placedRestored = [...placed];
          for (const o of next) {
            now++;
            expect(apply(restored, placedRestored, o)).toEqual(apply(f.engine, placed, o));
          }
          expect(journals[1]).toEqual(journals[0]);
          expect(restored.exportState()).toEqual(f.engine.exportState());
        },
      ),
      { numRuns: 100 },
    );
  });

  it("keeps client-order-id idempotency for retained closed orders and forgets what the original forgot", () => {
    // One clock for both engines: orders placed on each after the restore must carry the same timestamps.
    const clock = () => 1_700_000_000_000;
    const f = fixture({ retainClosedOrders: 2, clock });
    const first = f.accepted("alice", "buy", P30K, 1, { clientOrderId: "c-1" });
    expect(f.engine.cancelOrder("alice", first.order.id).ok).toBe(true);
    const open = f.accepted("bob", "sell", P30K + 100, 2, { clientOrderId: "c-2" });
    const restored = MatchingEngine.fromState(viaJson(f.engine.exportState()), { retainClosedOrders: 2, clock });

    const retry = restored.placeOrder({ accountId: "alice", symbol: "BTC-USD", side: "buy", type: "limit", price: P30K, quantity: 1, clientOrderId: "c-1" });
    expect(retry).toMatchObject({ ok: true, duplicate: true, order: { id: first.order.id, status: "CANCELLED" } });
    expect(restored.getOrderByClientId("bob", "c-2")?.id).toBe(open.order.id);
    expect(restored.openOrders().map((o) => o.id)).toEqual([open.order.id]);
    // Two more closed orders push c-1 out of the retained ring, in both engines alike.
    for (const e of [f.engine, restored]) {
      for (const id of ["x", "y"]) {
        const r = e.placeOrder({ accountId: "carol", symbol: "BTC-USD", side: "buy", type: "limit", price: P30K - 100, quantity: 1, timeInForce: "IOC", clientOrderId: id });
        expect(r.ok).toBe(true);
      }
      expect(e.getOrderByClientId("alice", "c-1")).toBeUndefined();
    }
    expect(restored.exportState()).toEqual(f.engine.exportState());
  });

  it("refuses a state that does not fit the configuration or contradicts itself", () => {
    const f = fixture();
    f.accepted("alice", "buy", P30K, 1);
    const state = viaJson(f.engine.exportState());
    const oneSymbol = { assets: [{ code: "USD", decimals: 6 }, { code: "BTC", decimals: 8 }], symbols: [{ symbol: "BTC-USD", base: "BTC", quote: "USD", tickSize: "0.01", lotSize: "0.0001", minQuantity: "0.0001", makerFeeBps: 0, takerFeeBps: 0 }] };
    expect(() => MatchingEngine.fromState(state, { config: oneSymbol })).toThrow(EngineStateError);
    const unlisted = { ...state, books: state.books.map((b) => ({ ...b, bids: [] })) };
    expect(() => MatchingEngine.fromState(unlisted)).toThrow(/1 orders are open but 0 rest on the books/);
    const twice = { ...state, books: state.books.map((b) => ({ ...b, bids: [...b.bids, ...b.bids] })) };
    expect(() => MatchingEngine.fromState(twice)).toThrow(/rests twice/);
    expect(() => MatchingEngine.fromState({ ...state, orders: undefined } as unknown as typeof state)).toThrow(EngineStateError);
    expect(() => MatchingEngine.fromState(state, { retainClosedOrders: 0 })).not.toThrow();
    const f2 = fixture();
    const o = f2.accepted("alice", "buy", P30K, 1);
    f2.engine.cancelOrder("alice", o.order.id);
    expect(() => MatchingEngine.fromState(f2.engine.exportState(), { retainClosedOrders: 0 })).toThrow(/retains 1 closed orders/);
  });
});
