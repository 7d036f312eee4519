/** Runs a load-generator process and reads its result: the JSON after the last line starting with `tag `. */
import { spawn } from "node:child_process";

export function runTagged<T>(command: string, args: readonly string[], tag: string, env: Record<string, string> = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
      process.stderr.write(d.replace(/^(?=.)/gm, "    "));
    });
    child.on("error", (err) => reject(new Error(`cannot run ${command}: ${err.message}`)));
    child.on("close", (code) => {
      const line = stdout
        .split("\n")
        .reverse()
        .find((l) => l.startsWith(`${tag} `));
      if (code !== 0 || line === undefined) {
        reject(new Error(`${command} exited with ${code} and no ${tag} line:\n${stdout.slice(-2000)}\n${stderr.slice(-2000)}`));
        return;
      }
      try {
        resolve(JSON.parse(line.slice(tag.length + 1)) as T);
      } catch (err) {
        reject(new Error(`${command}: unreadable ${tag} line ${JSON.stringify(line)}: ${(err as Error).message}`));
      }
    });
  });
}
