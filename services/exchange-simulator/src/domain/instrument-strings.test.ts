import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InstrumentStrings } from "./instrument-strings.js";
import { compileConfig, DEFAULT_CONFIG } from "./symbols.js";
import { formatAmount, formatPrice, formatQuantity, parsePrice, parseQuantity } from "./units.js";

const config = compileConfig({
  ...DEFAULT_CONFIG,
  symbols: [...DEFAULT_CONFIG.symbols, { symbol: "ODD", base: "ETH", quote: "USD", tickSize: "0.05", lotSize: "5", minQuantity: "5", makerFeeBps: 0, takerFeeBps: 0 }],
});
const instruments = fc.constantFrom(...config.instruments);

/** Decimal-looking text: plain decimals of every length and scale, and near misses. */
const text = fc.oneof(
  fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.nat({ max: 12 })).map(([v, scale]) => {
    const s = v.toString().padStart(scale + 1, "0");
    return scale === 0 ? s : `${s.slice(0, s.length - scale)}.${s.slice(s.length - scale)}`;
  }),
  fc.constantFrom("", "0", "0.00", "-1", "1.", ".5", "1e3", "01.10", "30000.005", "30000.050", " 1", "9007199254740993"),
  fc.stringMatching(/^[0-9.]{1,12}$/),
);
const units = fc.oneof(fc.nat({ max: 5000 }), fc.maxSafeInteger().map((n) => Math.floor(n / 1000)));

describe("InstrumentStrings", () => {
  it("parses what parsePrice / parseQuantity accept into the same ticks and lots, and refuses the rest with −1", () => {
    fc.assert(
      fc.property(instruments, text, (inst, t) => {
        const s = new InstrumentStrings(inst);
        const price = parsePrice(inst, t);
        const quantity = parseQuantity(inst, t);
        expect(s.priceTicks(t)).toBe(typeof price === "number" ? price : -1);
        expect(s.quantityLots(t)).toBe(typeof quantity === "number" ? quantity : -1);
      }),
      { numRuns: 5_000 },
    );
  });

  it("formats as units.ts does, from its caches too (each value formatted twice)", () => {
    fc.assert(
      fc.property(instruments, fc.array(units, { minLength: 1, maxLength: 20 }), (inst, values) => {
        const s = new InstrumentStrings(inst);
        for (const v of [...values, ...values]) {
          expect(s.price(v)).toBe(formatPrice(inst, v));
          expect(s.quantity(v)).toBe(formatQuantity(inst, v));
          expect(s.fee(inst.base, v)).toBe(formatAmount(inst.base, v));
          expect(s.fee(inst.quote, v)).toBe(formatAmount(inst.quote, v));
        }
      }),
    );
  });

  it("starts its price cache over when it is full, still answering right", () => {
    const inst = config.instrument("BTC-USD")!;
    const s = new InstrumentStrings(inst);
    for (let ticks = 1; ticks < 10_000; ticks += 1) expect(s.price(ticks)).toBe(formatPrice(inst, ticks));
    expect(s.price(1)).toBe("0.01");
  });
});
