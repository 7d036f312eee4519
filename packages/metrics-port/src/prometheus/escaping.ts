/**
 * Escaping shared by both exposition formats. Label values escape `\`, `"` and line feed in both. HELP text
 * escapes `\` and line feed in text 0.0.4 (whose parser rejects any other escape sequence there) and also `"`
 * in OpenMetrics (where HELP is an escaped-string like a label value).
 */

const LABEL_SPECIAL = /[\\"\n]/;
const HELP_TEXT_SPECIAL = /[\\\n]/;

function escapeSpecials(value: string, special: RegExp, quotes: boolean): string {
  if (!special.test(value)) return value; // the common case: no allocation
  let out = value.replaceAll("\\", "\\\\").replaceAll("\n", "\\n");
  if (quotes) out = out.replaceAll('"', '\\"');
  return out;
}

export function escapeLabelValue(value: string): string {
  return escapeSpecials(value, LABEL_SPECIAL, true);
}

export function escapeHelp(help: string, openMetrics: boolean): string {
  return openMetrics ? escapeSpecials(help, LABEL_SPECIAL, true) : escapeSpecials(help, HELP_TEXT_SPECIAL, false);
}

/** `a="x",b="y"` — the inside of a label set, without braces (so callers can append `le` or close it). */
export function labelPairs(names: readonly string[], values: readonly string[]): string {
  let out = "";
  for (let i = 0; i < names.length; i++) {
    out += `${i === 0 ? "" : ","}${names[i]}="${escapeLabelValue(values[i]!)}"`;
  }
  return out;
}

/** Joins label-set fragments (either may be empty) with a comma. */
export function joinLabelPairs(a: string, b: string): string {
  return a === "" ? b : b === "" ? a : `${a},${b}`;
}
