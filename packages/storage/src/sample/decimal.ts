/**
 * Exact decimal strings for the sample's in-memory side, with PostgreSQL NUMERIC's addition rule (the result
 * has the larger scale of the two operands), so both implementations print identical amounts.
 */

const DECIMAL = /^(0|[1-9]\d*)(?:\.(\d+))?$/;

/** A non-negative decimal without sign, exponent or superfluous leading zeros, e.g. "0.1", "1500.25". */
export function isDecimal(s: string): boolean {
  return typeof s === "string" && DECIMAL.test(s);
}

function parse(s: string): { units: bigint; scale: number } {
  const m = DECIMAL.exec(s);
  if (!m) throw new RangeError(`${JSON.stringify(s)} is not a decimal`);
  const fraction = m[2] ?? "";
  return { units: BigInt(m[1]! + fraction), scale: fraction.length };
}

export function addDecimals(a: string, b: string): string {
  const x = parse(a);
  const y = parse(b);
  const scale = Math.max(x.scale, y.scale);
  const sum = x.units * 10n ** BigInt(scale - x.scale) + y.units * 10n ** BigInt(scale - y.scale);
  if (scale === 0) return sum.toString();
  const digits = sum.toString().padStart(scale + 1, "0");
  return `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}
