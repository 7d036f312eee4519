/**
 * The OrderRefs the engine hands out. An OrderRef is a handle: the order's id plus its book, whose OrderIndex
 * finds the order's record (order-index.ts) on every read — in the open orders' store, or in the ring of
 * retained closed ones once it has closed — so it is live while the engine holds the order. Once the order is
 * forgotten (retainClosedOrders later closes) its changing fields throw instead of showing whichever order
 * reuses the record.
 *
 * Operation results are handles too: the successful result of placing, amending or cancelling an order IS
 * the order's handle, with the result's fields (`ok`, `trades`, …) on it and `order` / `value` returning
 * itself. One object per operation instead of two — the engine's operations take well under a microsecond,
 * so an allocation is a measurable share of one.
 *
 * Why the classes look the way they do (measured on Node 20): a derived class (`extends` + `super()`) costs
 * ~30 ns to construct even when inlined and ~115 ns when not, against ~10 ns for a base class. So the
 * result classes are base classes whose prototypes are chained to OrderHandle.prototype by hand (they share
 * its getters), and the fields are plain properties (a private `#field` could not be shared that way).
 * The fields are `declare`d, not declared: with ES2022 class-field semantics a plain declaration compiles to
 * a field initializer that defines every field as undefined before the constructor assigns it — a second
 * pass over every field, ~2 % of the engine's time when every operation makes one of these. And a result
 * carries as few own fields as it can (the engine allocates one per operation, and allocation volume is
 * what the garbage collector and the CPU caches pay for): `ok` and `duplicate` are constants on the
 * prototype, the record is found by id, and the final fields of an order forgotten in its own operation —
 * only with retainClosedOrders 0 — sit in a side table rather than in a field every result would carry.
 * `toJSON` keeps printing and serialising a ref to its order's fields, not the whole store.
 */
import type { Account } from "./accounts.js";
import type { PlaceOrderAccepted } from "./engine-types.js";
import type { Trade } from "./journal.js";
import type { OrderRef, OrderStatus, OrderType, SelfTradePrevention, Side, TimeInForce } from "./order.js";
import * as orderModule from "./order.js";
import type { OrderBook } from "./order-book.js";
import type { RestoredOrder } from "./order-index.js";
import * as orderIndexModule from "./order-index.js";
import type { OrderStore } from "./order-store.js";
import * as smiModule from "./smi.js";

// Local copies of imported constants and helpers: see "Local copies" in order.ts.
const {
  isOpenFlags,
  isPostOnly,
  ORDER_STATUSES,
  ORDER_TYPES,
  SELF_TRADE_PREVENTIONS,
  SIDES,
  sideCodeOf,
  statusCodeOf,
  stpCodeOf,
  TIMES_IN_FORCE,
  tifCodeOf,
  typeCodeOf,
} = orderModule;
const { NOT_HELD } = orderIndexModule;
const { smi } = smiModule;

/** The final fields of an order that was forgotten before its handle was made. */
type FinalRecord = Pick<RestoredOrder, "flags" | "price" | "quantity" | "remaining" | "createdAt" | "updatedAt">;

const readers: { readonly [K in keyof FinalRecord]: (store: OrderStore, slot: number) => number } = {
  flags: (s, i) => s.flags(i),
  price: (s, i) => s.price(i),
  quantity: (s, i) => s.quantity(i),
  remaining: (s, i) => s.remaining(i),
  createdAt: (s, i) => s.createdAt(i),
  updatedAt: (s, i) => s.updatedAt(i),
};

/**
 * Final fields of handles made for orders already forgotten (retainClosedOrders 0: an order closed and
 * forgotten by the operation that returns its handle), copied from its record, which stays intact until a
 * later order reuses it.
 */
const finals = new WeakMap<object, FinalRecord>();

/** Records the final fields of `handle` if its order (in `slot` of `book.store` until now) is already forgotten. */
function keepIfForgotten(handle: object, book: OrderBook, slot: number, id: number): void {
  const orders = book.orders;
  if (orders.retainClosed > 0 || orders.locate(id) !== NOT_HELD) return; // held: the index finds it
  keepFinal(handle, book.store, slot);
}

/**
 * The rare part of keepIfForgotten, out of line: every operation's result runs the test above, and V8 inlines
 * a call by its whole size — this copy would spend the inlining budget of the order path's functions.
 */
function keepFinal(handle: object, store: OrderStore, slot: number): void {
  const final: { -readonly [K in keyof FinalRecord]: number } = { flags: 0, price: 0, quantity: 0, remaining: 0, createdAt: 0, updatedAt: 0 };
  for (const k of Object.keys(readers) as (keyof FinalRecord)[]) final[k] = readers[k](store, slot);
  finals.set(handle, final);
}

export class OrderHandle implements OrderRef {
  declare readonly id: number;
  declare readonly account: Account;
  declare readonly book: OrderBook;
  declare readonly clientOrderId: string | undefined;

  /** The handle of order `id`, held by the engine — or, only in the operation that forgot it, still in `slot` of `book.store`. */
  constructor(slot: number, id: number, account: Account, book: OrderBook, clientOrderId: string | undefined) {
    this.id = smi(id); // see smi.ts: results are allocated once per operation
    this.account = account;
    this.book = book;
    this.clientOrderId = clientOrderId;
    keepIfForgotten(this, book, slot, id);
  }

