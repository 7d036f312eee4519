import { describe, expect, it } from "vitest";
import { Exchange } from "./exchange.js";
import type { JournalEvent } from "./journal.js";
import type { MarketDataView } from "./views.js";

function funded() {
  let now = 1_700_000_000_000;
  const ex = new Exchange({ clock: () => ++now });
  const journal: JournalEvent[] = [];
  ex.subscribeJournal((e) => journal.push(e));
  for (const id of ["alice", "bob"]) {
    expect(ex.openAccount(id).ok).toBe(true);
    expect(ex.deposit({ accountId: id, asset: "USD", amount: "100000.00" }).ok).toBe(true);
    expect(ex.deposit({ accountId: id, asset: "BTC", amount: "10" }).ok).toBe(true);
  }
  return { ex, journal };
}

describe("Exchange (decimal-string API)", () => {
  it("lists its symbols with their rules", () => {
    const { ex } = funded();
    expect(ex.symbols()[0]).toEqual({
      symbol: "BTC-USD",
      base: "BTC",
      quote: "USD",
      tickSize: "0.01",
      lotSize: "0.0001",
      minQuantity: "0.0001",
      makerFeeBps: 10,
      takerFeeBps: 20,
      halted: false,
    });
  });

  it("places, fills and reports orders and trades as decimal strings", () => {
    const { ex } = funded();
    const ask = ex.placeOrder({ accountId: "alice", symbol: "BTC-USD", side: "sell", type: "limit", price: "30000.50", quantity: "0.5" });
    expect(ask).toMatchObject({
      ok: true,
      value: { order: { price: "30000.50", quantity: "0.5000", filledQuantity: "0.0000", status: "NEW", side: "sell" }, trades: [], duplicate: false },
    });
    const buy = ex.placeOrder({ accountId: "bob", symbol: "BTC-USD", side: "buy", type: "market", quantity: "0.2", clientOrderId: "b-1" });
    expect(buy.ok).toBe(true);
    if (!buy.ok) return;
    expect(buy.value.order).toMatchObject({ clientOrderId: "b-1", type: "market", filledQuantity: "0.2000", status: "FILLED" });
    expect(buy.value.order.price).toBeUndefined();
    expect(buy.value.trades).toEqual([
      expect.objectContaining({ price: "30000.50", quantity: "0.2000", takerSide: "buy", takerFee: "0.00040000", takerFeeAsset: "BTC", makerFee: "6.000100", makerFeeAsset: "USD" }),
    ]);
    expect(ex.balances("bob")).toMatchObject({
      ok: true,
      value: expect.arrayContaining([{ asset: "BTC", available: "10.19960000", locked: "0.00000000" }, { asset: "USD", available: "93999.900000", locked: "0.000000" }]),
    });
    expect(ex.bookSnapshot("BTC-USD", 5)).toEqual({ ok: true, value: { symbol: "BTC-USD", seq: 3, bids: [], asks: [{ price: "30000.50", quantity: "0.3000", orders: 1 }] } });
    expect(ex.recentTrades("BTC-USD")).toMatchObject({ ok: true, value: [{ price: "30000.50" }] });
    expect(ex.getOrderByClientId({ accountId: "bob", clientOrderId: "b-1" })).toMatchObject({ ok: true, value: { status: "FILLED" } });
  });

  it("rejects unparsable numbers with a reason naming the field, counting nothing as placed", () => {
    const { ex, journal } = funded();
    const n = journal.length;
    const base = { accountId: "alice", symbol: "BTC-USD", side: "buy" as const, type: "limit" as const };
    expect(ex.placeOrder({ ...base, price: "30000.505", quantity: "1" })).toMatchObject({ ok: false, reason: "INVALID_PRICE", field: "price" });
    expect(ex.placeOrder({ ...base, price: "30000", quantity: "0.00001" })).toMatchObject({ ok: false, reason: "INVALID_QUANTITY", field: "quantity" });
    expect(ex.placeOrder({ ...base, price: "1e3", quantity: "1" })).toMatchObject({ ok: false, reason: "INVALID_PRICE" });
    expect(ex.placeOrder({ ...base, symbol: "XRP-USD", price: "1", quantity: "1" })).toMatchObject({ ok: false, reason: "UNKNOWN_SYMBOL", field: "symbol" });
    expect(ex.deposit({ accountId: "alice", asset: "USD", amount: "1.0000001" })).toMatchObject({ ok: false, reason: "INVALID_AMOUNT", field: "amount" });
    expect(ex.deposit({ accountId: "alice", asset: "XRP", amount: "1" })).toMatchObject({ ok: false, reason: "UNKNOWN_ASSET" });
    expect(journal.length).toBe(n);
  });

  it("amends with decimal strings, cancels, and hides other accounts' orders", () => {
    const { ex } = funded();
    const placed = ex.placeOrder({ accountId: "alice", symbol: "BTC-USD", side: "buy", type: "limit", price: "29000", quantity: "1" });
    if (!placed.ok) throw new Error(placed.message);
    const orderId = placed.value.order.orderId;
    expect(ex.amendOrder({ accountId: "alice", orderId, price: "29000.5" })).toMatchObject({ ok: true, value: { order: { price: "29000.50" } } });
    expect(ex.amendOrder({ accountId: "alice", orderId, quantity: "0.00001" })).toMatchObject({ ok: false, reason: "INVALID_QUANTITY" });
    expect(ex.amendOrder({ accountId: "alice", orderId: 999, price: "1" })).toMatchObject({ ok: false, reason: "UNKNOWN_ORDER" });
    expect(ex.getOrder({ accountId: "bob", orderId })).toMatchObject({ ok: false, reason: "UNKNOWN_ORDER" });
    expect(ex.openOrders({ accountId: "alice" }).map((o) => o.orderId)).toEqual([orderId]);
    expect(ex.cancelOrder({ accountId: "alice", orderId })).toMatchObject({ ok: true, value: { status: "CANCELLED", remainingQuantity: "1.0000" } });
    expect(ex.withdraw({ accountId: "alice", asset: "USD", amount: "100000" })).toMatchObject({ ok: true, value: { available: "0.000000" } });
  });

  it("streams formatted market data", () => {
    const { ex } = funded();
    const seen: MarketDataView[] = [];
    ex.subscribeMarketData((e) => seen.push(e), "BTC-USD");
    ex.placeOrder({ accountId: "alice", symbol: "BTC-USD", side: "sell", type: "limit", price: "30000", quantity: "1" });
    ex.placeOrder({ accountId: "bob", symbol: "BTC-USD", side: "buy", type: "limit", price: "30000", quantity: "0.25" });
    expect(seen).toEqual([
      { type: "book", symbol: "BTC-USD", seq: 1, side: "sell", price: "30000.00", quantity: "1.0000", orders: 1 },
      expect.objectContaining({ type: "trade", seq: 2, price: "30000.00", quantity: "0.2500", takerSide: "buy" }),
      { type: "book", symbol: "BTC-USD", seq: 3, side: "sell", price: "30000.00", quantity: "0.7500", orders: 1 },
    ]);
  });

  it("exposes the chaos hooks and restores itself from its journal", () => {
    const { ex, journal } = funded();
    ex.placeOrder({ accountId: "alice", symbol: "BTC-USD", side: "buy", type: "limit", price: "30000", quantity: "1" });
    expect(ex.priceShock({ symbol: "BTC-USD", percent: -1 })).toMatchObject({ ok: true, value: { trades: [{ price: "30000.00" }] } });
    expect(ex.haltTrading("BTC-USD").ok).toBe(true);
    expect(ex.symbols()[0]!.halted).toBe(true);
    expect(ex.placeOrder({ accountId: "alice", symbol: "BTC-USD", side: "buy", type: "limit", price: "1", quantity: "1" })).toMatchObject({ reason: "TRADING_HALTED" });
    expect(ex.resumeTrading("BTC-USD").ok).toBe(true);
    ex.injectRejections({ probability: 1, reason: "EXCHANGE_BUSY" });
    expect(ex.placeOrder({ accountId: "alice", symbol: "BTC-USD", side: "buy", type: "limit", price: "1", quantity: "1" })).toMatchObject({ reason: "EXCHANGE_BUSY" });
    const restored = Exchange.restore(journal);
    expect(restored.engine.exportState()).toEqual(ex.engine.exportState());
    expect(restored.balances("house")).toEqual(ex.balances("house"));
  });
});
