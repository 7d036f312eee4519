/**
 * Placing an order: validate → reserve funds → accept (journal) → match → settle the remainder (rest it,
 * expire it, or close it filled). Any rejection happens before the first change, so it changes nothing.
 */
import { checkedProduct } from "./accounts.js";
import type { EngineContext } from "./context.js";
import type { PlaceOrderResult } from "./engine-types.js";
import { unknownAccount } from "./funds.js";
import type { Trade } from "./journal.js";
import { lockAmount, lockAsset } from "./locks.js";
import { closeOrder, liquidityWithin, matchIncoming, previewFill } from "./matching.js";
import {
  BUY,
  EXPIRED,
  FOK,
  GTC,
  isPostOnly,
  LIMIT,
  MARKET,
  ORDER_TYPES,
  Order,
  SELF_TRADE_PREVENTIONS,
  SIDES,
  STP_NONE,
  sideCodeOf,
  stpCodeOf,
  TIMES_IN_FORCE,
  tifCodeOf,
  typeCodeOf,
} from "./order.js";
import type { OrderBook } from "./order-book.js";
import { SLOT_SPACE } from "./order-index.js";
import { type PlaceOrderCommand, validateOrder } from "./order-validation.js";
import { reject } from "./rejections.js";

/** Shared empty trade list for operations that did not trade (never mutated). */
export const EMPTY_TRADES: readonly Trade[] = Object.freeze([]);

/** Places an order on `book`. `chaos` false skips injected rejections (internal orders such as price shocks). */
export function placeOrder(ctx: EngineContext, book: OrderBook, cmd: PlaceOrderCommand, chaos: boolean): PlaceOrderResult {
  const inst = book.instrument;
  const flags = validateOrder(inst, cmd, ctx.defaultStp);
  if (typeof flags !== "number") return flags;
  const sideCode = sideCodeOf(flags);
  const isMarket = typeCodeOf(flags) === MARKET;
  const price = isMarket ? 0 : cmd.price!;
  const quantity = cmd.quantity;
  const account = ctx.ledger.get(cmd.accountId);
  if (account === undefined) return unknownAccount(cmd.accountId);
  if (cmd.clientOrderId !== undefined) {
    const prior = account.clientOrders?.get(cmd.clientOrderId);
    if (prior !== undefined) {
      if (prior.book === book && prior.requestFlags === flags && prior.price === price && prior.quantity === quantity) {
        return { ok: true, order: prior, trades: EMPTY_TRADES, duplicate: true };
      }
      return reject(
        "DUPLICATE_CLIENT_ORDER_ID",
        `clientOrderId ${cmd.clientOrderId} is already used by order ${prior.id} with different parameters`,
        "clientOrderId",
      );
    }
  }
  if (book.halted) return reject("TRADING_HALTED", `trading in ${inst.symbol} is halted`);
  if (chaos) {
    const reason = ctx.faults.draw();
    if (reason !== undefined) return reject(reason, "rejected by an injected fault");
  }

  const opposite = book.oppositeOf(sideCode);
  const best = opposite.best();
  const crosses = best !== undefined && (isMarket || opposite.reachable(best.price, price));
  if (crosses && isPostOnly(flags)) {
    return reject("POST_ONLY_WOULD_TAKE", `a post-only order at ${price} would trade against ${best.price}`, "price");
  }
  if (isMarket && best === undefined) return reject("NO_LIQUIDITY", `the ${inst.symbol} book has no ${sideCode === BUY ? "asks" : "bids"}`);
  const limit = isMarket ? undefined : price;
  const stp = stpCodeOf(flags);
  if (tifCodeOf(flags) === FOK && !fillable(book, sideCode, limit, quantity, account, stp)) {
    return reject("FOK_NOT_FILLABLE", `the book cannot fill ${quantity} lots at once`);
  }

  const id = ctx.orders.nextId();
  if (id < 0) return reject("EXCHANGE_BUSY", `the engine holds the maximum of ${SLOT_SPACE} orders`);
  const asset = lockAsset(inst, sideCode);
  const lock = isMarket && sideCode === BUY ? marketBuyLock(book, quantity, account, stp) : lockAmount(inst, sideCode, price, quantity);
  if (lock < 0 || !ctx.ledger.lock(account, asset, lock)) {
    return reject("INSUFFICIENT_FUNDS", `the order needs ${lock < 0 ? "more than any balance" : `${lock} units`} of available ${ctx.config.assets[asset]!.code}`);
  }

  const order = new Order(id, account, book, flags, price, quantity, quantity, cmd.clientOrderId);
  ctx.ordersAccepted++;
  ctx.orders.add(order);
  // The event is numbered whether or not anyone listens; it is only built if someone does (event-bus.ts).
  const seq = ctx.nextSeq();
  if (ctx.bus.journaling) journalAccepted(ctx, order, seq, stp);
  book.metrics.order(typeCodeOf(flags), sideCode);

  const trades = crosses ? [] : (EMPTY_TRADES as Trade[]);
  const stopped = crosses && matchIncoming(ctx, book, order, price, trades);
  if (isMarket && sideCode === BUY) {
    let spent = 0;
    for (const t of trades) spent += t.price * t.quantity * inst.quoteUnitsPerTickLot;
    if (lock > spent) ctx.ledger.release(account, asset, lock - spent);
  }
  settleRemainder(ctx, book, order, stopped);
  return { ok: true, order, trades, duplicate: false };
}

