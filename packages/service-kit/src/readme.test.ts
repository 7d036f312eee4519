import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { baseEnvSchema } from "./config/base-env.js";
import { injectEnvTable } from "./config/env-table.js";

const README = fileURLToPath(new URL("../README.md", import.meta.url));

describe("README", () => {
  it("has the env table generated from baseEnvSchema (UPDATE_README=1 rewrites it)", () => {
    const readme = readFileSync(README, "utf8");
    const expected = injectEnvTable(readme, baseEnvSchema);
    if (process.env.UPDATE_README === "1" && expected !== readme) writeFileSync(README, expected);
    else expect(readme).toBe(expected);
  });
});
