/**
 * Runs the sample service as a real child process (node + tsx, resolving workspace packages from source),
 * the way a service runs in production: signals, exit codes, stdout/stderr and all.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { waitFor } from "@tse/testkit";

const MAIN = fileURLToPath(new URL("./sample-service/main.ts", import.meta.url));
const PACKAGE_DIR = fileURLToPath(new URL("../..", import.meta.url));

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ChildService {
  readonly child: ChildProcess;
  /** `http://127.0.0.1:port` */
  readonly http: string;
  /** `127.0.0.1:port` */
  readonly grpc: string;
  /** JSON log lines written so far. */
  logs(): Array<Record<string, unknown>>;
  stderr(): string;
  readonly exited: Promise<Exit>;
  /** SIGKILL if still running (test cleanup). */
  kill(): Promise<void>;
}

const running = new Set<ChildProcess>();

/** Every child still running, killed: call from afterEach/afterAll. */
export async function killAllChildren(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once("exit", () => resolve());
          child.kill("SIGKILL");
        }),
    ),
  );
}

function spawnSample(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", MAIN], {
    cwd: PACKAGE_DIR,
    // A clean environment: only what node needs, plus the test's variables.
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", HTTP_PORT: "0", GRPC_PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d: Buffer) => {
    stdout += d.toString("utf8");
  });
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString("utf8");
  });
  const exited = new Promise<Exit>((resolve) => {
    child.once("exit", (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });
  const logs = () =>
    stdout
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { child, exited, logs, stdout: () => stdout, stderr: () => stderr };
}

/** Starts the sample service and waits for its "service started" line. */
export async function startSample(env: Record<string, string> = {}): Promise<ChildService> {
  const s = spawnSample(env);
  let exitedEarly: Exit | undefined;
  void s.exited.then((e) => {
    exitedEarly = e;
  });
  const started = await waitFor(
    () => {
      if (exitedEarly) throw new Error(`sample exited early (${JSON.stringify(exitedEarly)}): ${s.stderr()}`);
      return s.logs().find((l) => l.msg === "service started");
    },
    { timeoutMs: 20_000, intervalMs: 25, what: "the sample service to start" },
  ).catch((err: Error) => {
    s.child.kill("SIGKILL");
    throw new Error(`${err.message}\nstdout: ${s.stdout()}\nstderr: ${s.stderr()}`);
  });
  return {
    child: s.child,
    http: String(started.http),
    grpc: String(started.grpc),
    logs: s.logs,
    stderr: s.stderr,
    exited: s.exited,
    async kill() {
      if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill("SIGKILL");
      await s.exited;
    },
  };
}

/** Runs the sample service until it exits by itself (e.g. on invalid configuration). */
export async function runSampleToExit(env: Record<string, string>): Promise<Exit & { stdout: string; stderr: string }> {
  const s = spawnSample(env);
  const timer = setTimeout(() => s.child.kill("SIGKILL"), 20_000);
  const exit = await s.exited;
  clearTimeout(timer);
  return { ...exit, stdout: s.stdout(), stderr: s.stderr() };
}
