/**
 * Amending an open order's price and/or total quantity. Lowering only the quantity keeps the order's place
 * in its queue; a price change or a quantity increase re-queues it at the back of its (new) level, and a
 * price that crosses the book trades at once, like a new order (post-only orders are rejected instead).
 */
import type { EngineContext } from "./context.js";
import type { AmendOrderCommand, AmendOrderResult } from "./engine-types.js";
import type { Trade } from "./journal.js";
import { lockAmount, lockAsset } from "./locks.js";
import { matchIncoming } from "./matching.js";
import type { Order } from "./order.js";
import { validateNotional, validatePrice, validateQuantity } from "./order-validation.js";
import { EMPTY_TRADES, settleRemainder } from "./placement.js";
import { reject } from "./rejections.js";

/** Amends `order` (already checked to be open and owned by the caller). */
export function amendOrder(ctx: EngineContext, order: Order, cmd: AmendOrderCommand): AmendOrderResult {
  const book = order.book;
  const inst = book.instrument;
  if (book.halted) return reject("TRADING_HALTED", `trading in ${inst.symbol} is halted`);
  if (cmd.price !== undefined) {
    const bad = validatePrice(cmd.price);
    if (bad) return bad;
  }
  if (cmd.quantity !== undefined) {
    const bad = validateQuantity(inst, cmd.quantity);
    if (bad) return bad;
  }
  const price = cmd.price ?? order.price;
  const quantity = cmd.quantity ?? order.quantity;
  if (quantity <= order.filled) {
    return reject("INVALID_QUANTITY", `quantity must exceed the ${order.filled} lots already filled`, "quantity");
  }
  const badValue = validateNotional(inst, price, quantity);
  if (badValue) return badValue;
  if (price === order.price && quantity === order.quantity) return { ok: true, order, trades: EMPTY_TRADES };

  const sideCode = order.sideCode;
  const remaining = quantity - order.filled;
  const keepsPriority = price === order.price && quantity < order.quantity;
  const opposite = book.oppositeOf(sideCode);
  const best = opposite.best();
  const crosses = !keepsPriority && best !== undefined && opposite.reachable(best.price, price);
  if (crosses && order.postOnly) {
    return reject("POST_ONLY_WOULD_TAKE", `a post-only order at ${price} would trade against ${best.price}`, "price");
  }
  const asset = lockAsset(inst, sideCode);
  const oldLock = lockAmount(inst, sideCode, order.price, order.remaining);
  const newLock = lockAmount(inst, sideCode, price, remaining);
  const account = order.account;
  if (newLock - oldLock > account.available[asset]!) {
    return reject("INSUFFICIENT_FUNDS", `the amendment needs ${newLock - oldLock} more units of available ${inst.quote.code}`);
  }

  ctx.bus.journal({
    type: "OrderAmended",
    seq: ctx.nextSeq(),
    ts: ctx.ts,
    orderId: order.id,
    accountId: account.id,
    symbol: inst.symbol,
    price,
    quantity,
    priorityKept: keepsPriority,
  });
  if (keepsPriority) {
    const level = book.sideOf(sideCode).level(order.price)!;
    level.quantity -= order.remaining - remaining;
    order.remaining = remaining;
    order.quantity = quantity;
    ctx.ledger.release(account, asset, oldLock - newLock);
    book.publishLevel(sideCode, level);
    return { ok: true, order, trades: EMPTY_TRADES };
  }
  book.unrest(order);
  if (newLock > oldLock) ctx.ledger.lock(account, asset, newLock - oldLock);
  else ctx.ledger.release(account, asset, oldLock - newLock);
  order.price = price;
  order.quantity = quantity;
  order.remaining = remaining;
  const trades = crosses ? [] : (EMPTY_TRADES as Trade[]);
  const stopped = crosses && matchIncoming(ctx, book, order, price, trades);
  settleRemainder(ctx, book, order, stopped);
  return { ok: true, order, trades };
}
