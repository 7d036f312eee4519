/**
 * Amending an open order's price and/or total quantity. Lowering only the quantity keeps the order's place
 * in its queue; a price change or a quantity increase re-queues it at the back of its (new) level, and a
 * price that crosses the book trades at once, like a new order (post-only orders are rejected instead).
 */
import { EMPTY_TRADES, type EngineContext } from "./context.js";
import type { AmendOrderCommand, AmendOrderResult } from "./engine-types.js";
import type { Trade } from "./journal.js";
import { lockAmount, lockAsset } from "./locks.js";
import { matchIncoming } from "./matching.js";
import { isPostOnly, sideCodeOf } from "./order.js";
import type { OrderBook } from "./order-book.js";
import { validateNotional, validatePrice, validateQuantity } from "./order-validation.js";
import { AcceptedOrder } from "./order-ref.js";
import { settleRemainder } from "./placement.js";
import { reject } from "./rejections.js";
import { smi } from "./smi.js";

/** Amends the order in `slot` of `book` (already checked to be open and owned by the caller). */
export function amendOrder(ctx: EngineContext, books: readonly OrderBook[], slot: number, cmd: AmendOrderCommand): AmendOrderResult {
  const store = ctx.orders.store;
  const book = books[store.bookIndex(slot)]!;
  const inst = book.instrument;
  const oldPrice = store.price(slot);
  const oldQuantity = store.quantity(slot);
  const oldRemaining = store.remaining(slot);
  const filled = oldQuantity - oldRemaining;
  const flags = store.flags(slot);
  const id = store.id(slot);
  const account = ctx.ledger.byIndex[store.accountIndex(slot)]!;
  const clientOrderId = store.clientOrderId(slot); // read now: once the order closes, its record is free for the next
  const accepted = (trades: readonly Trade[]) => new AcceptedOrder(slot, id, account, book, clientOrderId, trades);
  if (book.halted) return reject("TRADING_HALTED", `trading in ${inst.symbol} is halted`);
  if (cmd.price !== undefined) {
    const bad = validatePrice(cmd.price);
    if (bad) return bad;
  }
  if (cmd.quantity !== undefined) {
    const bad = validateQuantity(inst, cmd.quantity);
    if (bad) return bad;
  }
  const price = cmd.price ?? oldPrice;
  const quantity = cmd.quantity ?? oldQuantity;
  if (quantity <= filled) {
    return reject("INVALID_QUANTITY", `quantity must exceed the ${filled} lots already filled`, "quantity");
  }
  const badValue = validateNotional(inst, price, quantity);
  if (badValue) return badValue;
  if (price === oldPrice && quantity === oldQuantity) return accepted(EMPTY_TRADES);

  const sideCode = sideCodeOf(flags);
  const remaining = quantity - filled;
  const keepsPriority = price === oldPrice && quantity < oldQuantity;
  const opposite = book.oppositeOf(sideCode);
  const best = opposite.best();
  const crosses = !keepsPriority && best !== undefined && opposite.reachable(best.price, price);
  if (crosses && isPostOnly(flags)) {
    return reject("POST_ONLY_WOULD_TAKE", `a post-only order at ${price} would trade against ${best.price}`, "price");
  }
  const asset = lockAsset(inst, sideCode);
  const oldLock = lockAmount(inst, sideCode, oldPrice, oldRemaining);
  const newLock = lockAmount(inst, sideCode, price, remaining);
  if (newLock - oldLock > account.available[asset]!) {
    return reject("INSUFFICIENT_FUNDS", `the amendment needs ${newLock - oldLock} more units of available ${inst.quote.code}`);
  }

  ctx.bus.journal({
    type: "OrderAmended",
    seq: ctx.nextSeq(),
    ts: ctx.ts,
    orderId: smi(id),
    accountId: account.id,
    symbol: inst.symbol,
    price: smi(price),
    quantity: smi(quantity),
    priorityKept: keepsPriority,
  });
  store.touch(slot, ctx.ts);
  if (keepsPriority) {
    const level = book.sideOf(sideCode).level(oldPrice)!;
    level.quantity -= oldRemaining - remaining;
    store.setRemaining(slot, remaining);
    store.setQuantity(slot, quantity);
    ctx.ledger.release(account, asset, oldLock - newLock);
    book.publishLevel(sideCode, level);
    return accepted(EMPTY_TRADES);
  }
  book.unrest(slot);
  if (newLock > oldLock) ctx.ledger.lock(account, asset, newLock - oldLock);
  else ctx.ledger.release(account, asset, oldLock - newLock);
  store.setPrice(slot, price);
  store.setQuantity(slot, quantity);
  store.setRemaining(slot, remaining);
  const stopped = crosses && matchIncoming(ctx, book, slot, price);
  const trades = ctx.takeTrades();
  settleRemainder(ctx, book, slot, stopped);
  return accepted(trades);
}
