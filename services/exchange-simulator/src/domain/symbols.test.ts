import { describe, expect, it } from "vitest";
import { ConfigError, compileConfig, DEFAULT_CONFIG, type ExchangeConfig, type SymbolConfig } from "./symbols.js";

const usdBtc = [
  { code: "USD", decimals: 6 },
  { code: "BTC", decimals: 8 },
];
const btcUsd: SymbolConfig = {
  symbol: "BTC-USD",
  base: "BTC",
  quote: "USD",
  tickSize: "0.01",
  lotSize: "0.0001",
  minQuantity: "0.0001",
  makerFeeBps: 10,
  takerFeeBps: 20,
};
const with1 = (s: Partial<SymbolConfig>, assets = usdBtc): ExchangeConfig => ({ assets, symbols: [{ ...btcUsd, ...s }] });

describe("compileConfig", () => {
  it("compiles the default symbols into integer factors", () => {
    const c = compileConfig(DEFAULT_CONFIG);
    expect(c.instruments.map((i) => i.symbol)).toEqual(["BTC-USD", "ETH-USD", "ETH-BTC"]);
    const btc = c.instrument("BTC-USD")!;
    expect(btc).toMatchObject({ priceDecimals: 2, tickUnits: 1, quantityDecimals: 4, lotUnits: 1, minLots: 1, baseUnitsPerLot: 10_000, quoteUnitsPerTickLot: 1 });
    expect(c.instrument("ETH-USD")).toMatchObject({ baseUnitsPerLot: 100_000, quoteUnitsPerTickLot: 10 });
    expect(c.instrument("ETH-BTC")).toMatchObject({ priceDecimals: 5, baseUnitsPerLot: 100_000, quoteUnitsPerTickLot: 1 });
    expect(c.asset("BTC")).toEqual({ index: 1, code: "BTC", decimals: 8 });
    expect(c.instrument("NOPE")).toBeUndefined();
  });

  it("handles ticks and lots that are not powers of ten", () => {
    const i = compileConfig(with1({ tickSize: "0.05", lotSize: "0.0025", minQuantity: "0.01" })).instrument("BTC-USD")!;
    expect(i).toMatchObject({ priceDecimals: 2, tickUnits: 5, quantityDecimals: 4, lotUnits: 25, minLots: 4, baseUnitsPerLot: 250_000 });
    expect(i.quoteUnitsPerTickLot).toBe(125); // 0.05 × 0.0025 = 0.000125 USD
  });

  it.each([
    ["an unknown base asset", with1({ base: "XRP" }), /base asset "XRP"/],
    ["a lot finer than the base asset", with1({ lotSize: "0.000000001", minQuantity: "0.000000001" }), /finer than BTC's 8 decimals/],
    ["tick × lot finer than the quote asset", with1({ tickSize: "0.001" }), /finer than USD's 6 decimals/],
    ["a minimum that is not a lot multiple", with1({ minQuantity: "0.00015" }), /not a multiple of lotSize/],
    ["a negative fee", with1({ makerFeeBps: -1 }), /makerFeeBps/],
    ["a fractional fee", with1({ takerFeeBps: 1.5 }), /takerFeeBps/],
    ["a zero tick", with1({ tickSize: "0" }), /tickSize/],
    ["a bad symbol name", with1({ symbol: "btc usd" }), /name must be/],
    ["same base and quote", with1({ quote: "BTC" }), /must differ/],
    ["no symbols", { assets: usdBtc, symbols: [] }, /no symbols/],
    ["a duplicate symbol", { assets: usdBtc, symbols: [btcUsd, btcUsd] }, /listed twice/],
    ["a duplicate asset", { assets: [...usdBtc, usdBtc[0]!], symbols: [btcUsd] }, /listed twice/],
    ["a bad asset code", { assets: [{ code: "usd", decimals: 2 }], symbols: [btcUsd] }, /code must be/],
    ["too many decimals", { assets: [{ code: "USD", decimals: 19 }], symbols: [btcUsd] }, /decimals must be/],
  ])("refuses %s with a ConfigError naming it", (_what, config, message) => {
    expect(() => compileConfig(config as ExchangeConfig)).toThrow(ConfigError);
    expect(() => compileConfig(config as ExchangeConfig)).toThrow(message);
  });
});
