/**
 * Whether String.prototype is in V8's fast-properties mode after a module graph is loaded, asked of a fresh
 * Node process (the only place %HasFastProperties is allowed). A dependency that subclasses String (ioredis
 * does) turns it into a slow dictionary object, which makes every string method call in the process ~4× slower;
 * tests use this to pin down that the service's module graph leaves it fast.
 */
import { execFileSync } from "node:child_process";

/** `specifier`: a bare package name, or an absolute path (a .ts one with `viaTsx`). */
export function stringPrototypeFastAfterImport(specifier: string, options: { viaTsx: boolean; cwd: string }): boolean {
  const out = execFileSync(
    process.execPath,
    [
      "--allow-natives-syntax",
      ...(options.viaTsx ? ["--conditions=source", "--import", "tsx"] : []),
      "--input-type=module",
      "-e",
      `await import(${JSON.stringify(specifier)}); process.stdout.write(String(%HasFastProperties(String.prototype)));`,
    ],
    { cwd: options.cwd, encoding: "utf8" },
  );
  if (out !== "true" && out !== "false") throw new Error(`unexpected answer from the probe process: ${JSON.stringify(out)}`);
  return out === "true";
}
