/**
 * Placing an order: validate → reserve funds → accept (journal) → match → settle the remainder (rest it,
 * expire it, or close it filled). Any rejection happens before the first change, so it changes nothing.
 */
import type { Account } from "./accounts.js";
import * as accountsModule from "./accounts.js";
import type { EngineContext } from "./context.js";
import * as contextModule from "./context.js";
import type { PlaceOrderResult } from "./engine-types.js";
import * as fundsModule from "./funds.js";
import type { OrderAccepted } from "./journal.js";
import * as locksModule from "./locks.js";
import * as matchingModule from "./matching.js";
import * as orderModule from "./order.js";
import type { OrderBook } from "./order-book.js";
import * as orderIndexModule from "./order-index.js";
import { AcceptedOrder, DuplicateOrder } from "./order-ref.js";
import type { PlaceOrderCommand } from "./order-validation.js";
import * as orderValidationModule from "./order-validation.js";
import * as rejectionsModule from "./rejections.js";
import * as smiModule from "./smi.js";

// Local copies of imported constants and helpers: see "Local copies" in order.ts.
const { checkedProduct } = accountsModule;
const { EMPTY_TRADES } = contextModule;
const { unknownAccount } = fundsModule;
const { lockAmount, lockAsset } = locksModule;
const { closeOrder, liquidityWithin, matchIncoming, previewFill } = matchingModule;
const {
  BUY,
  EXPIRED,
  FOK,
  GTC,
  isPostOnly,
  LIMIT,
  MARKET,
  ORDER_TYPES,
  requestFlagsOf,
  SELF_TRADE_PREVENTIONS,
  SIDES,
  STP_NONE,
  sideCodeOf,
  stpCodeOf,
  TIMES_IN_FORCE,
  tifCodeOf,
  typeCodeOf,
} = orderModule;
const { SLOT_SPACE } = orderIndexModule;
const { validateOrder } = orderValidationModule;
const { reject } = rejectionsModule;
const { smi } = smiModule;


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
  const store = ctx.orders.store;
  if (cmd.clientOrderId !== undefined) {
    const priorId = account.clientOrders?.get(cmd.clientOrderId);
    if (priorId !== undefined) {
      // Held: a client order id is released when its order is forgotten.
      const at = ctx.orders.locate(priorId);
      const held = ctx.orders.storeAt(at);
      const prior = ctx.orders.slotAt(at);
      if (
        held.bookIndex(prior) === book.index &&
        requestFlagsOf(held.flags(prior)) === flags &&
        held.price(prior) === price &&
        held.quantity(prior) === quantity
      ) {
        return new DuplicateOrder(priorId, account, book, cmd.clientOrderId, EMPTY_TRADES);
      }
      return reject(
        "DUPLICATE_CLIENT_ORDER_ID",
        `clientOrderId ${cmd.clientOrderId} is already used by order ${priorId} with different parameters`,
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
  if (tifCodeOf(flags) === FOK && !fillable(book, sideCode, limit, quantity, account.index, stp)) {
    return reject("FOK_NOT_FILLABLE", `the book cannot fill ${quantity} lots at once`);
  }

  const id = ctx.orders.nextId();
  if (id < 0) return reject("EXCHANGE_BUSY", `the engine holds the maximum of ${SLOT_SPACE} orders`);
  const asset = lockAsset(inst, sideCode);
  const lock = isMarket && sideCode === BUY ? marketBuyLock(book, quantity, account, stp) : lockAmount(inst, sideCode, price, quantity);
  if (lock < 0 || !ctx.ledger.lock(account, asset, lock)) {
    return reject("INSUFFICIENT_FUNDS", `the order needs ${lock < 0 ? "more than any balance" : `${lock} units`} of available ${ctx.config.assets[asset]!.code}`);
  }

  const clientOrderId = cmd.clientOrderId;
  const slot = ctx.orders.add(id, book.index, account, flags, price, quantity, clientOrderId);
  store.setTimes(slot, ctx.ts, ctx.ts);
  ctx.ordersAccepted++;
  // The event is numbered whether or not anyone listens; it is only built if someone does (event-bus.ts).
  const seq = ctx.nextSeq();
  if (ctx.bus.journaling) journalAccepted(ctx, id, account.id, inst.symbol, flags, price, quantity, clientOrderId, seq, stp);
  book.metrics.order(typeCodeOf(flags), sideCode);

  const stopped = crosses && matchIncoming(ctx, book, slot, price);
  const trades = ctx.takeTrades();
  if (isMarket && sideCode === BUY) {
    let spent = 0;
    for (const t of trades) spent += t.price * t.quantity * inst.quoteUnitsPerTickLot;
    if (lock > spent) ctx.ledger.release(account, asset, lock - spent);
  }
  settle(ctx, book, slot, stopped);
  return new AcceptedOrder(slot, id, account, book, clientOrderId, trades);
}

function journalAccepted(
  ctx: EngineContext,
  orderId: number,
  accountId: string,
  symbol: string,
  flags: number,
  price: number,
  quantity: number,
  clientOrderId: string | undefined,
  seq: number,
  stp: number,
): void {
  const event: { -readonly [K in keyof OrderAccepted]: OrderAccepted[K] } = {
    type: "OrderAccepted",
    seq,
    ts: ctx.ts,
    orderId: smi(orderId),
    accountId,
    symbol,
    side: SIDES[sideCodeOf(flags)]!,
    orderType: ORDER_TYPES[typeCodeOf(flags)]!,
    timeInForce: TIMES_IN_FORCE[tifCodeOf(flags)]!,
    postOnly: isPostOnly(flags),
    selfTradePrevention: SELF_TRADE_PREVENTIONS[stp]!,
    price: smi(price),
    quantity: smi(quantity),
  };
  // Only when there is one: an absent clientOrderId is no key at all rather than an undefined member (the
  // same event to JSON and to sameEvent), one field less to allocate, and nothing for a listener to strip.
  if (clientOrderId !== undefined) event.clientOrderId = clientOrderId;
  ctx.bus.journal(event);
}

/** After matching: close a filled order, expire what may not rest, put the rest on the book. */
export const settleRemainder = settle;

/** settleRemainder, under the name this module calls it by (see "Local copies" in order.ts). */
function settle(ctx: EngineContext, book: OrderBook, slot: number, stoppedBySelfTrade: boolean): void {
  const store = book.store;
  const flags = store.flags(slot);
  const remaining = store.remaining(slot);
  if (remaining === 0) ctx.orders.closed(slot);
  else if (stoppedBySelfTrade) closeOrder(ctx, book, slot, EXPIRED, "SELF_TRADE");
  else if (typeCodeOf(flags) === LIMIT && tifCodeOf(flags) === GTC) book.rest(slot);
  else closeOrder(ctx, book, slot, EXPIRED, typeCodeOf(flags) === MARKET ? "MARKET" : "IOC");
}

function fillable(book: OrderBook, sideCode: number, limit: number | undefined, quantity: number, accountIndex: number, stp: number): boolean {
  if (liquidityWithin(book.oppositeOf(sideCode), limit, quantity) < quantity) return false;
  return stp === STP_NONE || previewFill(book, sideCode, limit, quantity, accountIndex, stp).lots >= quantity;
}

/**
 * Quote units a market buy locks for its operation. Fast path: quantity × worst ask bounds any fill, so if
 * the account can afford that, lock it and release the unused part afterwards. Otherwise walk the book for
 * the exact cost. −1 if the account cannot afford it.
 */
function marketBuyLock(book: OrderBook, lots: number, account: Account, stp: number): number {
  const inst = book.instrument;
  const available = account.available[inst.quote.index]!;
  const bound = checkedProduct(book.asks.worst()!.price, lots, inst.quoteUnitsPerTickLot);
  if (bound >= 0 && bound <= available) return bound;
  const cost = previewFill(book, BUY, undefined, lots, account.index, stp).quote;
  return cost <= available ? cost : -1;
}
