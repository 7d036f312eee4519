/**
 * `promtool check metrics` on the complete exposition (runtime metrics included), in both formats.
 *
 * promtool 2.42 (Debian's, on these machines) lints with the text 0.0.4 parser only. Run on OpenMetrics it
 * (1) ignores `# UNIT` and `# EOF` as comments, (2) reads an OpenMetrics counter family (`# TYPE orders counter`
 * followed by `orders_total 3`) as an empty family `orders` plus an untyped `orders_total` without HELP, and
 * reports "orders_total no help text", and (3) rejects `\"` in a HELP line as an "invalid escape sequence"
 * (legal in OpenMetrics, not in text 0.0.4) with a parse error. So OpenMetrics is checked here for every
 * problem promtool can see (names, suffixes, units, types) except those artefacts, and the format itself is
 * checked by a real Prometheus in prometheus-scrape.test.ts (its scraper has a strict OpenMetrics parser) and by
 * the reference Python OpenMetrics parser in test/openmetrics-syntax.test.ts. No promtool release has an
 * OpenMetrics parser (prometheus/prometheus#8932), so this is as close to "promtool on OpenMetrics" as exists.
 */
import { promtoolAvailable, promtoolCheckMetrics } from "@tse/testkit";
import { describe, expect, it } from "vitest";
import { parseExposition } from "./test-support/parse-exposition.js";
import { createSampleMetrics } from "./test-support/sample-metrics.js";

describe.skipIf(!promtoolAvailable())("promtool check metrics on the complete exposition", () => {
  it("passes on text 0.0.4", async () => {
    const text = await createSampleMetrics({ helpWithQuotes: true }).render("text");
    expect(text).toContain("nodejs_heap_size_used_bytes{"); // runtime metrics are part of what is checked
    const result = promtoolCheckMetrics(text);
    expect(result.output).toBe("");
    expect(result.ok).toBe(true);
  });

  it("finds nothing in OpenMetrics beyond its text parser's view of OpenMetrics counter families", async () => {
    const om = await createSampleMetrics().render("openmetrics");
    const counters = new Set(parseExposition(om).families.filter((f) => f.type === "counter").map((f) => f.name));
    expect(counters.has("exchange_orders")).toBe(true);
    const result = promtoolCheckMetrics(om);
    const problems = result.output
      .split("\n")
      .filter((line: string) => line !== "")
      .filter((line: string) => {
        const artefact = /^(\w+)_total no help text$/.exec(line);
        return !(artefact && counters.has(artefact[1]!));
      });
    expect(problems).toEqual([]);
    // Either promtool understood OpenMetrics (a newer promtool) or it found only the artefacts: lint problems, not a parse error.
    if (!result.ok) expect(result.output).toMatch(/^exchange_\w+_total no help text$/m);
  });

  it("documents the 2.42 limitation: an OpenMetrics-escaped quote in HELP is a text-format parse error", async () => {
    const om = await createSampleMetrics({ helpWithQuotes: true }).render("openmetrics");
    expect(om).toContain('\\"quoted\\"'); // escaped as OpenMetrics requires
    const result = promtoolCheckMetrics(om);
    // If a future promtool parses OpenMetrics, this starts passing: then tighten the test above.
    expect(result.ok || /invalid escape sequence/.test(result.output)).toBe(true);
  });
});
