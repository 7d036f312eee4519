import { spawnSync } from "node:child_process";

/** True under CI (`CI=true`), where a missing real dependency must fail the test run, never skip it. */
export const isCI = /^(1|true|yes)$/i.test(process.env.CI ?? "");

/**
 * Decides whether tests that need a real dependency can run. Under CI a missing dependency throws (the
 * test fails); on a laptop it returns false and prints one loud line naming what to install, so the
 * caller can `describe.skipIf(!available)`.
 */
export function dependencyAvailable(name: string, available: boolean, howToInstall: string): boolean {
  if (available) return true;
  const message = `${name} is not available: ${howToInstall}`;
  if (isCI) throw new Error(`CI requires ${message}`);
  console.warn(`\n!!! SKIPPING tests that need ${message}\n`);
  return false;
}

/** Absolute path of an executable on PATH (or the override), or undefined. */
export function findBinary(name: string, override?: string): string | undefined {
  if (override) return override;
  const r = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" });
  const path = r.stdout.trim();
  return r.status === 0 && path ? path : undefined;
}
