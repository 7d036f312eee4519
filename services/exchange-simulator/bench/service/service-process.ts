/**
 * The exchange simulator as a child process, exactly as an operator starts it (`node --conditions=source
 * --import tsx src/main.ts`), on free loopback ports. It is up when GET /api/v1/health answers 200 and the
 * gRPC port accepts connections (the HTTP server listens first). At
 * LOG_LEVEL info its log also says which snapshot start-up loaded and how many events it replayed after it
 * ("exchange restored from the event log"); the last log lines are kept for error messages.
 *
 * Why the load runs default to LOG_LEVEL=warn: service-kit logs one info line per HTTP request (synchronous
 * JSON to stdout), which costs the service about as much as the order itself; production runs at info, and
 * BENCH_LOG_LEVEL=info measures that.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { connect } from "node:net";
import { fileURLToPath } from "node:url";
import { freePort, waitFor } from "@tse/testkit";

const MAIN = fileURLToPath(new URL("../../src/main.ts", import.meta.url));
const SERVICE_DIR = fileURLToPath(new URL("../..", import.meta.url));

export interface ServiceProcess {
  readonly pid: number;
  readonly httpUrl: string;
  readonly grpcAddress: string;
  /** Events the service replayed from its event log at start-up (NaN unless logLevel is info or lower). */
  readonly restoredEvents: number;
  /** Seq of the snapshot start-up loaded before replaying (0: none; NaN like restoredEvents). */
  readonly snapshotSeq: number;
  /** Milliseconds the replay took (the service's own measurement; NaN like restoredEvents). */
  readonly restoreMs: number;
  /** SIGTERM, then waits for a graceful exit (pending journal events are flushed). Resolves with the exit code. */
  stop(): Promise<number | null>;
}

export interface StartOptions {
  readonly instance: string;
  /** Extra environment (POSTGRES_URL, STORAGE_JOURNAL_DIR, …). */
  readonly env?: Record<string, string>;
  readonly timeoutMs?: number;
  /** Extra node flags for the service (e.g. --cpu-prof). */
  readonly nodeFlags?: readonly string[];
  readonly logLevel?: string;
}

interface LogLine {
  msg?: string;
  events?: number;
  snapshot_seq?: number;
  duration_ms?: number;
  level?: string;
}

export async function startService({ instance, env = {}, timeoutMs = 120_000, nodeFlags = [], logLevel = "info" }: StartOptions): Promise<ServiceProcess> {
  const [httpPort, grpcPort] = [await freePort(), await freePort()];
  const child = spawn(process.execPath, [...nodeFlags, "--conditions=source", "--import", "tsx", MAIN], {
    cwd: SERVICE_DIR,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      SERVICE_INSTANCE_NAME: instance,
      HTTP_HOST: "127.0.0.1",
      GRPC_HOST: "127.0.0.1",
      HTTP_PORT: String(httpPort),
      GRPC_PORT: String(grpcPort),
      LOG_LEVEL: logLevel,
      ...env,
    },
  });
  const tail: string[] = [];
  let restored: LogLine | undefined;
  let exited: number | null | undefined;
  const exit = new Promise<number | null>((resolve) =>
    child.on("exit", (code) => {
      exited = code;
      resolve(code);
    }),
  );
  lines(child, (line) => {
    tail.push(line.length > 400 ? `${line.slice(0, 400)}…` : line);
    if (tail.length > 30) tail.shift();
    let parsed: LogLine;
    try {
      parsed = JSON.parse(line) as LogLine;
    } catch {
      return;
    }
    if (parsed.level === "error" || parsed.level === "fatal") process.stderr.write(`  [${instance}] ${line.slice(0, 600)}\n`);
    if (parsed.msg === "exchange restored from the event log") restored = parsed;
  });
  const httpUrl = `http://127.0.0.1:${httpPort}`;
  const up = async (): Promise<"up" | "exited" | false> => {
    if (exited !== undefined) return "exited";
    const res = await fetch(`${httpUrl}/api/v1/health`).catch(() => undefined);
    await res?.body?.cancel();
    return res?.status === 200 && (await accepts(grpcPort)) && "up";
  };
  const state = await waitFor(up, { timeoutMs, intervalMs: 100, what: `${instance} to listen` }).catch((err: Error) => err);
  if (state !== "up") {
    if (exited === undefined) child.kill("SIGKILL");
    const why = state === "exited" ? `${instance} exited with ${exited} before it started` : state.message;
    throw new Error(`${why}\n${tail.join("\n")}`);
  }
  return {
    pid: child.pid!,
    httpUrl,
    grpcAddress: `127.0.0.1:${grpcPort}`,
    restoredEvents: restored?.events ?? Number.NaN,
    snapshotSeq: restored?.snapshot_seq ?? Number.NaN,
    restoreMs: restored?.duration_ms ?? Number.NaN,
    async stop() {
      if (exited !== undefined) return exited;
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 60_000);
      const code = await exit;
      clearTimeout(killer);
      return code;
    },
  };
}

/** Calls onLine for every complete line of the child's stdout and stderr. */
function lines(child: ChildProcess, onLine: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    let rest = "";
    stream?.setEncoding("utf8");
    stream?.on("data", (chunk: string) => {
      const parts = (rest + chunk).split("\n");
      rest = parts.pop()!;
      for (const p of parts) if (p.trim() !== "") onLine(p);
    });
  }
}

/** True when a TCP connection to 127.0.0.1:port succeeds. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
