/**
 * The engine's state as plain JSON data, both ways: `exportEngineState` dumps it (replay checks, snapshots),
 * `restoreEngineState` loads it into a freshly constructed engine. What is dumped is everything a later command
 * can observe: books with exact queue order, every held order (open and retained closed, so client-order-id
 * idempotency and `getOrder` survive), balances and locks, fees and supply, journal/trade/order counters, the
 * order-id allocator (free-slot stack and closed-order eviction order — ids must continue exactly as they would
 * have), halts, market-data sequence numbers and the recent-trades rings.
 *
 * Not dumped: listeners, metrics (counters of a new process start from 0), injected faults (not journaled).
 */
import type { Account } from "./accounts.js";
import type { BookSide } from "./book-side.js";
import type { EngineContext } from "./context.js";
import type { EngineState, LevelState, OrderState } from "./engine-types.js";
import { FLAGS_MASK, isOpenFlags, sideCodeOf } from "./order.js";
import type { OrderBook } from "./order-book.js";
import type { RestoredOrder } from "./order-index.js";

export class EngineStateError extends Error {
  override name = "EngineStateError";
}

export function exportEngineState(ctx: EngineContext, books: readonly OrderBook[]): EngineState {
  const store = ctx.orders.store;
  const levels = (side: BookSide): LevelState[] =>
    [...side.levels()].map((l) => [l.price, [...l.orders(store)].map((s) => [store.id(s), store.remaining(s)] as const)] as const);
  const l = ctx.ledger;
  const assets = ctx.config.assets;
  return {
    books: books.map((b) => ({
      symbol: b.instrument.symbol,
      halted: b.halted,
      bids: levels(b.bids),
      asks: levels(b.asks),
      mdSeq: b.mdSeq,
      trades: b.tradesOldestFirst(),
    })),
    balances: [...l.accounts()].map((a) => [a.id, assets.map((x) => [a.available[x.index]!, a.locked[x.index]!] as const)] as const),
    fees: [...l.fees],
    supply: [...l.supply],
    lastSeq: ctx.seq,
    ordersAccepted: ctx.ordersAccepted,
    lastTradeId: ctx.tradeId,
    orders: [...ctx.orders.all()].map((at): OrderState => {
      const held = ctx.orders.storeAt(at);
      const s = ctx.orders.slotAt(at);
      return [
        held.id(s),
        l.byIndex[held.accountIndex(s)]!.id,
        books[held.bookIndex(s)]!.instrument.symbol,
        held.flags(s),
        held.price(s),
        held.quantity(s),
        held.remaining(s),
        held.clientOrderId(s) ?? null,
        held.createdAt(s),
        held.updatedAt(s),
      ];
    }),
    orderIds: ctx.orders.exportAllocation(),
  };
}

/**
 * Loads `state` into an engine that has just been constructed (nothing executed yet) with the same
 * configuration. Throws EngineStateError if the state does not fit the configuration or contradicts itself.
 */
export function restoreEngineState(ctx: EngineContext, books: readonly OrderBook[], state: EngineState): void {
  const fail = (message: string): never => {
    throw new EngineStateError(`cannot restore engine state: ${message}`);
  };
  const assetCount = ctx.config.assets.length;
  const symbols = books.map((b) => b.instrument.symbol);
  if (state.books.length !== books.length || state.books.some((b, i) => b.symbol !== symbols[i])) {
    fail(`its symbols [${state.books.map((b) => b.symbol).join(", ")}] are not the configured [${symbols.join(", ")}]`);
  }
  if (state.fees.length !== assetCount || state.supply.length !== assetCount) fail(`it has ${state.fees.length} assets, the configuration ${assetCount}`);

  const ledger = ctx.ledger;
  for (const [id, balances] of state.balances) {
    const account = ledger.open(id) ?? fail(`account ${JSON.stringify(id)} appears twice`);
    if (balances.length !== assetCount) fail(`account ${id} has ${balances.length} balances, expected ${assetCount}`);
    balances.forEach(([available, locked], i) => {
      account.available[i] = available;
      account.locked[i] = locked;
    });
  }
  ledger.fees.set(state.fees);
  ledger.supply.set(state.supply);

  const bookBySymbol = new Map(books.map((b) => [b.instrument.symbol, b]));
  // Snapshots written before orders carried timestamps have none: 0 stands for "unknown".
  const orders = state.orders.map(([id, accountId, symbol, flags, price, quantity, remaining, clientOrderId, createdAt = 0, updatedAt = 0]): RestoredOrder => {
    const account: Account = ledger.get(accountId) ?? fail(`order ${id} belongs to unknown account ${JSON.stringify(accountId)}`);
    const book = bookBySymbol.get(symbol) ?? fail(`order ${id} is of unknown symbol ${JSON.stringify(symbol)}`);
    if (!Number.isInteger(flags) || (flags & ~FLAGS_MASK) !== 0) fail(`order ${id} has invalid flags ${flags}`);
    return { id, bookIndex: book.index, account, flags, price, quantity, remaining, createdAt, updatedAt, clientOrderId: clientOrderId ?? undefined };
  });
  ctx.orders.restore(orders, state.orderIds);
  const store = ctx.orders.store;

  // Books: appended in queue order, level by level; the market-data sequence is set afterwards.
  const rested = new Set<number>();
  state.books.forEach((b, i) => {
    const book = books[i]!;
    for (const [sideCode, levels] of [b.bids, b.asks].entries()) {
      for (const [price, queue] of levels) {
        for (const [id, remaining] of queue) {
          const slot = ctx.orders.openSlotOf(id);
          if (
            slot < 0 ||
            !isOpenFlags(store.flags(slot)) ||
            store.bookIndex(slot) !== book.index ||
            sideCodeOf(store.flags(slot)) !== sideCode ||
            store.price(slot) !== price ||
            store.remaining(slot) !== remaining
          ) {
            fail(`book ${b.symbol} lists order ${id} at ${price} that is not an open order of that side and price`);
          }
          if (rested.has(id)) fail(`order ${id} rests twice`);
          rested.add(id);
          book.sideOf(sideCode).levelFor(price).append(store, slot);
        }
      }
    }
    book.halted = b.halted;
    book.mdSeq = b.mdSeq;
    book.restoreTrades(b.trades);
  });
  if (rested.size !== ctx.orders.open) fail(`${ctx.orders.open} orders are open but ${rested.size} rest on the books`);

  ctx.seq = state.lastSeq;
  ctx.ordersAccepted = state.ordersAccepted;
  ctx.tradeId = state.lastTradeId;
}
