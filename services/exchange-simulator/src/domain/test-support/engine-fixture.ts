/**
 * Helpers for the domain's tests: a funded engine on the default symbols, terse order entry in engine units,
 * and an assertion that a rejected call changed nothing at all.
 */
import { expect } from "vitest";
import { type EngineOptions, MatchingEngine, type PlaceOrderAccepted, type PlaceOrderResult } from "../engine.js";
import { type JournalEvent, MemoryJournal } from "../journal.js";
import type { OrderRef } from "../order.js";
import type { PlaceOrderCommand } from "../order-validation.js";
import type { Rejection, RejectReason } from "../rejections.js";

/** BTC-USD in engine units: price ticks of 0.01 USD, lots of 0.0001 BTC, 1 quote unit (1e-6 USD) per tick·lot. */
export const BTC_USD = "BTC-USD";
/** 30,000.00 USD in ticks. */
export const P30K = 3_000_000;
/** One whole BTC in lots. */
export const ONE_BTC = 10_000;

export const USD = (whole: number) => whole * 1_000_000;
export const BTC = (whole: number) => Math.round(whole * 100_000_000);

export interface Fixture {
  readonly engine: MatchingEngine;
  readonly journal: MemoryJournal;
  /** Places an order in engine units; fields default to a GTC limit on BTC-USD. */
  place(accountId: string, side: "buy" | "sell", price: number | undefined, quantity: number, extra?: Partial<PlaceOrderCommand>): PlaceOrderResult;
  /** Like place, but fails the test on rejection. */
  accepted(accountId: string, side: "buy" | "sell", price: number | undefined, quantity: number, extra?: Partial<PlaceOrderCommand>): PlaceOrderAccepted;
  balance(accountId: string, asset: string): { available: number; locked: number };
}

/** An engine with accounts "alice", "bob", "carol", each holding 1,000,000 USD, 100 BTC and 1,000 ETH (those configured). */
export function fixture(options: EngineOptions = {}, accounts: readonly string[] = ["alice", "bob", "carol"]): Fixture {
  let now = 1_700_000_000_000;
  const engine = new MatchingEngine({ clock: () => ++now, ...options });
  const journal = new MemoryJournal();
  engine.subscribeJournal(journal.append);
  for (const id of accounts) {
    expect(engine.openAccount(id).ok).toBe(true);
    for (const [asset, amount] of [["USD", USD(1_000_000)], ["BTC", BTC(100)], ["ETH", BTC(1000)]] as const) {
      if (engine.config.asset(asset) !== undefined) expect(engine.deposit(id, asset, amount).ok).toBe(true);
    }
  }
  const place: Fixture["place"] = (accountId, side, price, quantity, extra = {}) =>
    engine.placeOrder({
      accountId,
      symbol: BTC_USD,
      side,
      type: price === undefined ? "market" : "limit",
      ...(price === undefined ? {} : { price }),
      quantity,
      ...extra,
    });
  return {
    engine,
    journal,
    place,
    accepted(accountId, side, price, quantity, extra) {
      const r = place(accountId, side, price, quantity, extra);
      if (!r.ok) throw new Error(`expected acceptance, got ${r.reason}: ${r.message}`);
      return r;
    },
    balance(accountId, asset) {
      const r = engine.balances(accountId);
      if (!r.ok) throw new Error(r.message);
      const b = r.value.find((x) => x.asset === asset)!;
      return { available: b.available, locked: b.locked };
    },
  };
}

/** Runs `act`, expects a rejection with `reason`, and proves that nothing changed: state, journal, market data. */
export function expectRejectedWithoutChange(
  f: Fixture,
  act: () => { readonly ok: boolean },
  reason: RejectReason,
  field?: string,
): Rejection {
  const before = JSON.stringify(f.engine.exportState());
  const journalBefore = f.journal.length;
  const mdSeqs = f.engine.config.instruments.map((i) => f.engine.bookSnapshot(i.symbol)!.seq);
  const r = act() as Rejection;
  expect(r.ok).toBe(false);
  expect(r.reason).toBe(reason);
  if (field !== undefined) expect(r.field).toBe(field);
  expect(typeof r.message).toBe("string");
  expect(JSON.stringify(f.engine.exportState())).toBe(before);
  expect(f.journal.length).toBe(journalBefore);
  expect(f.engine.config.instruments.map((i) => f.engine.bookSnapshot(i.symbol)!.seq)).toEqual(mdSeqs);
  return r;
}

/** The journal events of the last operation(s) after `fromSeq`. */
export function eventsAfter(f: Fixture, fromSeq: number): readonly JournalEvent[] {
  return f.journal.events(fromSeq);
}

/** Per-asset conservation: Σ balances + fees === deposits − withdrawals. */
export function expectConserved(engine: MatchingEngine): void {
  for (const t of engine.assetTotals()) expect(t.held + t.fees, t.asset).toBe(t.supply);
}

/**
 * What an OrderRef reads, as plain data: refs are handles, so two refs of one order are different objects
 * (and an operation's result, which is its order's ref, carries the result's fields too).
 */
export function refFields(o: OrderRef) {
  return {
    id: o.id,
    accountId: o.account.id,
    symbol: o.book.instrument.symbol,
    side: o.side,
    type: o.type,
    status: o.status,
    price: o.price,
    quantity: o.quantity,
    remaining: o.remaining,
    clientOrderId: o.clientOrderId,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
  };
}
