/**
 * Real Redis for integration tests, without a client dependency (testkit stays dependency-free):
 *
 * - `redisAvailable()` probes the shared server (TEST_REDIS_URL, default loopback 6379) with a real PING.
 * - `startPrivateRedis()` runs a throw-away redis-server on a random loopback port that a test may kill and
 *   restart (the shared server must never be restarted by a test). No persistence: a restart loses every key,
 *   which is exactly what recovery tests want to survive.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { connect } from "node:net";
import { dependencyAvailable, findBinary } from "./dependencies.js";
import { waitFor } from "./poll.js";
import { freePort } from "./ports.js";

const INSTALL_SERVER =
  'start it (`redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save ""`) or set TEST_REDIS_URL';
const INSTALL_BINARY = "install it with `apt-get install -y --no-install-recommends redis-server` or set REDIS_SERVER_BIN";

/** URL of the shared Redis server tests may use (only under unique key prefixes / user names). */
export const redisUrl = (): string => process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

export const redisServerBinary = () => findBinary("redis-server", process.env.REDIS_SERVER_BIN);

/**
 * True when `url`'s host:port answers a RESP PING (+PONG, or an auth error, which still proves a Redis server).
 * Resolves within `timeoutMs`; never throws.
 */
export function redisReachable(url = redisUrl(), timeoutMs = 1500): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: u.hostname || "127.0.0.1", port: Number(u.port || 6379) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("error", () => done(false));
    socket.once("connect", () => socket.write("*1\r\n$4\r\nPING\r\n"));
    socket.once("data", (d: Buffer) => {
      const reply = d.toString("latin1");
      done(reply.startsWith("+PONG") || reply.startsWith("-NOAUTH"));
    });
  });
}

/** For `describe.skipIf(!(await redisAvailable()))`: throws under CI when the server is unreachable. */
export async function redisAvailable(url = redisUrl()): Promise<boolean> {
  return dependencyAvailable(`Redis at ${new URL(url).host}`, await redisReachable(url), INSTALL_SERVER);
}

/** For tests that need a private redis-server: throws under CI when the binary is missing. */
export const privateRedisAvailable = (): boolean =>
  dependencyAvailable("redis-server", redisServerBinary() !== undefined, INSTALL_BINARY);

export interface PrivateRedis {
  readonly url: string;
  readonly port: number;
  /** True while the server process runs. */
  readonly running: boolean;
  /** SIGKILLs the server (a crash: clients see the connection drop) and waits for the process to exit. */
  kill(): Promise<void>;
  /** Starts the server again on the same port and waits until it answers PING. */
  start(): Promise<void>;
  /** Kills the server for good. */
  stop(): Promise<void>;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const bin = redisServerBinary();
  if (!bin) throw new Error(`redis-server not found: ${INSTALL_BINARY}`);
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let stderr = "";
  const onExit = () => child?.kill("SIGKILL");
  process.once("exit", onExit);

  const start = async () => {
    child = spawn(
      bin,
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning"],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    child.stderr?.on("data", (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-2000);
    });
    try {
      await waitFor(() => redisReachable(url, 500), { timeoutMs: 10_000, intervalMs: 25, what: `redis-server on ${port}` });
    } catch (err) {
      child.kill("SIGKILL");
      throw new Error(`${(err as Error).message}\n${stderr}`);
    }
  };
  const kill = async () => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((r) => c.once("exit", r));
    c.kill("SIGKILL");
    await exited;
  };
  await start();
  return {
    url,
    port,
    get running() {
      return child !== undefined && child.exitCode === null && child.signalCode === null;
    },
    kill,
    start,
    async stop() {
      process.removeListener("exit", onExit);
      await kill();
    },
  };
}
