/**
 * Random command sequences for property tests of the engine (fast-check): a small price range and modest
 * balances (see scarceFunds) make crossing, partial fills, self-trades, insufficient funds and client-order-id
 * retries frequent. Used by engine.property.test.ts and engine-state.test.ts.
 */
import fc from "fast-check";
import type { MatchingEngine } from "../engine.js";
import type { OrderRef, SelfTradePrevention, TimeInForce } from "../order.js";

export const ACCOUNTS = ["a", "b", "c"] as const;
export const SYMBOL = "BTC-USD";
const MID = 10_000; // 100.00 USD in ticks: small numbers keep balances meaningful

export type Op =
  | { kind: "limit"; account: number; buy: boolean; price: number; qty: number; tif: TimeInForce; postOnly: boolean; stp: SelfTradePrevention; clientOrderId: string | undefined }
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
// A few client order ids, so retries of known ids (idempotency) happen too.
const clientOrderId = fc.option(fc.constantFrom("k1", "k2", "k3"), { nil: undefined, freq: 4 });
const stp = fc.constantFrom<SelfTradePrevention>("CANCEL_TAKER", "CANCEL_MAKER", "CANCEL_BOTH", "NONE");
export const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 10, arbitrary: fc.record({ kind: fc.constant("limit" as const), account, buy: fc.boolean(), price, qty, tif: fc.constantFrom<TimeInForce>("GTC", "GTC", "IOC", "FOK"), postOnly: fc.boolean(), stp, clientOrderId }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("market" as const), account, buy: fc.boolean(), qty, stp }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("cancel" as const), pick: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("amend" as const), pick: fc.nat(), price: fc.option(price, { nil: undefined }), qty: fc.option(qty, { nil: undefined }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("deposit" as const), account, usd: fc.boolean(), amount: fc.integer({ min: 1, max: 5_000_000 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("withdraw" as const), account, usd: fc.boolean(), amount: fc.integer({ min: 1, max: 5_000_000 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("halt" as const), on: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("shock" as const), percent: fc.constantFrom(-0.05, 0.05, -0.1, 0.1) }) },
);

/**
 * Executes one random command. `placed` collects accepted orders (cancels and amendments pick among them by
 * id, so a list from another engine in the same state picks the same orders). Returns what the engine
 * answered, as plain data comparable between engines.
 */
export function apply(engine: MatchingEngine, placed: OrderRef[], o: Op): unknown {
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
        ...(o.clientOrderId === undefined ? {} : { clientOrderId: o.clientOrderId }),
      });
      if (r.ok) placed.push(r.order);
      return outcome(r);
    }
    case "market": {
      const r = engine.placeOrder({ accountId: ACCOUNTS[o.account]!, symbol: SYMBOL, side: o.buy ? "buy" : "sell", type: "market", quantity: o.qty, selfTradePrevention: o.stp });
      if (r.ok) placed.push(r.order);
      return outcome(r);
    }
    case "cancel": {
      const target = placed[o.pick % Math.max(1, placed.length)];
      return target && outcome(engine.cancelOrder(target.account.id, target.id));
    }
    case "amend": {
      const target = placed[o.pick % Math.max(1, placed.length)];
      return target && outcome(engine.amendOrder({ accountId: target.account.id, orderId: target.id, price: o.price, quantity: o.qty }));
    }
    case "deposit":
      return outcome(engine.deposit(ACCOUNTS[o.account]!, o.usd ? "USD" : "BTC", o.amount));
    case "withdraw":
      return outcome(engine.withdraw(ACCOUNTS[o.account]!, o.usd ? "USD" : "BTC", o.amount));
    case "halt":
      return outcome(o.on ? engine.haltTrading(SYMBOL) : engine.resumeTrading(SYMBOL));
    case "shock":
      return outcome(engine.priceShock({ symbol: SYMBOL, percent: o.percent }));
  }
}

/**
 * A result as plain data: order refs become their fields (a ref links to its whole book). A successful
 * order operation's result is itself its order's ref (order-ref.ts), so its result fields are taken first.
 */
function outcome(r: { readonly ok: boolean }): unknown {
  const order = (o: OrderRef) => ({
    id: o.id,
    status: o.status,
    price: o.price,
    quantity: o.quantity,
    remaining: o.remaining,
    clientOrderId: o.clientOrderId,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
  });
  const plain = (v: unknown): unknown => {
    if (typeof v !== "object" || v === null) return v;
    if (Array.isArray(v)) return v.map(plain);
    if ("book" in v) {
      const o = v as OrderRef & { ok?: true; trades?: unknown; duplicate?: boolean; value?: OrderRef };
      if (o.ok === undefined) return order(o);
      return "trades" in o ? { ok: o.ok, order: order(o), trades: plain(o.trades), duplicate: o.duplicate } : { ok: o.ok, value: order(o) };
    }
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  };
  return plain(r);
}

/** Leaves every account 1 USD (≈ 2 large buys) and 0.002 BTC (20 lots), so that funds bind on both sides. */
export function scarceFunds(engine: MatchingEngine): void {
  for (const id of ACCOUNTS) {
    if (!engine.withdraw(id, "USD", 1_000_000 * 1_000_000 - 1_000_000).ok) throw new Error(`cannot withdraw USD of ${id}`);
    if (!engine.withdraw(id, "BTC", 100 * 100_000_000 - 200_000).ok) throw new Error(`cannot withdraw BTC of ${id}`);
  }
}