  /** One field of the order, wherever its record is now. */
  private read(field: keyof FinalRecord): number {
    const orders = this.book.orders;
    const at = orders.locate(this.id);
    if (at !== NOT_HELD) return readers[field](orders.storeAt(at), orders.slotAt(at));
    const final = finals.get(this);
    if (final === undefined) {
      throw new Error(`order ${this.id} is no longer held by the engine (closed orders are forgotten after retainClosedOrders later closes)`);
    }
    return final[field];
  }

  get price(): number {
    return this.read("price");
  }
  get quantity(): number {
    return this.read("quantity");
  }
  get remaining(): number {
    return this.read("remaining");
  }
  get filled(): number {
    return this.quantity - this.remaining;
  }
  get createdAt(): number {
    return this.read("createdAt");
  }
  get updatedAt(): number {
    return this.read("updatedAt");
  }
  /** The packed flags (order.ts). */
  get flags(): number {
    return this.read("flags");
  }
  get side(): Side {
    return SIDES[sideCodeOf(this.flags)]!;
  }
  get type(): OrderType {
    return ORDER_TYPES[typeCodeOf(this.flags)]!;
  }
  get timeInForce(): TimeInForce {
    return TIMES_IN_FORCE[tifCodeOf(this.flags)]!;
  }
  get postOnly(): boolean {
    return isPostOnly(this.flags);
  }
  get selfTradePrevention(): SelfTradePrevention {
    return SELF_TRADE_PREVENTIONS[stpCodeOf(this.flags)]!;
  }
  get status(): OrderStatus {
    return ORDER_STATUSES[statusCodeOf(this.flags)]!;
  }
  get isOpen(): boolean {
    return isOpenFlags(this.flags);
  }

  /** The order's fields as plain data (JSON, and how test output prints a ref). */
  toJSON(): Record<string, unknown> {
    return {
      id: this.id,
      accountId: this.account.id,
      symbol: this.book.instrument.symbol,
      side: this.side,
      type: this.type,
      timeInForce: this.timeInForce,
      postOnly: this.postOnly,
      selfTradePrevention: this.selfTradePrevention,
      price: this.price,
      quantity: this.quantity,
      remaining: this.remaining,
      status: this.status,
      clientOrderId: this.clientOrderId,
      createdAt: this.createdAt,
      updatedAt: this.updatedAt,
    };
  }
}

/** A successful placement or amendment: `{ ok, order, trades, duplicate }`, where `order` is this handle. */
export class AcceptedOrder implements PlaceOrderAccepted {
  declare readonly id: number;
  declare readonly account: Account;
  declare readonly book: OrderBook;
  declare readonly clientOrderId: string | undefined;
  declare readonly trades: readonly Trade[];
  /** True (on the prototype). */
  declare readonly ok: true;
  /** False on the prototype; true for DuplicateOrder. */
  declare readonly duplicate: boolean;

  constructor(slot: number, id: number, account: Account, book: OrderBook, clientOrderId: string | undefined, trades: readonly Trade[]) {
    this.id = smi(id);
    this.account = account;
    this.book = book;
    this.clientOrderId = clientOrderId;
    this.trades = trades;
    keepIfForgotten(this, book, slot, id);
  }

  get order(): OrderRef {
    return this as unknown as OrderHandle;
  }
}

/** A retried placement (same client order id and parameters): the original order, nothing traded, `duplicate` true. */
export class DuplicateOrder implements PlaceOrderAccepted {
  declare readonly id: number;
  declare readonly account: Account;
  declare readonly book: OrderBook;
  declare readonly clientOrderId: string | undefined;
  declare readonly trades: readonly Trade[];
  /** True (on AcceptedOrder's prototype). */
  declare readonly ok: true;
  /** True (on the prototype). */
  declare readonly duplicate: boolean;
  /** This handle (AcceptedOrder's getter). */
  declare readonly order: OrderRef;

  /** The original order `id`, which the engine holds (its client order id is what found it). */
  constructor(id: number, account: Account, book: OrderBook, clientOrderId: string | undefined, trades: readonly Trade[]) {
    this.id = smi(id);
    this.account = account;
    this.book = book;
    this.clientOrderId = clientOrderId;
    this.trades = trades;
  }
}

/** A successful cancel: `{ ok, value }`, where `value` is this handle. */
export class CancelledOrder {
  declare readonly id: number;
  declare readonly account: Account;
  declare readonly book: OrderBook;
  declare readonly clientOrderId: string | undefined;
  /** True (on the prototype). */
  declare readonly ok: true;

  constructor(slot: number, id: number, account: Account, book: OrderBook, clientOrderId: string | undefined) {
    this.id = smi(id);
    this.account = account;
    this.book = book;
    this.clientOrderId = clientOrderId;
    keepIfForgotten(this, book, slot, id);
  }

  get value(): OrderRef {
    return this as unknown as OrderHandle;
  }
}

// The result classes are OrderHandles at run time: same fields, OrderHandle's getters by prototype. Their
// constant fields live on the prototypes (read-only, like the own fields they replace).
const constant = (value: unknown): PropertyDescriptor => ({ value, enumerable: true });
Object.setPrototypeOf(AcceptedOrder.prototype, OrderHandle.prototype);
Object.setPrototypeOf(CancelledOrder.prototype, OrderHandle.prototype);
Object.setPrototypeOf(DuplicateOrder.prototype, AcceptedOrder.prototype);
Object.defineProperties(AcceptedOrder.prototype, { ok: constant(true), duplicate: constant(false) });
Object.defineProperty(DuplicateOrder.prototype, "duplicate", constant(true));
Object.defineProperty(CancelledOrder.prototype, "ok", constant(true));
