#!/usr/bin/env node
// Sums every package's vitest JSON report (test-results.json) into one table and a final plain
// "N passed, N failed" line, which is what CI reads (vitest's own summary is per package).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const rows = [];
for (const group of ["packages", "services", "infra"]) {
  const dir = join(root, group);
  if (!existsSync(dir)) continue;
  for (const name of readdirSync(dir).sort()) {
    const file = join(dir, name, "test-results.json");
    if (!existsSync(file)) continue;
    const r = JSON.parse(readFileSync(file, "utf8"));
    rows.push({
      package: `${group}/${name}`,
      passed: r.numPassedTests,
      failed: r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0),
      skipped: r.numPendingTests + r.numTodoTests,
    });
  }
}
const total = rows.reduce((a, r) => ({ passed: a.passed + r.passed, failed: a.failed + r.failed, skipped: a.skipped + r.skipped }), {
  passed: 0,
  failed: 0,
  skipped: 0,
});
const w = Math.max(7, ...rows.map((r) => r.package.length));
console.log(`${"package".padEnd(w)}  passed  failed  skipped`);
for (const r of rows) {
  console.log(`${r.package.padEnd(w)}  ${String(r.passed).padStart(6)}  ${String(r.failed).padStart(6)}  ${String(r.skipped).padStart(7)}`);
}
if (rows.length === 0) console.log("(no test reports found: did any test task run?)");
console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ""}`);
process.exit(rows.length === 0 || total.failed > 0 ? 1 : 0);
