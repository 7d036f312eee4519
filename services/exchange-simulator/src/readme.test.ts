import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { injectEnvTable } from "@tse/service-kit";
import { describe, expect, it } from "vitest";
import { envSchema } from "./env.js";

const README = fileURLToPath(new URL("../README.md", import.meta.url));

describe("README", () => {
  it("has the env table generated from envSchema (UPDATE_README=1 rewrites it)", () => {
    const readme = readFileSync(README, "utf8");
    const expected = injectEnvTable(readme, envSchema);
    if (process.env.UPDATE_README === "1" && expected !== readme) writeFileSync(README, expected);
    else expect(readme).toBe(expected);
  });
});
