/**
 * Assets and symbols: the configuration an exchange instance trades, validated once and compiled into the
 * integer factors the engine works with.
 *
 * Units inside the engine:
 *   price     — ticks (integer multiples of the symbol's tickSize)
 *   quantity  — lots  (integer multiples of the symbol's lotSize), always in the base asset
 *   balances  — asset units (10^-decimals of the asset: satoshis for BTC at 8 decimals)
 * A fill of `q` lots at `p` ticks moves `q × baseUnitsPerLot` base units against
 * `p × q × quoteUnitsPerTickLot` quote units, both exact integers by construction (checked here).
 */
import { stepScale } from "./decimal.js";

export interface AssetConfig {
  /** Asset code, e.g. "BTC": upper-case letters and digits. */
  readonly code: string;
  /** Balances are kept in units of 10^-decimals of the asset. */
  readonly decimals: number;
}

export interface SymbolConfig {
  /** Symbol name, conventionally BASE-QUOTE ("BTC-USD"). */
  readonly symbol: string;
  readonly base: string;
  readonly quote: string;
  /** Price increment as a decimal string ("0.01"). */
  readonly tickSize: string;
  /** Quantity increment in the base asset ("0.0001"). */
  readonly lotSize: string;
  /** Smallest order quantity; a multiple of lotSize. */
  readonly minQuantity: string;
  /** Fee of the resting side of a trade, in basis points (0–10,000). Rebates (negative fees) are not supported. */
  readonly makerFeeBps: number;
  /** Fee of the aggressing side of a trade, in basis points (0–10,000). */
  readonly takerFeeBps: number;
}

export interface ExchangeConfig {
  readonly assets: readonly AssetConfig[];
  readonly symbols: readonly SymbolConfig[];
}

/** The symbols every instance trades unless configured otherwise. */
export const DEFAULT_CONFIG: ExchangeConfig = Object.freeze({
  assets: Object.freeze([
    Object.freeze({ code: "USD", decimals: 6 }),
    Object.freeze({ code: "BTC", decimals: 8 }),
    Object.freeze({ code: "ETH", decimals: 8 }),
  ]),
  symbols: Object.freeze([
    Object.freeze({
      symbol: "BTC-USD",
      base: "BTC",
      quote: "USD",
      tickSize: "0.01",
      lotSize: "0.0001",
      minQuantity: "0.0001",
      makerFeeBps: 10,
      takerFeeBps: 20,
    }),
    Object.freeze({
      symbol: "ETH-USD",
      base: "ETH",
      quote: "USD",
      tickSize: "0.01",
      lotSize: "0.001",
      minQuantity: "0.001",
      makerFeeBps: 10,
      takerFeeBps: 20,
    }),
    Object.freeze({
      symbol: "ETH-BTC",
      base: "ETH",
      quote: "BTC",
      tickSize: "0.00001",
      lotSize: "0.001",
      minQuantity: "0.001",
      makerFeeBps: 10,
      takerFeeBps: 20,
    }),
  ]),
});

/** A configuration mistake: thrown at engine construction, never during trading. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

export interface Asset {
  readonly index: number;
  readonly code: string;
  readonly decimals: number;
}

/** A symbol compiled into integer factors. */
export interface Instrument {
  readonly index: number;
  readonly symbol: string;
  readonly base: Asset;
  readonly quote: Asset;
  /** Decimal places of a price string and the tick in units of 10^-priceDecimals ("0.05" → 2 and 5). */
  readonly priceDecimals: number;
  readonly tickUnits: number;
  readonly quantityDecimals: number;
  readonly lotUnits: number;
  readonly minLots: number;
  readonly baseUnitsPerLot: number;
  readonly quoteUnitsPerTickLot: number;
  readonly makerFeeBps: number;
  readonly takerFeeBps: number;
  /** Float sizes for metrics only (gauges and counters are floats by nature). */
  readonly tickSize: number;
  readonly lotSize: number;
  readonly config: SymbolConfig;
}

export interface CompiledConfig {
  readonly assets: readonly Asset[];
  readonly instruments: readonly Instrument[];
  asset(code: string): Asset | undefined;
  instrument(symbol: string): Instrument | undefined;
}

const ASSET_CODE = /^[A-Z][A-Z0-9]{0,15}$/;
const SYMBOL_NAME = /^[A-Z0-9][A-Z0-9._-]{0,31}$/;

function fail(message: string): never {
  throw new ConfigError(message);
}

function checkBps(symbol: string, field: string, bps: number): number {
  if (!Number.isInteger(bps) || bps < 0 || bps > 10_000) {
    fail(`symbol ${symbol}: ${field} must be an integer number of basis points in 0..10000 (got ${bps})`);
  }
  return bps;
}

function compileAsset(a: AssetConfig, index: number): Asset {
  if (typeof a?.code !== "string" || !ASSET_CODE.test(a.code)) {
    fail(`asset #${index}: code must be 1–16 upper-case letters/digits starting with a letter (got ${JSON.stringify(a?.code)})`);
  }
  if (!Number.isInteger(a.decimals) || a.decimals < 0 || a.decimals > 18) {
    fail(`asset ${a.code}: decimals must be an integer in 0..18 (got ${a.decimals})`);
  }
  return Object.freeze({ index, code: a.code, decimals: a.decimals });
}

