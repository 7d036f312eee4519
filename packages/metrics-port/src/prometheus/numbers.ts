/**
 * Number rendering for both exposition formats.
 *
 * Sample values: JavaScript's shortest round-trip form already matches both grammars (integers without a
 * decimal point, other values with one or with an exponent, e.g. `1.5e-7`), so only the non-finite values need
 * spelling out. prom-client writes NaN as `Nan`; the formats say `NaN`.
 *
 * `le` / `quantile` label values are label values, so their exact spelling is part of the series identity.
 * Text 0.0.4 keeps prom-client's spelling (`0.005`, `1`, `+Inf`) so dashboards written against prom-client keep
 * matching. OpenMetrics 1.0 asks for "canonical numbers": Go's `%g` with `.0` appended when there is neither a
 * decimal point nor an exponent (`1.0`, `0.005`, `100000.0`, `1e+06`, `1e-05`). Prometheus 3 normalises both
 * spellings to the canonical one on ingestion; Prometheus 2 stores them as given (as with every client library).
 */

export function formatValue(value: number): string {
  if (Number.isFinite(value)) return String(value);
  if (Number.isNaN(value)) return "NaN";
  return value > 0 ? "+Inf" : "-Inf";
}

/** Go's `strconv.FormatFloat(v, 'g', -1, 64)` followed by OpenMetrics' ".0 if it looks like an integer". */
export function canonicalNumber(value: number): string {
  if (!Number.isFinite(value)) return formatValue(value);
  if (value === 0) return Object.is(value, -0) ? "-0.0" : "0.0";
  // toExponential() without an argument gives the shortest round-trip digits, like Go's precision -1.
  const [mantissa = "", exponentText = "0"] = value.toExponential().split("e");
  const exponent = Number(exponentText);
  // Go's %g with shortest precision switches to exponent form below 1e-4 and from 1e+06 upwards.
  if (exponent < -4 || exponent >= 6) {
    const digits = String(Math.abs(exponent)).padStart(2, "0");
    return `${mantissa}e${exponent < 0 ? "-" : "+"}${digits}`;
  }
  const fixed = String(value); // JavaScript prints 1e-7 ≤ |v| < 1e21 in fixed notation, shortest digits
  return fixed.includes(".") ? fixed : `${fixed}.0`;
}

/** Parses an `le`/`quantile` value as prom-client hands it over (a number, or the string "+Inf"). */
export function parseBound(value: string | number): number {
  if (typeof value === "number") return value;
  const v = value.trim();
  if (/^\+?inf(inity)?$/i.test(v)) return Number.POSITIVE_INFINITY;
  if (/^-inf(inity)?$/i.test(v)) return Number.NEGATIVE_INFINITY;
  return Number(v);
}

/** The spelling of a bucket bound / quantile in the given format (see the module comment). */
export function formatBound(value: string | number, openMetrics: boolean): string {
  const n = parseBound(value);
  if (Number.isNaN(n)) return String(value); // not a number at all: leave the label value as the source wrote it
  return openMetrics ? canonicalNumber(n) : formatValue(n);
}
