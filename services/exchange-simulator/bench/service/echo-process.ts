/** Starts echo-server.ts as a child process on a free port and waits for ECHO_READY. */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { freePort } from "@tse/testkit";

const SCRIPT = fileURLToPath(new URL("./echo-server.ts", import.meta.url));

export interface EchoProcess {
  readonly pid: number;
  /** http://127.0.0.1:port or 127.0.0.1:port (gRPC). */
  readonly address: string;
  stop(): Promise<void>;
}

export async function startEcho(kind: "http" | "grpc"): Promise<EchoProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", SCRIPT, "--kind", kind, "--port", String(port)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      out += d;
      if (out.includes("ECHO_READY")) resolve();
    });
    void exited.then(() => reject(new Error(`the ${kind} echo server exited before it was ready`)));
  });
  return {
    pid: child.pid!,
    address: kind === "http" ? `http://127.0.0.1:${port}` : `127.0.0.1:${port}`,
    async stop() {
      child.kill("SIGTERM");
      await exited;
    },
  };
}
