/**
 * Proves that `pnpm lint` enforces architecture §3: code under any src/domain/ may import only the
 * @tse/metrics-port root, never infrastructure. Runs the repository's real biome configuration on files
 * written into a scratch src/domain folder inside the repo (so biome.json applies to them).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "../../..");
const scratch = join(repoRoot, "packages/testkit/dependency-rules-scratch", String(process.pid));
const biome = join(repoRoot, "node_modules/.bin/biome");

function lint(relativePath: string, source: string) {
  const file = join(scratch, relativePath);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, source);
  const r = spawnSync(biome, ["lint", "--max-diagnostics=5", file], { cwd: repoRoot, encoding: "utf8" });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

afterAll(() => rmSync(join(repoRoot, "packages/testkit/dependency-rules-scratch"), { recursive: true, force: true }));

describe("dependency rule: domain code imports only the metrics port", () => {
  it.each([
    ["prom-client", 'import { Counter } from "prom-client";\nexport const c = Counter;\n'],
    ["hono", 'import { Hono } from "hono";\nexport const h = Hono;\n'],
    ["hono/*", 'import { cors } from "hono/cors";\nexport const x = cors;\n'],
    ["@grpc/grpc-js", 'import * as grpc from "@grpc/grpc-js";\nexport const g = grpc;\n'],
    ["pg", 'import pg from "pg";\nexport const p = pg;\n'],
    ["ioredis", 'import { Redis } from "ioredis";\nexport const r = Redis;\n'],
    ["pino", 'import pino from "pino";\nexport const l = pino;\n'],
    ["node:http", 'import { createServer } from "node:http";\nexport const s = createServer;\n'],
    ["a metrics-port adapter", 'import { createPrometheusMetrics } from "@tse/metrics-port/prometheus";\nexport const p = createPrometheusMetrics;\n'],
  ])("fails on an import of %s", (_what, source) => {
    const r = lint("services/demo/src/domain/bad.ts", source);
    expect(r.status, r.output).not.toBe(0);
    expect(r.output).toContain("noRestrictedImports");
  });

  it("passes for the metrics-port root and domain-local imports", () => {
    const r = lint(
      "services/demo/src/domain/good.ts",
      'import { defineCounter } from "@tse/metrics-port";\nimport { x } from "./other.js";\nexport const c = defineCounter({ name: "a_total", help: "a" });\nexport const y = x;\n',
    );
    expect(r.status, r.output).toBe(0);
  });

  it("does not restrict code outside src/domain", () => {
    const r = lint("services/demo/src/adapters/http.ts", 'import { Hono } from "hono";\nexport const h = Hono;\n');
    expect(r.status, r.output).toBe(0);
  });
});
