/**
 * A strict OpenMetrics 1.0 syntax check with the reference parser of the Prometheus client library for
 * Python (Debian's python3-prometheus-client), because promtool has no OpenMetrics parser in any release
 * (prometheus/prometheus#8932): it lints OpenMetrics with its text 0.0.4 parser.
 *
 * `prometheus_client.openmetrics.parser.text_string_to_metric_families` raises on any syntax violation
 * (label quoting, escapes, sample names that do not belong to their family's type, a missing or early
 * `# EOF`, …). It is a generator, so the script consumes it to the end: only then has it read the whole text.
 *
 * `/usr/bin/python3` on purpose: a python3 earlier on PATH (pyenv) does not see Debian's module.
 */
import { spawnSync } from "node:child_process";
import { dependencyAvailable } from "@tse/testkit";

export const PYTHON = "/usr/bin/python3";
const MODULE = "prometheus_client.openmetrics.parser";
const INSTALL = "apt-get install python3-prometheus-client (the reference OpenMetrics parser, for /usr/bin/python3)";

export interface ParsedFamily {
  name: string;
  type: string;
  unit: string;
  samples: number;
}

export type OpenMetricsCheck = { ok: true; families: ParsedFamily[] } | { ok: false; error: string };

const SCRIPT = `
import json, sys
from ${MODULE} import text_string_to_metric_families
text = sys.stdin.buffer.read().decode("utf-8")  # strict: invalid UTF-8 is an error too
try:
    families = [{"name": f.name, "type": f.type, "unit": f.unit, "samples": len(f.samples)}
                for f in text_string_to_metric_families(text)]
except Exception as e:
    print(json.dumps({"ok": False, "error": f"{type(e).__name__}: {e}"}))
    sys.exit(1)
print(json.dumps({"ok": True, "families": families}))
`;

/** True when the parser can run; under CI a missing parser throws (the tests fail instead of skipping). */
export function openMetricsParserAvailable(): boolean {
  const probe = spawnSync(PYTHON, ["-c", `import ${MODULE}`], { encoding: "utf8" });
  return dependencyAvailable(`${PYTHON} with ${MODULE}`, probe.status === 0, INSTALL);
}

/** Parses `text` as OpenMetrics 1.0 with the reference parser: the families it read, or its error. */
export function checkOpenMetrics(text: string): OpenMetricsCheck {
  const r = spawnSync(PYTHON, ["-c", SCRIPT], { input: Buffer.from(text, "utf8"), encoding: "utf8", timeout: 60_000 });
  const out = r.stdout?.trim() ?? "";
  if (r.error !== undefined || out === "") {
    throw new Error(`${PYTHON} did not run the OpenMetrics parser: ${r.error?.message ?? ""} ${r.stderr ?? ""}`.trim());
  }
  return JSON.parse(out) as OpenMetricsCheck;
}
