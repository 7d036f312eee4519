import { ConfigError, loadConfig } from "@tse/service-kit";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "./domain/index.js";
import { envSchema, exchangeConfigOf } from "./env.js";

const symbols = {
  assets: [
    { code: "USD", decimals: 2 },
    { code: "SOL", decimals: 4 },
  ],
  symbols: [{ symbol: "SOL-USD", base: "SOL", quote: "USD", tickSize: "0.1", lotSize: "0.1", minQuantity: "0.1", makerFeeBps: 0, takerFeeBps: 5 }],
};

describe("env", () => {
  it("defaults to local ports 8081/50061 and the default symbols", () => {
    const c = loadConfig(envSchema, {});
    expect([c.HTTP_PORT, c.GRPC_PORT]).toEqual([8081, 50061]);
    expect(exchangeConfigOf(c)).toBe(DEFAULT_CONFIG);
  });

  it("takes EXCHANGE_SYMBOLS as JSON", () => {
    expect(exchangeConfigOf(loadConfig(envSchema, { EXCHANGE_SYMBOLS: JSON.stringify(symbols) }))).toEqual(symbols);
  });

  it.each([
    ["not JSON", "{", /EXCHANGE_SYMBOLS.*expected JSON/],
    ["an unknown field", JSON.stringify({ ...symbols, venue: "x" }), /EXCHANGE_SYMBOLS.*venue/],
    ["a configuration the engine refuses", JSON.stringify({ ...symbols, symbols: [{ ...symbols.symbols[0], base: "BTC" }] }), /EXCHANGE_SYMBOLS.*BTC/],
  ])("refuses %s with one line naming the variable", (_name, value, message) => {
    expect(() => loadConfig(envSchema, { EXCHANGE_SYMBOLS: value })).toThrow(ConfigError);
    expect(() => loadConfig(envSchema, { EXCHANGE_SYMBOLS: value })).toThrow(message);
  });
});
