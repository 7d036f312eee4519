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
import type { OrderRef, SelfTradePrevention, TimeInForce } from "./order.js";
import { replayJournal } from "./replay.js";
import { expectConserved, fixture } from "./test-support/engine-fixture.js";

const ACCOUNTS = ["a", "b", "c"] as const;
const SYMBOL = "BTC-USD";
const MID = 10_000; // 100.00 USD in ticks: small numbers keep balances meaningful

type Op =
  | { kind: "limit"; account: number; buy: boolean; price: number; qty: number; tif: TimeInForce; postOnly: boolean; stp: SelfTradePrevention }
  | { kind: "market"; account: number; buy: boolean; qty: number; stp: SelfTradePrevention }
  | { kind: "cancel"; pick: number }
  | { kind: "amend"; pick: number; price: number | undefined; qty: number | undefined }
  | { kind: "deposit"; account: number; usd: boolean; amount: number }
  | { kind: "withdraw"; account: number; usd: boolean; amount: number }
  | { kind: "halt"; on: boolean }
  | { kind: "shock"; percent: number };

const account = fc.integer({ min: 0, max: ACCOUNTS.length - 1 });
const price = fc.integer({ min: MID - 8, max: MID + 8 });
const qty = fc.integer({ min: 1, max: 40 });
const stp = fc.constantFrom<SelfTradePrevention>("CANCEL_TAKER", "CANCEL_MAKER", "CANCEL_BOTH", "NONE");
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 10, arbitrary: fc.record({ kind: fc.constant("limit" as const), account, buy: fc.boolean(), price, qty, tif: fc.constantFrom<TimeInForce>("GTC", "GTC", "IOC", "FOK"), postOnly: fc.boolean(), stp }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("market" as const), account, buy: fc.boolean(), qty, stp }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("cancel" as const), pick: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("amend" as const), pick: fc.nat(), price: fc.option(price, { nil: undefined }), qty: fc.option(qty, { nil: undefined }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("deposit" as const), account, usd: fc.boolean(), amount: fc.integer({ min: 1, max: 5_000_000 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("withdraw" as const), account, usd: fc.boolean(), amount: fc.integer({ min: 1, max: 5_000_000 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("halt" as const), on: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("shock" as const), percent: fc.constantFrom(-0.05, 0.05, -0.1, 0.1) }) },
);

function apply(engine: MatchingEngine, placed: OrderRef[], o: Op): void {
  switch (o.kind) {
    case "limit": {
      const r = engine.placeOrder({
        accountId: ACCOUNTS[o.account]!,
        symbol: SYMBOL,
        side: o.buy ? "buy" : "sell",
        type: "limit",
        price: o.price,
        quantity: o.qty,
        timeInForce: o.postOnly ? "GTC" : o.tif,
        postOnly: o.postOnly,
        selfTradePrevention: o.stp,
      });
      if (r.ok) placed.push(r.order);
      return;
    }
    case "market": {
      const r = engine.placeOrder({ accountId: ACCOUNTS[o.account]!, symbol: SYMBOL, side: o.buy ? "buy" : "sell", type: "market", quantity: o.qty, selfTradePrevention: o.stp });
      if (r.ok) placed.push(r.order);
      return;
    }
    case "cancel": {
      const target = placed[o.pick % Math.max(1, placed.length)];
      if (target) engine.cancelOrder(target.account.id, target.id);
      return;
    }
    case "amend": {
      const target = placed[o.pick % Math.max(1, placed.length)];
      if (target) engine.amendOrder({ accountId: target.account.id, orderId: target.id, price: o.price, quantity: o.qty });
      return;
    }
    case "deposit":
      engine.deposit(ACCOUNTS[o.account]!, o.usd ? "USD" : "BTC", o.amount);
      return;
    case "withdraw":
      engine.withdraw(ACCOUNTS[o.account]!, o.usd ? "USD" : "BTC", o.amount);
      return;
    case "halt":
      if (o.on) engine.haltTrading(SYMBOL);
      else engine.resumeTrading(SYMBOL);
      return;
    case "shock":
      engine.priceShock({ symbol: SYMBOL, percent: o.percent });
      return;
  }
}

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
        for (const id of ACCOUNTS) {
          // Leave 1 USD (≈ 2 large buys) and 0.002 BTC (20 lots) so that funds bind on both sides.
          expect(f.engine.withdraw(id, "USD", 1_000_000 * 1_000_000 - 1_000_000).ok).toBe(true);
          expect(f.engine.withdraw(id, "BTC", 100 * 100_000_000 - 200_000).ok).toBe(true);
        }
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
