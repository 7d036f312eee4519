/**
 * Properties of the whole engine under random command sequences (fast-check): a small price range and
 * modest balances make crossing, partial fills, self-trades and insufficient funds frequent.
 *
 * After every command: the book is not crossed; each level's total is the sum of its orders; every order's
 * quantity = filled + remaining; every account's locked balance is exactly what its open orders hold; every
 * asset is conserved (balances + fees = deposits − withdrawals). At the end: the traded quantity matches the
 * orders' fills, replaying the journal rebuilds the identical state, and a client that started from an
 * empty snapshot holds the exact book after applying the market-data feed.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { MatchingEngine } from "./engine.js";
import type { JournalEvent, Trade } from "./journal.js";
import { L2Book } from "./market-data.js";
import type { OrderRef } from "./order.js";
import { replayJournal } from "./replay.js";
import { expectConserved, fixture } from "./test-support/engine-fixture.js";
import { ACCOUNTS, apply, op, SYMBOL, scarceFunds } from "./test-support/random-commands.js";

function checkInvariants(engine: MatchingEngine, placed: readonly OrderRef[]): void {
  const book = engine.bookSnapshot(SYMBOL)!;
  const bestBid = book.bids[0]?.price;
  const bestAsk = book.asks[0]?.price;
  if (bestBid !== undefined && bestAsk !== undefined) expect(bestBid).toBeLessThan(bestAsk);

  const state = engine.exportState().books.find((b) => b.symbol === SYMBOL)!;
  for (const [levels, snapshot] of [
    [state.bids, book.bids],
    [state.asks, book.asks],
  ] as const) {
    expect(levels.map(([p, orders]) => ({ price: p, quantity: orders.reduce((n, [, r]) => n + r, 0), orders: orders.length }))).toEqual(snapshot);
  }

  const open = engine.openOrders();
  const onBook = new Set([...state.bids, ...state.asks].flatMap(([, orders]) => orders.map(([id]) => id)));
  expect(new Set(open.map((o) => o.id))).toEqual(onBook);
  for (const o of placed) {
    expect(o.quantity).toBe(o.filled + o.remaining);
    expect(o.remaining).toBeGreaterThanOrEqual(0);
  }

  // Locked balances are exactly what open orders hold (sells: base per lot; buys: quote at their limit).
  const locked = new Map<string, { usd: number; btc: number }>();
  for (const o of open) {
    const l = locked.get(o.account.id) ?? { usd: 0, btc: 0 };
    if (o.side === "buy") l.usd += o.price * o.remaining;
    else l.btc += o.remaining * 10_000;
    locked.set(o.account.id, l);
  }
  const balances = engine.exportState().balances;
  for (const [id, assets] of balances) {
    const expected = locked.get(id) ?? { usd: 0, btc: 0 };
    expect(assets[0]![1], `${id} USD locked`).toBe(expected.usd);
    expect(assets[1]![1], `${id} BTC locked`).toBe(expected.btc);
    for (const [available, lockedUnits] of assets) {
      expect(available).toBeGreaterThanOrEqual(0);
      expect(lockedUnits).toBeGreaterThanOrEqual(0);
    }
  }
  expectConserved(engine);
}

describe("engine properties", () => {
  it("hold under random command sequences", () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 120 }), (ops) => {
        const f = fixture({ retainClosedOrders: 100_000 }, ACCOUNTS);
        scarceFunds(f.engine);
        const client = new L2Book(f.engine.bookSnapshot(SYMBOL)!);
        f.engine.subscribeMarketData((e) => expect(client.apply(e)).toBe("applied"), SYMBOL);
        const placed: OrderRef[] = [];
        for (const o of ops) {
          apply(f.engine, placed, o);
          checkInvariants(f.engine, placed);
        }

        // Quantity: every lot traded was filled on exactly one maker and one taker.
        const trades = f.journal.events().filter((e): e is Trade => e.type === "Trade");
        const fills = new Map<number, number>();
        for (const t of trades) {
          expect(t.quantity).toBeGreaterThan(0);
          fills.set(t.makerOrderId, (fills.get(t.makerOrderId) ?? 0) + t.quantity);
          fills.set(t.takerOrderId, (fills.get(t.takerOrderId) ?? 0) + t.quantity);
        }
        for (const o of placed) expect(fills.get(o.id) ?? 0).toBe(o.filled);

        // Market data: the client's book equals the engine's.
        const truth = f.engine.bookSnapshot(SYMBOL)!;
        expect(client.levels("buy")).toEqual(truth.bids);
        expect(client.levels("sell")).toEqual(truth.asks);

        // Replay: the journal alone rebuilds the identical state (through JSON, as persisted).
        const stored = JSON.parse(JSON.stringify(f.journal.events())) as JournalEvent[];
        expect(replayJournal(stored, { retainClosedOrders: 100_000 }).exportState()).toEqual(f.engine.exportState());
      }),
      { numRuns: 150 },
    );
  });
});
