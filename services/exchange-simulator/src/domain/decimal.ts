/**
 * Decimal strings ⇄ exact integers. Prices, quantities and amounts cross the API boundary as decimal strings
 * ("30000.50") and live inside the engine as integers of a fixed scale (ticks, lots, asset units), so no
 * float ever takes part in matching or settlement.
 *
 * Integers are JS numbers, not bigint: every value the engine holds is a safe integer (≤ 2^53 − 1) because
 * the ledger caps each asset's total supply below that bound (see accounts.ts), and number arithmetic is an
 * order of magnitude cheaper than bigint on the matching path (bigint allocates on every operation).
 */

/** Why a decimal string was refused; callers turn this into a rejection naming the field. */
export type DecimalProblem = "EMPTY" | "MALFORMED" | "NEGATIVE" | "TOO_MANY_DECIMALS" | "TOO_LARGE";

/** A parsed integer, or the problem that prevented parsing. */
export type ParsedUnits = number | DecimalProblem;

/**
 * String.prototype.charCodeAt, called as `charCodeAt.call(text, i)` rather than `text.charCodeAt(i)`: once any
 * class in the process extends String (a library's), V8 keeps String.prototype in dictionary mode and stops
 * inlining `text.charCodeAt`, which then costs ~4× as much; the function itself, called directly, is inlined.
 */
const charCodeAt = String.prototype.charCodeAt;

const CHAR_0 = 48;
const CHAR_9 = 57;
const CHAR_DOT = 46;
const CHAR_MINUS = 45;

/**
 * Parses a plain decimal string (`digits[.digits]`, no sign, exponent or spaces) into an integer scaled by
 * 10^`decimals`. Trailing zeros beyond the scale are accepted ("1.50" at scale 1 is 15); any other extra
 * digit is TOO_MANY_DECIMALS. Values above 2^53 − 1 are TOO_LARGE.
 */
export function parseScaled(text: string, decimals: number): ParsedUnits {
  if (typeof text !== "string" || text.length === 0) return "EMPTY";
  if (charCodeAt.call(text, 0) === CHAR_MINUS) return "NEGATIVE";
  let value = 0;
  let fractionDigits = -1; // −1 while still in the integer part
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = charCodeAt.call(text, i);
    if (c === CHAR_DOT) {
      if (fractionDigits >= 0 || digits === 0) return "MALFORMED";
      fractionDigits = 0;
      continue;
    }
    if (c < CHAR_0 || c > CHAR_9) return "MALFORMED";
    digits++;
    if (fractionDigits >= 0) {
      fractionDigits++;
      if (fractionDigits > decimals) {
        if (c !== CHAR_0) return "TOO_MANY_DECIMALS";
        continue;
      }
    }
    value = value * 10 + (c - CHAR_0);
    if (value > Number.MAX_SAFE_INTEGER) return "TOO_LARGE";
  }
  if (fractionDigits === 0) return "MALFORMED"; // "5."
  const scaleLeft = decimals - Math.max(fractionDigits, 0);
  for (let i = 0; i < scaleLeft; i++) {
    value *= 10;
    if (value > Number.MAX_SAFE_INTEGER) return "TOO_LARGE";
  }
  return value;
}

/** Formats an integer scaled by 10^`decimals` as a decimal string with exactly `decimals` fraction digits. */
export function formatScaled(units: number, decimals: number): string {
  const negative = units < 0;
  const digits = String(negative ? -units : units);
  if (decimals === 0) return negative ? `-${digits}` : digits;
  const padded = digits.length > decimals ? digits : "0".repeat(decimals - digits.length + 1) + digits;
  const cut = padded.length - decimals;
  const text = `${padded.slice(0, cut)}.${padded.slice(cut)}`;
  return negative ? `-${text}` : text;
}

/**
 * The scale of a configured step such as a tick size: "0.01" → { decimals: 2, units: 1 }, "0.50" →
 * { decimals: 1, units: 5 }, "5" → { decimals: 0, units: 5 }. Undefined for anything that is not a positive
 * plain decimal.
 */
export function stepScale(step: string): { decimals: number; units: number } | undefined {
  if (typeof step !== "string" || !/^\d+(\.\d+)?$/.test(step)) return undefined;
  const trimmed = step.includes(".") ? step.replace(/0+$/, "").replace(/\.$/, "") : step;
  const dot = trimmed.indexOf(".");
  const decimals = dot < 0 ? 0 : trimmed.length - dot - 1;
  const units = parseScaled(trimmed, decimals);
  if (typeof units !== "number" || units <= 0) return undefined;
  return { decimals, units };
}

/** Human wording for a problem, used in rejection messages. */
export function describeProblem(problem: DecimalProblem, decimals: number): string {
  switch (problem) {
    case "EMPTY":
      return "is missing";
    case "MALFORMED":
      return "is not a plain decimal number (digits with an optional '.', no sign or exponent)";
    case "NEGATIVE":
      return "must not be negative";
    case "TOO_MANY_DECIMALS":
      return `has more than ${decimals} decimal places`;
    case "TOO_LARGE":
      return "is too large";
  }
}
