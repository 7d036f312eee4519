/**
 * A small reader of the Prometheus text format 0.0.4 for tests: families with their TYPE and samples with
 * parsed labels. Strict enough to fail on what tests must catch (a sample outside any declared family, a
 * malformed label set); not a validator — promtool is run for that.
 */

export interface Sample {
  /** The sample's own name (`x_bucket`, `x_sum`, …). */
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface MetricFamily {
  readonly name: string;
  readonly type: string;
  readonly help: string;
  readonly samples: Sample[];
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\S+)?$/;
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*(,|$)/y;

function parseLabels(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const start = LABEL.lastIndex;
    const m = LABEL.exec(text);
    if (!m) throw new Error(`malformed labels at ${start} in: ${line}`);
    labels[m[1]!] = m[2]!.replace(/\\(["\\n])/g, (_, c: string) => (c === "n" ? "\n" : c));
  }
  return labels;
}

function parseValue(text: string): number {
  if (text === "+Inf") return Number.POSITIVE_INFINITY;
  if (text === "-Inf") return Number.NEGATIVE_INFINITY;
  return Number(text);
}

/** The family a sample belongs to: its own name, or the histogram/summary it is a `_bucket/_sum/_count` of. */
function familyOf(sampleName: string, families: Map<string, MetricFamily>): MetricFamily | undefined {
  const own = families.get(sampleName);
  if (own) return own;
  const m = /^(.*)_(bucket|sum|count)$/.exec(sampleName);
  const parent = m ? families.get(m[1]!) : undefined;
  return parent && (parent.type === "histogram" || parent.type === "summary") ? parent : undefined;
}

export function parseExposition(text: string): Map<string, MetricFamily> {
  const families = new Map<string, MetricFamily>();
  const help = new Map<string, string>();
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    if (line.startsWith("#")) {
      const m = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (m?.[1] === "HELP") help.set(m[2]!, m[3]!);
      if (m?.[1] === "TYPE") families.set(m[2]!, { name: m[2]!, type: m[3]!, help: help.get(m[2]!) ?? "", samples: [] });
      continue;
    }
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`malformed sample line: ${line}`);
    const family = familyOf(m[1]!, families);
    if (!family) throw new Error(`sample outside any declared family: ${line}`);
    family.samples.push({ name: m[1]!, labels: parseLabels(m[2] ?? "", line), value: parseValue(m[3]!) });
  }
  return families;
}

/** The sorted label names of a family's series (without the histogram's `le`). */
export function labelNamesOf(family: MetricFamily): string[] {
  const names = new Set<string>();
  for (const s of family.samples) for (const k of Object.keys(s.labels)) if (k !== "le") names.add(k);
  return [...names].sort();
}

/** The value of the one sample named `name` whose labels include `labels`; throws if none or several match. */
export function sampleValue(
  families: Map<string, MetricFamily>,
  name: string,
  labels: Readonly<Record<string, string>> = {},
): number {
  const family = familyOf(name, families);
  const hits = (family?.samples ?? []).filter(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
  if (hits.length !== 1) throw new Error(`expected one ${name}${JSON.stringify(labels)} sample, found ${hits.length}`);
  return hits[0]!.value;
}
