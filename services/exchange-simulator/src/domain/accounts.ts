/**
 * Accounts and the ledger. Every account holds, per asset, an `available` and a `locked` balance in asset
 * units. Orders lock what they can spend, fills move locked funds to the counterparty, cancels release them.
 * Fees go to a fee ledger, so for every asset at every moment:
 *
 *     Σ accounts (available + locked) + feesCollected = supply = deposits − withdrawals
 *
 * `supply` is capped at 2^53 − 1 units per asset (a deposit beyond it is refused), which is what keeps every
 * balance, lock and fee a safe integer without bigint.
 */
export class Account {
  /** Spendable balance per asset index. */
  readonly available: Float64Array;
  /** Balance reserved by open orders per asset index. */
  readonly locked: Float64Array;
  /** Ids of open and recently closed orders by client order id (created on first use). */
  clientOrders: Map<string, number> | undefined = undefined;

  constructor(
    readonly id: string,
    readonly index: number,
    assetCount: number,
  ) {
    this.available = new Float64Array(assetCount);
    this.locked = new Float64Array(assetCount);
  }
}

/** The largest total supply of one asset, in units. */
export const SUPPLY_LIMIT = Number.MAX_SAFE_INTEGER;

export class Ledger {
  /** Fees collected per asset index. */
  readonly fees: Float64Array;
  /** Deposits − withdrawals per asset index. */
  readonly supply: Float64Array;
  private readonly byId = new Map<string, Account>();
  /** Accounts by `Account.index` (order records refer to their account by index). */
  readonly byIndex: Account[] = [];

  constructor(readonly assetCount: number) {
    this.fees = new Float64Array(assetCount);
    this.supply = new Float64Array(assetCount);
  }

  /** Opens an account; undefined if the id is taken. */
  open(id: string): Account | undefined {
    if (this.byId.has(id)) return undefined;
    const account = new Account(id, this.byIndex.length, this.assetCount);
    this.byId.set(id, account);
    this.byIndex.push(account);
    return account;
  }

  get(id: string): Account | undefined {
    return this.byId.get(id);
  }

  accounts(): IterableIterator<Account> {
    return this.byId.values();
  }

  /** Credits `units` of an asset; false (and nothing changes) if the asset's supply would exceed SUPPLY_LIMIT. */
  deposit(account: Account, asset: number, units: number): boolean {
    if (this.supply[asset]! + units > SUPPLY_LIMIT) return false;
    this.supply[asset]! += units;
    account.available[asset]! += units;
    return true;
  }

  /** Debits `units` of available balance; false (and nothing changes) if not enough is available. */
  withdraw(account: Account, asset: number, units: number): boolean {
    if (account.available[asset]! < units) return false;
    account.available[asset]! -= units;
    this.supply[asset]! -= units;
    return true;
  }

  /** Moves `units` from available to locked; false (and nothing changes) if not enough is available. */
  lock(account: Account, asset: number, units: number): boolean {
    if (account.available[asset]! < units) return false;
    account.available[asset]! -= units;
    account.locked[asset]! += units;
    return true;
  }

  /** Moves `units` from locked back to available. */
  release(account: Account, asset: number, units: number): void {
    account.locked[asset]! -= units;
    account.available[asset]! += units;
  }

  /**
   * Settles one fill. The buyer pays `quoteUnits` out of `buyerLockSpent` locked quote (a limit buy locked at
   * its own limit price, so a fill at a better price releases the difference) and receives base minus its fee;
   * the seller pays `baseUnits` from locked base and receives quote minus its fee. Fees are charged in the
   * asset each side receives, so no order ever needs to lock more than it spends.
   */
  settle(
    base: number,
    quote: number,
    buyer: Account,
    seller: Account,
    baseUnits: number,
    quoteUnits: number,
    buyerLockSpent: number,
    buyerFee: number,
    sellerFee: number,
  ): void {
    buyer.locked[quote]! -= buyerLockSpent;
    buyer.available[quote]! += buyerLockSpent - quoteUnits;
    buyer.available[base]! += baseUnits - buyerFee;
    seller.locked[base]! -= baseUnits;
    seller.available[quote]! += quoteUnits - sellerFee;
    this.fees[base]! += buyerFee;
    this.fees[quote]! += sellerFee;
  }

  /** Σ (available + locked) over all accounts for one asset (invariant checks, tests). */
  heldBy(asset: number): number {
    let sum = 0;
    for (const a of this.byId.values()) sum += a.available[asset]! + a.locked[asset]!;
    return sum;
  }
}

const PER_10K = 1 / 10_000;

/**
 * Fee on `amount` units at `bps` basis points, rounded down (the charge never exceeds the advertised rate).
 * Split so that no intermediate leaves the safe-integer range: amount = q·10⁴ + r.
 */
export function feeOf(amount: number, bps: number): number {
  if (bps === 0) return 0;
  // Not `amount % 10_000`: on doubles that is a call to fmod. And not `/ 10_000` either: a division takes
  // ~15 cycles, a multiplication by the (inexact) reciprocal ~4. Either way the floored quotient of a safe
  // integer is off by at most one, and q·10⁴ stays exact, so one correction step gives the exact split.
  let q = Math.floor(amount * PER_10K);
  let r = amount - q * 10_000;
  if (r < 0) {
    q--;
    r += 10_000;
  } else if (r >= 10_000) {
    q++;
    r -= 10_000;
  }
  // r·bps < 10⁸: the same floor-and-correct, on a small exact integer.
  const t = r * bps;
  let f = Math.floor(t * PER_10K);
  const rest = t - f * 10_000;
  if (rest < 0) f--;
  else if (rest >= 10_000) f++;
  return q * bps + f;
}

/**
 * `a × b × c` for non-negative safe integers, or −1 when the exact product exceeds 2^53 − 1. Float rounding
 * is monotonic, so a product that truly exceeds the bound is never computed as ≤ the bound.
 */
export function checkedProduct(a: number, b: number, c: number): number {
  const p = a * b * c;
  return p <= Number.MAX_SAFE_INTEGER ? p : -1;
}
