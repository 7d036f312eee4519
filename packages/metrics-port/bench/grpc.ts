/**
 * gRPC overhead: unary calls/s against an echo server, bare vs with our server metrics interceptor. Client and
 * server are separate processes; rounds are interleaved and the median is reported with the ratio to bare.
 */
import { median } from "@tse/testkit";
import { benchFile, freePort, run, shuffled, startServer, stop } from "./processes.js";

export const GRPC_VARIANTS = ["bare", "ours"] as const;
export type GrpcVariant = (typeof GRPC_VARIANTS)[number];

export async function benchGrpc({ rounds, seconds, log }: { rounds: number; seconds: number; log: (s: string) => void }) {
  const servers = new Map<GrpcVariant, { port: number; child: Awaited<ReturnType<typeof startServer>> }>();
  try {
    for (const v of GRPC_VARIANTS) {
      const port = await freePort();
      servers.set(v, { port, child: await startServer("grpc-server.ts", [v, String(port)]) });
    }
    const runs = new Map<GrpcVariant, number[]>(GRPC_VARIANTS.map((v) => [v, []]));
    for (let r = 0; r < rounds; r++) {
      for (const v of shuffled(GRPC_VARIANTS, r + 7)) {
        const out = await run("node", ["--import", "tsx", benchFile("grpc-client.ts"), String(servers.get(v)!.port), String(seconds), "64"]);
        const { callsPerSecond, errors } = JSON.parse(out.trim().split("\n").pop()!) as { callsPerSecond: number; errors: number };
        if (errors > 0) throw new Error(`${v}: ${errors} failed calls`);
        runs.get(v)!.push(callsPerSecond);
        log(`  grpc round ${r + 1}/${rounds} ${v.padEnd(5)} ${Math.round(callsPerSecond).toLocaleString("en-US")} calls/s`);
      }
    }
    const bare = median(runs.get("bare")!);
    return GRPC_VARIANTS.map((v) => {
      const m = median(runs.get(v)!);
      return { variant: v, runs: runs.get(v)!, median: m, ratioToBare: m / bare };
    });
  } finally {
    for (const { child } of servers.values()) await stop(child);
  }
}
