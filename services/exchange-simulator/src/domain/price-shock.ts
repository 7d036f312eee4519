/**
 * The price-shock fault: a whale (the house account) takes every resting order up to a percentage away from
 * the touch with one IOC order. It is funded by a journaled deposit, so every asset stays conserved and
 * replay reproduces the shock exactly (the PriceShock command event is followed by the house account's
 * opening, deposit, order and trades).
 */
import { SUPPLY_LIMIT } from "./accounts.js";
import type { EngineContext } from "./context.js";
import type { PlaceOrderResult } from "./engine-types.js";
import { deposit, openAccount } from "./funds.js";
import { lockAmount, lockAsset } from "./locks.js";
import { liquidityWithin } from "./matching.js";
import { BUY, SELL, SIDES } from "./order.js";
import type { OrderBook } from "./order-book.js";
import { type PlaceOrderCommand, validateOrder } from "./order-validation.js";
import { placeOrder } from "./placement.js";
import { reject } from "./rejections.js";

/** Signed percent in (−100, 1000], not 0: +5 buys every ask up to 5 % above the best ask, −5 sells into every bid down to 5 % below the best bid. */
export function priceShock(ctx: EngineContext, book: OrderBook, percent: number): PlaceOrderResult {
  const inst = book.instrument;
  if (typeof percent !== "number" || !Number.isFinite(percent) || percent === 0 || percent <= -100 || percent > 1000) {
    return reject("INVALID_PRICE", `percent must be a non-zero number in (−100, 1000] (got ${percent})`, "percent");
  }
  if (book.halted) return reject("TRADING_HALTED", `trading in ${inst.symbol} is halted`);
  const sideCode = percent > 0 ? BUY : SELL;
  const opposite = book.oppositeOf(sideCode);
  const best = opposite.best();
  if (best === undefined) return reject("NO_LIQUIDITY", `the ${inst.symbol} book has no ${percent > 0 ? "asks" : "bids"} to sweep`);
  const scaled = (best.price * (100 + percent)) / 100;
  const limit = sideCode === BUY ? Math.max(best.price, Math.floor(scaled)) : Math.max(1, Math.min(best.price, Math.ceil(scaled)));
  const lots = Math.max(inst.minLots, liquidityWithin(opposite, limit, Number.POSITIVE_INFINITY));
  const asset = lockAsset(inst, sideCode);
  const need = lockAmount(inst, sideCode, limit, lots);
  const house = ctx.ledger.get(ctx.houseAccountId);
  const topUp = Math.max(0, need - (house?.available[asset] ?? 0));
  if (need < 0 || ctx.ledger.supply[asset]! + topUp > SUPPLY_LIMIT) {
    return reject("SUPPLY_LIMIT_EXCEEDED", `funding the house for this shock would exceed the ${ctx.config.assets[asset]!.code} supply limit`);
  }
  const cmd: PlaceOrderCommand = {
    accountId: ctx.houseAccountId,
    symbol: inst.symbol,
    side: SIDES[sideCode]!,
    type: "limit",
    timeInForce: "IOC",
    price: limit,
    quantity: lots,
    selfTradePrevention: "NONE",
  };
  const invalid = validateOrder(inst, cmd, ctx.defaultStp);
  if (typeof invalid !== "number") return invalid;

  ctx.bus.journal({ type: "PriceShock", seq: ctx.nextSeq(), ts: ctx.ts, symbol: inst.symbol, percent, houseAccountId: ctx.houseAccountId });
  if (house === undefined) openAccount(ctx, ctx.houseAccountId);
  if (topUp > 0) deposit(ctx, ctx.houseAccountId, ctx.config.assets[asset]!.code, topUp);
  const result = placeOrder(ctx, book, cmd, false);
  if (!result.ok) throw new Error(`internal: the house order of a price shock was rejected (${result.reason}: ${result.message})`);
  return result;
}