function journalAccepted(ctx: EngineContext, order: Order, seq: number, stp: number): void {
  const flags = order.flags;
  ctx.bus.journal({
    type: "OrderAccepted",
    seq,
    ts: ctx.ts,
    orderId: order.id,
    accountId: order.account.id,
    symbol: order.book.instrument.symbol,
    side: SIDES[sideCodeOf(flags)]!,
    orderType: ORDER_TYPES[typeCodeOf(flags)]!,
    timeInForce: TIMES_IN_FORCE[tifCodeOf(flags)]!,
    postOnly: isPostOnly(flags),
    selfTradePrevention: SELF_TRADE_PREVENTIONS[stp]!,
    price: order.price,
    quantity: order.quantity,
    clientOrderId: order.clientOrderId, // undefined is dropped by JSON and ignored by sameEvent
  });
}

/** After matching: close a filled order, expire what may not rest, put the rest on the book. */
export function settleRemainder(ctx: EngineContext, book: OrderBook, order: Order, stoppedBySelfTrade: boolean): void {
  if (order.remaining === 0) ctx.orders.closed(order);
  else if (stoppedBySelfTrade) closeOrder(ctx, book, order, EXPIRED, "SELF_TRADE");
  else if (order.typeCode === LIMIT && order.tifCode === GTC) book.rest(order);
  else closeOrder(ctx, book, order, EXPIRED, order.typeCode === MARKET ? "MARKET" : "IOC");
}

function fillable(book: OrderBook, sideCode: number, limit: number | undefined, quantity: number, account: object, stp: number): boolean {
  if (liquidityWithin(book.oppositeOf(sideCode), limit, quantity) < quantity) return false;
  return stp === STP_NONE || previewFill(book, sideCode, limit, quantity, account, stp).lots >= quantity;
}

/**
 * Quote units a market buy locks for its operation. Fast path: quantity × worst ask bounds any fill, so if
 * the account can afford that, lock it and release the unused part afterwards. Otherwise walk the book for
 * the exact cost. −1 if the account cannot afford it.
 */
function marketBuyLock(book: OrderBook, lots: number, account: { available: Float64Array }, stp: number): number {
  const inst = book.instrument;
  const available = account.available[inst.quote.index]!;
  const bound = checkedProduct(book.asks.worst()!.price, lots, inst.quoteUnitsPerTickLot);
  if (bound >= 0 && bound <= available) return bound;
  const cost = previewFill(book, BUY, undefined, lots, account, stp).quote;
  return cost <= available ? cost : -1;
}