function compileInstrument(s: SymbolConfig, index: number, assetOf: (code: string) => Asset | undefined): Instrument {
  if (typeof s?.symbol !== "string" || !SYMBOL_NAME.test(s.symbol)) {
    fail(`symbol #${index}: name must be 1–32 upper-case letters, digits, '.', '_' or '-' (got ${JSON.stringify(s?.symbol)})`);
  }
  const name = s.symbol;
  const base = assetOf(s.base) ?? fail(`symbol ${name}: base asset ${JSON.stringify(s.base)} is not configured`);
  const quote = assetOf(s.quote) ?? fail(`symbol ${name}: quote asset ${JSON.stringify(s.quote)} is not configured`);
  if (base === quote) fail(`symbol ${name}: base and quote must differ`);
  const tick = stepScale(s.tickSize) ?? fail(`symbol ${name}: tickSize must be a positive decimal string (got ${JSON.stringify(s.tickSize)})`);
  const lot = stepScale(s.lotSize) ?? fail(`symbol ${name}: lotSize must be a positive decimal string (got ${JSON.stringify(s.lotSize)})`);
  const min = stepScale(s.minQuantity) ?? fail(`symbol ${name}: minQuantity must be a positive decimal string (got ${JSON.stringify(s.minQuantity)})`);

  if (lot.decimals > base.decimals) {
    fail(`symbol ${name}: lotSize ${s.lotSize} is finer than ${base.code}'s ${base.decimals} decimals`);
  }
  const baseUnitsPerLot = lot.units * 10 ** (base.decimals - lot.decimals);
  const notionalDecimals = tick.decimals + lot.decimals;
  if (notionalDecimals > quote.decimals) {
    fail(
      `symbol ${name}: tickSize × lotSize (${s.tickSize} × ${s.lotSize}) is finer than ${quote.code}'s ${quote.decimals} decimals; ` +
        `use a coarser tick or lot, or more ${quote.code} decimals`,
    );
  }
  const quoteUnitsPerTickLot = tick.units * lot.units * 10 ** (quote.decimals - notionalDecimals);
  // min quantity must be a whole number of lots: compare both at the finer of the two scales.
  const scale = Math.max(min.decimals, lot.decimals);
  const minAtScale = min.units * 10 ** (scale - min.decimals);
  const lotAtScale = lot.units * 10 ** (scale - lot.decimals);
  if (minAtScale % lotAtScale !== 0) fail(`symbol ${name}: minQuantity ${s.minQuantity} is not a multiple of lotSize ${s.lotSize}`);
  for (const [what, v] of [["baseUnitsPerLot", baseUnitsPerLot], ["quoteUnitsPerTickLot", quoteUnitsPerTickLot]] as const) {
    if (!Number.isSafeInteger(v)) fail(`symbol ${name}: ${what} (${v}) is not a safe integer; the steps are too large`);
  }

  return Object.freeze({
    index,
    symbol: name,
    base,
    quote,
    priceDecimals: tick.decimals,
    tickUnits: tick.units,
    quantityDecimals: lot.decimals,
    lotUnits: lot.units,
    minLots: minAtScale / lotAtScale,
    baseUnitsPerLot,
    quoteUnitsPerTickLot,
    makerFeeBps: checkBps(name, "makerFeeBps", s.makerFeeBps),
    takerFeeBps: checkBps(name, "takerFeeBps", s.takerFeeBps),
    tickSize: Number(s.tickSize),
    lotSize: Number(s.lotSize),
    config: Object.freeze({ ...s }),
  });
}

/** Validates a configuration and derives the integer factors. Throws ConfigError naming the first problem. */
export function compileConfig(config: ExchangeConfig): CompiledConfig {
  if (!config || !Array.isArray(config.assets) || !Array.isArray(config.symbols)) {
    fail("configuration needs `assets` and `symbols` arrays");
  }
  if (config.symbols.length === 0) fail("configuration lists no symbols");
  const assets = config.assets.map(compileAsset);
  const byCode = new Map<string, Asset>();
  for (const a of assets) {
    if (byCode.has(a.code)) fail(`asset ${a.code} is listed twice`);
    byCode.set(a.code, a);
  }
  const instruments = config.symbols.map((s, i) => compileInstrument(s, i, (code) => byCode.get(code)));
  const bySymbol = new Map<string, Instrument>();
  for (const inst of instruments) {
    if (bySymbol.has(inst.symbol)) fail(`symbol ${inst.symbol} is listed twice`);
    bySymbol.set(inst.symbol, inst);
  }
  return Object.freeze({
    assets: Object.freeze(assets),
    instruments: Object.freeze(instruments),
    asset: (code: string) => byCode.get(code),
    instrument: (symbol: string) => bySymbol.get(symbol),
  });
}
