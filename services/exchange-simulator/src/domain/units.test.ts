import { describe, expect, it } from "vitest";
import { compileConfig, DEFAULT_CONFIG } from "./symbols.js";
import { formatAmount, formatPrice, formatQuantity, parseAmount, parsePrice, parseQuantity } from "./units.js";

const config = compileConfig(DEFAULT_CONFIG);
const btcUsd = config.instrument("BTC-USD")!;
const coarse = compileConfig({
  assets: DEFAULT_CONFIG.assets,
  symbols: [{ ...DEFAULT_CONFIG.symbols[0]!, tickSize: "0.5", lotSize: "0.01", minQuantity: "0.01" }],
}).instrument("BTC-USD")!;

describe("prices", () => {
  it('parses "30000.50" at a 0.01 tick to 3,000,050 ticks and formats it back', () => {
    expect(parsePrice(btcUsd, "30000.50")).toBe(3_000_050);
    expect(formatPrice(btcUsd, 3_000_050)).toBe("30000.50");
  });

  it("names the field and the rule when a price is off-tick, too precise, zero or malformed", () => {
    expect(parsePrice(btcUsd, "30000.505")).toMatchObject({ ok: false, reason: "INVALID_PRICE", field: "price", message: expect.stringMatching(/more than 2 decimal places/) });
    expect(parsePrice(coarse, "30000.3")).toMatchObject({ reason: "INVALID_PRICE", field: "price", message: expect.stringMatching(/not a multiple of the tick size 0.5/) });
    expect(parsePrice(btcUsd, "0.00")).toMatchObject({ reason: "INVALID_PRICE", message: expect.stringMatching(/greater than zero/) });
    expect(parsePrice(btcUsd, "abc")).toMatchObject({ reason: "INVALID_PRICE" });
    expect(parsePrice(btcUsd, 30000)).toMatchObject({ reason: "INVALID_PRICE" });
    expect(parsePrice(btcUsd, "1", "newPrice")).toBe(100);
    expect(parsePrice(btcUsd, "x", "newPrice")).toMatchObject({ field: "newPrice" });
    expect(parsePrice(coarse, "30000.5")).toBe(60_001);
    expect(formatPrice(coarse, 60_001)).toBe("30000.5");
  });
});

describe("quantities", () => {
  it("parses lots and rejects what is not a lot multiple", () => {
    expect(parseQuantity(btcUsd, "0.5")).toBe(5_000);
    expect(formatQuantity(btcUsd, 5_000)).toBe("0.5000");
    expect(parseQuantity(btcUsd, "0.00005")).toMatchObject({ reason: "INVALID_QUANTITY", field: "quantity" });
    expect(parseQuantity(coarse, "0.015")).toMatchObject({ reason: "INVALID_QUANTITY" });
    expect(parseQuantity(btcUsd, "-1")).toMatchObject({ reason: "INVALID_QUANTITY", message: expect.stringMatching(/negative/) });
  });
});

describe("amounts", () => {
  it("parses at the asset's decimals", () => {
    const usd = config.asset("USD")!;
    expect(parseAmount(usd, "1000.25")).toBe(1_000_250_000);
    expect(formatAmount(usd, 1_000_250_000)).toBe("1000.250000");
    expect(parseAmount(usd, "0.0000001")).toMatchObject({ reason: "INVALID_AMOUNT", field: "amount" });
    expect(parseAmount(usd, "0")).toMatchObject({ reason: "INVALID_AMOUNT" });
  });
});
