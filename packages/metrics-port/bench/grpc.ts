/**
 * gRPC overhead: unary calls/s against an echo server, bare vs with our server metrics interceptor, in
 * interleaved 1-second slices (interleave.ts). The load comes from h2load (nghttp2's HTTP/2 load generator,
 * `apt-get install nghttp2-client`) sending pre-framed gRPC requests, 64 in flight on one connection: a grpc-js
 * client process on 2 cores tops out at ~4k calls/s while the server idles at ~30% of a core, so calls/s would
 * measure the client and hide any server-side overhead; h2load costs a few µs per call and leaves the server
 * as the bottleneck (~15–20k calls/s here).
 *
 * h2load only sees HTTP status 200 (gRPC answers every call with 200), so success is checked by the server's
 * handler count (interleave.ts) and by the response bytes (each echo returns one 8-byte message).
 */
import { rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { interleavedRounds, type LoadRun, type RunningServer, type VariantResult } from "./interleave.js";
import { findExecutable, freePort, run, startServer } from "./processes.js";

export const GRPC_VARIANTS = ["bare", "ours"] as const;
export type GrpcVariant = (typeof GRPC_VARIANTS)[number];
export type GrpcResult = VariantResult<GrpcVariant>;

const IN_FLIGHT = 64;
/** tse.bench.v1.Ping { payload: "x" } (field 1, wire type 2, length 1, "x") behind gRPC's 5-byte frame header. */
const ECHO_FRAME = Buffer.from([0, 0, 0, 0, 3, 0x0a, 0x01, 0x78]);
const METHOD_PATH = "/tse.bench.v1.Bench/Echo";

export function parseH2load(out: string): LoadRun & { dataBytes: number } {
  const rate = /finished in [\d.]+\w+, ([\d.]+) req\/s/.exec(out);
  const requests = /requests: (\d+) total, \d+ started, (\d+) done, (\d+) succeeded, (\d+) failed, (\d+) errored, (\d+) timeout/.exec(out);
  const traffic = /traffic: .*, \S+ \((\d+)\) data/.exec(out);
  if (!rate || !requests || !traffic) throw new Error(`cannot parse h2load output:\n${out}`);
  const [, total, done, succeeded, failed, errored, timeout] = requests.map(Number);
  if (failed! + errored! + timeout! > 0 || done !== total) throw new Error(`h2load saw failures:\n${out}`);
  const callsPerSecond = Number(rate[1]);
  if (!(succeeded! > 0 && callsPerSecond > 0)) throw new Error(`h2load completed no calls:\n${out}`);
  return { calls: succeeded!, seconds: succeeded! / callsPerSecond, dataBytes: Number(traffic[1]) };
}

export async function benchGrpc({ rounds, seconds, log }: { rounds: number; seconds: number; log: (s: string) => void }) {
  const h2load = findExecutable("h2load");
  if (h2load === undefined) throw new Error("the gRPC benchmark needs h2load (Debian/Ubuntu: apt-get install nghttp2-client)");
  const frameFile = join(tmpdir(), `metrics-port-bench-echo-${process.pid}.bin`);
  writeFileSync(frameFile, ECHO_FRAME);
  const load = async (server: RunningServer, s: number) => {
    const out = await run(h2load, [
      "-c1",
      `-m${IN_FLIGHT}`,
      `-D${s}`,
      "-d",
      frameFile,
      "-H",
      "content-type: application/grpc",
      "-H",
      "te: trailers",
      server.url,
    ]);
    const result = parseH2load(out);
    if (result.dataBytes < result.calls * ECHO_FRAME.length) throw new Error(`fewer response bytes than echoes:\n${out}`);
    return result;
  };
  try {
    return await interleavedRounds({
      variants: GRPC_VARIANTS,
      rounds,
      seconds,
      seed: 7,
      start: async (v) => {
        const port = await freePort();
        return { child: await startServer("grpc-server.ts", [v, String(port)]), url: `http://127.0.0.1:${port}${METHOD_PATH}` };
      },
      load,
      log,
      label: "grpc",
      unit: "call",
    });
  } finally {
    rmSync(frameFile, { force: true });
  }
}
