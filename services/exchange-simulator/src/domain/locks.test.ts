import { describe, expect, it } from "vitest";
import { lockAmount, lockAsset } from "./locks.js";
import { BUY, SELL } from "./order.js";
import { compileConfig, DEFAULT_CONFIG } from "./symbols.js";

const ethUsd = compileConfig(DEFAULT_CONFIG).instrument("ETH-USD")!; // 0.01 USD ticks, 0.001 ETH lots

describe("locks", () => {
  it("a buy locks its notional in the quote asset at its own limit", () => {
    expect(lockAsset(ethUsd, BUY)).toBe(ethUsd.quote.index);
    expect(lockAmount(ethUsd, BUY, 200_000, 1_000)).toBe(2_000 * 1_000_000); // 1 ETH at 2,000.00 USD
  });

  it("a sell locks its quantity in the base asset", () => {
    expect(lockAsset(ethUsd, SELL)).toBe(ethUsd.base.index);
    expect(lockAmount(ethUsd, SELL, 200_000, 1_000)).toBe(100_000_000); // 1 ETH at 8 decimals
  });

  it("reports amounts beyond exact integers as −1", () => {
    expect(lockAmount(ethUsd, BUY, 2 ** 40, 2 ** 20)).toBe(-1);
  });
});
