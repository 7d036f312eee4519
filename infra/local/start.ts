/**
 * `pnpm start`: the whole ecosystem natively, with embedded in-memory storage (nothing else to install).
 * Starts every instance of LOCAL_TOPOLOGY as its own process (from source, via tsx), waits until each answers
 * /api/v1/ready, prints a table of endpoints, and on Ctrl-C / SIGTERM stops them all gracefully (they
 * finish in-flight calls). If any instance dies, the others are stopped and the exit code is non-zero.
 *
 * POSTGRES_URL / REDIS_URL in the environment are passed through, so the same command runs the ecosystem
 * on real storage (each instance in its own schema and key prefix).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { formatTable } from "@tse/testkit";
import { type LocalInstance, resolveTopology } from "./topology.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const startTimeoutMs = Number(process.env.LOCAL_START_TIMEOUT_MS ?? 60_000);

function launch(i: LocalInstance): ChildProcess {
  const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", i.main], {
    cwd: root,
    env: {
      ...process.env,
      SERVICE_INSTANCE_NAME: i.instanceName,
      HTTP_PORT: String(i.httpPort),
      GRPC_PORT: String(i.grpcPort),
      LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  return child;
}

async function waitReady(i: LocalInstance, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + startTimeoutMs;
  const url = `http://127.0.0.1:${i.httpPort}/api/v1/ready`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${i.instanceName} exited with code ${child.exitCode} during start-up`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${i.instanceName} not ready at ${url} after ${startTimeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const topology = resolveTopology(process.env);
const children = new Map<LocalInstance, ChildProcess>();
let stopping = false;

async function stopAll(code: number): Promise<never> {
  stopping = true;
  await Promise.all(
    [...children.values()].map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          c.once("exit", () => resolve());
          c.kill("SIGTERM");
        }),
    ),
  );
  process.exit(code);
}

process.on("SIGINT", () => void stopAll(0));
process.on("SIGTERM", () => void stopAll(0));

console.log(`starting ${topology.length} instances (embedded storage${process.env.POSTGRES_URL ? " → PostgreSQL" : ""})…`);
for (const i of topology) {
  const child = launch(i);
  children.set(i, child);
  child.once("exit", (code, signal) => {
    if (stopping) return;
    console.error(`${i.instanceName} exited unexpectedly (${signal ?? `code ${code}`}); stopping the others`);
    void stopAll(1);
  });
}
try {
  await Promise.all(topology.map(async (i) => {
    await waitReady(i, children.get(i)!);
    console.log(`  ✓ ${i.instanceName} ready`);
  }));
} catch (err) {
  console.error(`start failed: ${(err as Error).message}`);
  await stopAll(1);
}

console.log(
  `\n${formatTable(
    ["instance", "service", "HTTP", "gRPC", "metrics"],
    topology.map((i) => [i.instanceName, i.service, `http://127.0.0.1:${i.httpPort}/api/v1`, `127.0.0.1:${i.grpcPort}`, `http://127.0.0.1:${i.httpPort}/metrics`]),
  )}\n\nTry: curl http://127.0.0.1:${topology[0]!.httpPort}/api/v1/symbols    (Ctrl-C stops everything)`,
);
