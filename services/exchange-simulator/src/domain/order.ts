/**
 * The order record. One object per order, which is also the node of its price level's intrusive doubly
 * linked list (`prev`/`next`), so cancelling or filling it never searches a queue.
 *
 * Memory matters (the goal is ≤ 150 bytes per resting order including its index entry), so the object has
 * exactly ten fields: enumerations and the status are packed into one small integer (`flags`) and decoded
 * by getters; the symbol is reached through `book`. Timestamps live in the journal, not on the order.
 */
import type { Account } from "./accounts.js";
import type { OrderBook } from "./order-book.js";

export type Side = "buy" | "sell";
export type OrderType = "limit" | "market";
export type TimeInForce = "GTC" | "IOC" | "FOK";
export type OrderStatus = "NEW" | "PARTIALLY_FILLED" | "FILLED" | "CANCELLED" | "REJECTED" | "EXPIRED";
/**
 * What happens when an order would trade against another order of the same account:
 *  - CANCEL_TAKER (default): the incoming order's remainder expires; the resting order keeps its place.
 *  - CANCEL_MAKER: the resting order expires and matching continues behind it.
 *  - CANCEL_BOTH: both expire.
 *  - NONE: the self-trade happens (fees are charged on both sides).
 */
export type SelfTradePrevention = "CANCEL_TAKER" | "CANCEL_MAKER" | "CANCEL_BOTH" | "NONE";

export const SIDES: readonly Side[] = ["buy", "sell"];
export const ORDER_TYPES: readonly OrderType[] = ["limit", "market"];
export const TIMES_IN_FORCE: readonly TimeInForce[] = ["GTC", "IOC", "FOK"];
export const SELF_TRADE_PREVENTIONS: readonly SelfTradePrevention[] = ["CANCEL_TAKER", "CANCEL_MAKER", "CANCEL_BOTH", "NONE"];
/** Index = packed status code. REJECTED is never stored: a rejected request creates no order. */
export const ORDER_STATUSES: readonly OrderStatus[] = ["NEW", "PARTIALLY_FILLED", "FILLED", "CANCELLED", "REJECTED", "EXPIRED"];

// Packed numeric codes (the indexes of the tables above).
export const BUY = 0;
export const SELL = 1;
export const LIMIT = 0;
export const MARKET = 1;
export const GTC = 0;
export const IOC = 1;
export const FOK = 2;
export const STP_CANCEL_TAKER = 0;
export const STP_CANCEL_MAKER = 1;
export const STP_CANCEL_BOTH = 2;
export const STP_NONE = 3;
export const NEW = 0;
export const PARTIALLY_FILLED = 1;
export const FILLED = 2;
export const CANCELLED = 3;
export const EXPIRED = 5;

// flags layout: side:1 | type:1 | tif:2 | postOnly:1 | stp:2 | status:3
const SIDE_SHIFT = 0;
const TYPE_SHIFT = 1;
const TIF_SHIFT = 2;
const POST_ONLY_SHIFT = 4;
const STP_SHIFT = 5;
const STATUS_SHIFT = 7;
const STATUS_MASK = 0b111 << STATUS_SHIFT;

export function packFlags(side: number, type: number, tif: number, postOnly: boolean, stp: number): number {
  return (
    (side << SIDE_SHIFT) |
    (type << TYPE_SHIFT) |
    (tif << TIF_SHIFT) |
    ((postOnly ? 1 : 0) << POST_ONLY_SHIFT) |
    (stp << STP_SHIFT) |
    (NEW << STATUS_SHIFT)
  );
}

/** Decoders of packed flags (also used on validated requests before an Order exists). */
export const sideCodeOf = (flags: number): number => (flags >> SIDE_SHIFT) & 1;
export const typeCodeOf = (flags: number): number => (flags >> TYPE_SHIFT) & 1;
export const tifCodeOf = (flags: number): number => (flags >> TIF_SHIFT) & 0b11;
export const stpCodeOf = (flags: number): number => (flags >> STP_SHIFT) & 0b11;
export const isPostOnly = (flags: number): boolean => ((flags >> POST_ONLY_SHIFT) & 1) === 1;

/** Read-only view of an order for code outside the engine. The object is live: it changes as the order trades. */
export interface OrderRef {
  readonly id: number;
  readonly account: { readonly id: string };
  readonly book: { readonly instrument: { readonly symbol: string } };
  readonly price: number;
  readonly quantity: number;
  readonly remaining: number;
  readonly clientOrderId: string | undefined;
  readonly side: Side;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  readonly postOnly: boolean;
  readonly selfTradePrevention: SelfTradePrevention;
  readonly status: OrderStatus;
  readonly filled: number;
  readonly isOpen: boolean;
}

export class Order implements OrderRef {
  /** Neighbours in the price level's FIFO; null at the ends and whenever the order is not resting. */
  prev: Order | null = null;
  next: Order | null = null;

  constructor(
    readonly id: number,
    readonly account: Account,
    readonly book: OrderBook,
    /** Packed side/type/tif/postOnly/stp/status, see packFlags. */
    public flags: number,
    /** Limit price in ticks; 0 for market orders. */
    public price: number,
    /** Total quantity in lots (changes only by amendment). */
    public quantity: number,
    /** Open quantity in lots; what was left unfilled once the order is closed. */
    public remaining: number,
    readonly clientOrderId: string | undefined,
  ) {}

  get sideCode(): number {
    return sideCodeOf(this.flags);
  }
  get typeCode(): number {
    return typeCodeOf(this.flags);
  }
  get tifCode(): number {
    return tifCodeOf(this.flags);
  }
  get stpCode(): number {
    return stpCodeOf(this.flags);
  }
  get statusCode(): number {
    return (this.flags & STATUS_MASK) >> STATUS_SHIFT;
  }
  set statusCode(status: number) {
    this.flags = (this.flags & ~STATUS_MASK) | (status << STATUS_SHIFT);
  }

  get side(): Side {
    return SIDES[this.sideCode]!;
  }
  get type(): OrderType {
    return ORDER_TYPES[this.typeCode]!;
  }
  get timeInForce(): TimeInForce {
    return TIMES_IN_FORCE[this.tifCode]!;
  }
  get postOnly(): boolean {
    return isPostOnly(this.flags);
  }
  get selfTradePrevention(): SelfTradePrevention {
    return SELF_TRADE_PREVENTIONS[this.stpCode]!;
  }
  get status(): OrderStatus {
    return ORDER_STATUSES[this.statusCode]!;
  }
  get filled(): number {
    return this.quantity - this.remaining;
  }
  /** The packed request flags without the status (what client-order-id idempotency compares). */
  get requestFlags(): number {
    return this.flags & ~STATUS_MASK;
  }
  /** NEW or PARTIALLY_FILLED. */
  get isOpen(): boolean {
    return this.statusCode <= PARTIALLY_FILLED;
  }
}
