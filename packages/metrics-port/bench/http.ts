/**
 * HTTP overhead: requests/s of one trivial Hono route — bare, with a no-op middleware (the cost of being a
 * middleware at all), with our RED metrics around `app.fetch` and as a middleware, with @hono/prometheus —
 * loaded by wrk (one thread, 32 connections) in interleaved 1-second slices (interleave.ts). Reports per
 * variant the median req/s, the median of per-round ratios to bare, and the server's CPU time per request.
 */
import { interleavedRounds, type LoadRun, type VariantResult } from "./interleave.js";
import { freePort, run, startServer } from "./processes.js";

export const HTTP_VARIANTS = ["bare", "noop-middleware", "ours-fetch", "ours-middleware", "hono-prometheus"] as const;
export type HttpVariant = (typeof HTTP_VARIANTS)[number];
export type HttpResult = VariantResult<HttpVariant>;

const DURATION_UNITS: Record<string, number> = { us: 1e-6, ms: 1e-3, s: 1, m: 60 };

export function parseWrk(out: string): LoadRun {
  const total = /(\d+) requests in ([\d.]+)(us|ms|s|m),/.exec(out);
  if (!total) throw new Error(`cannot parse wrk output:\n${out}`);
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(out);
  if (errors) throw new Error(`wrk saw ${errors[1]} non-2xx responses`);
  const socketErrors = /Socket errors: (.*)/.exec(out);
  if (socketErrors) throw new Error(`wrk saw socket errors: ${socketErrors[1]}`);
  return { calls: Number(total[1]), seconds: Number(total[2]) * DURATION_UNITS[total[3]!]! };
}

export async function benchHttp({ rounds, seconds, log }: { rounds: number; seconds: number; log: (s: string) => void }) {
  return interleavedRounds({
    variants: HTTP_VARIANTS,
    rounds,
    seconds,
    seed: 1,
    start: async (v) => {
      const port = await freePort();
      return { child: await startServer("http-server.ts", [v, String(port)]), url: `http://127.0.0.1:${port}/hello/world` };
    },
    load: async (server, s) => parseWrk(await run("wrk", ["-t1", "-c32", `-d${s}s`, server.url])),
    log,
    label: "http",
    unit: "req",
  });
}
