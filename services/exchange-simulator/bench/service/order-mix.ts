/**
 * The order mix both load generators send (wrk's orders.lua and grpc-load.ts), defined once here and handed
 * to the Lua script through environment variables, so HTTP and gRPC numbers describe the same workload.
 *
 * Order i (0, 1, 2, …) is a GTC limit order on one symbol:
 *  - side alternates BUY, SELL, BUY, …;
 *  - the account is accounts[i mod A] with A odd, so every account sends both sides and self-trade
 *    prevention only fires when an order meets the same account's order (about 1/A of crossings);
 *  - a level k in 0…levels-1 from a multiplicative hash of i: a buy is priced at mid + (1 − k) ticks, a sell
 *    at mid − (1 − k) ticks. k = 0 and k = 1 can cross the other side's k = 0 and k = 1 orders; the rest rest,
 *    so the book grows while a steady share of orders trades;
 *  - 1…5 lots, from the same hash.
 * The price never drifts, so funds locked per account are bounded by orders × (mid + 1 tick) × 5 lots.
 */

export interface OrderMix {
  readonly symbol: string;
  /** Mid price in ticks (an integer, so every price is on the tick). */
  readonly midTicks: number;
  /** Decimals of the tick size ("0.01" → 2) and of the lot size ("0.001" → 3). */
  readonly priceDecimals: number;
  readonly lotDecimals: number;
  /** Price levels per side. */
  readonly levels: number;
  /** Odd, so each account alternates sides. */
  readonly accounts: readonly string[];
}

/** BTC-USD of the default configuration: tick 0.01 USD, lot 0.0001 BTC (orders of 0.001 … 0.005 BTC). */
export const DEFAULT_MIX: OrderMix = {
  symbol: "BTC-USD",
  midTicks: 3_000_000, // 30,000.00 USD
  priceDecimals: 2,
  lotDecimals: 3,
  levels: 6,
  accounts: Array.from({ length: 7 }, (_, i) => `bench-trader-${i + 1}`),
};

export interface MixOrder {
  accountId: string;
  symbol: string;
  side: "BUY" | "SELL";
  type: "LIMIT";
  quantity: string;
  price: string;
}

/**
 * 16 bits of a multiplicative hash of i. i is folded to 20 bits first so the product stays below 2^53 and is
 * exact in doubles: Lua (doubles only) computes the very same value. The pattern repeats every 2^20 orders.
 */
function hash(i: number): number {
  return Math.floor((((i % 1048576) * 2654435761) % 4294967296) / 65536);
}

const decimal = (units: number, decimals: number) => {
  const s = String(units).padStart(decimals + 1, "0");
  return `${s.slice(0, s.length - decimals)}.${s.slice(s.length - decimals)}`;
};

export function orderAt(mix: OrderMix, i: number): MixOrder {
  const h = hash(i);
  const k = h % mix.levels;
  const lots = 1 + (Math.floor(h / mix.levels) % 5);
  const buy = i % 2 === 0;
  const ticks = buy ? mix.midTicks + 1 - k : mix.midTicks - 1 + k;
  return {
    accountId: mix.accounts[i % mix.accounts.length]!,
    symbol: mix.symbol,
    side: buy ? "BUY" : "SELL",
    type: "LIMIT",
    quantity: decimal(lots, mix.lotDecimals),
    price: decimal(ticks, mix.priceDecimals),
  };
}

/** The mix as environment variables for orders.lua (which reimplements orderAt). */
export function mixEnv(mix: OrderMix): Record<string, string> {
  return {
    MIX_SYMBOL: mix.symbol,
    MIX_MID_TICKS: String(mix.midTicks),
    MIX_PRICE_DECIMALS: String(mix.priceDecimals),
    MIX_LOT_DECIMALS: String(mix.lotDecimals),
    MIX_LEVELS: String(mix.levels),
    MIX_ACCOUNTS: mix.accounts.join(","),
  };
}
