/**
 * Orders: the enumerations, the packed flags every order carries, and `OrderRef`, the read-only view of an
 * order that the engine hands out. The orders themselves are not objects: they are fixed-size records in
 * the OrderStore (order-store.ts), addressed by slot. An `OrderRef` is a small handle (order-ref.ts) whose
 * getters read the record, so it stays live — it changes as the order trades — without the engine keeping
 * one long-lived object per order (which cost a fifth to a quarter of the engine's time in garbage collection).
 */
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
/*
 * Local copies. V8 reads an imported binding — and, inside its own module, an exported one — through the
 * module's cell on every use and re-checks its type (about fifteen instructions for a constant), while a
 * module's own unexported `const`s are folded into the optimised code. The order path uses these codes
 * dozens of times per operation, so the hot modules destructure local copies from the module namespace
 * (`const { BUY, sideCodeOf } = orderModule`), and this module's functions use the unexported twins below.
 */
const NEW_CODE = 0;
const PARTIALLY_FILLED_CODE = 1;
export const NEW = NEW_CODE;
export const PARTIALLY_FILLED = PARTIALLY_FILLED_CODE;
export const FILLED = 2;
export const CANCELLED = 3;
export const EXPIRED = 5;

// flags layout: side:1 | type:1 | tif:2 | postOnly:1 | stp:2 | status:3 (10 bits; snapshots store exactly these)
const SIDE_SHIFT = 0;
const TYPE_SHIFT = 1;
const TIF_SHIFT = 2;
const POST_ONLY_SHIFT = 4;
const STP_SHIFT = 5;
const STATUS_SHIFT = 7;
const STATUS_BITS = 0b111 << STATUS_SHIFT;
const ALL_BITS = 0x3ff;
export const STATUS_MASK = STATUS_BITS;
/** All bits of the packed flags. */
export const FLAGS_MASK = ALL_BITS;

export function packFlags(side: number, type: number, tif: number, postOnly: boolean, stp: number): number {
  return (
    (side << SIDE_SHIFT) |
    (type << TYPE_SHIFT) |
    (tif << TIF_SHIFT) |
    ((postOnly ? 1 : 0) << POST_ONLY_SHIFT) |
    (stp << STP_SHIFT) |
    (NEW_CODE << STATUS_SHIFT)
  );
}

/** Decoders of packed flags (also used on validated requests before an order exists). */
export const sideCodeOf = (flags: number): number => (flags >> SIDE_SHIFT) & 1;
export const typeCodeOf = (flags: number): number => (flags >> TYPE_SHIFT) & 1;
export const tifCodeOf = (flags: number): number => (flags >> TIF_SHIFT) & 0b11;
export const stpCodeOf = (flags: number): number => (flags >> STP_SHIFT) & 0b11;
export const isPostOnly = (flags: number): boolean => ((flags >> POST_ONLY_SHIFT) & 1) === 1;
export const statusCodeOf = (flags: number): number => (flags & STATUS_BITS) >> STATUS_SHIFT;
export const withStatus = (flags: number, status: number): number => (flags & ~STATUS_BITS) | (status << STATUS_SHIFT);
/** The packed request flags without the status (what client-order-id idempotency compares). */
export const requestFlagsOf = (flags: number): number => flags & ALL_BITS & ~STATUS_BITS;
/** NEW or PARTIALLY_FILLED. */
export const isOpenFlags = (flags: number): boolean => (flags & STATUS_BITS) >> STATUS_SHIFT <= PARTIALLY_FILLED_CODE;

/**
 * Read-only view of an order for code outside the engine. It is live: it changes as the order trades, for
 * as long as the engine holds the order (while it is open, and after it closes until `retainClosedOrders`
 * later orders have closed). Reading a changing field of an order the engine has forgotten throws; `id`,
 * `account`, `book` and `clientOrderId` stay readable. Refs are handles (order-ref.ts): two refs of one
 * order read the same fields but are not the same object — compare ids, not references.
 */
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
  /** Engine clock (ms since the epoch) of the command that created the order. */
  readonly createdAt: number;
  /** Engine clock (ms since the epoch) of the order's last change: creation, fill, amendment, cancel or expiry. */
  readonly updatedAt: number;
}
