/**
 * HTTP overhead: requests/s of one trivial Hono route — bare, with our RED middleware, with @hono/prometheus —
 * measured with wrk in interleaved rounds (the order of variants is shuffled each round) so machine noise
 * hits all three alike. Reports the median per variant and ratios to bare.
 */
import { median } from "@tse/testkit";
import { freePort, run, shuffled, startServer, stop } from "./processes.js";

export const HTTP_VARIANTS = ["bare", "ours", "hono-prometheus"] as const;
export type HttpVariant = (typeof HTTP_VARIANTS)[number];

export interface HttpResult {
  variant: HttpVariant;
  runs: number[];
  median: number;
  ratioToBare: number;
}

function parseWrk(out: string): number {
  const m = /Requests\/sec:\s+([\d.]+)/.exec(out);
  if (!m) throw new Error(`cannot parse wrk output:\n${out}`);
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(out);
  if (errors) throw new Error(`wrk saw ${errors[1]} non-2xx responses`);
  return Number(m[1]);
}

export async function benchHttp({ rounds, seconds, log }: { rounds: number; seconds: number; log: (s: string) => void }) {
  const servers = new Map<HttpVariant, { port: number; child: Awaited<ReturnType<typeof startServer>> }>();
  try {
    for (const v of HTTP_VARIANTS) {
      const port = await freePort();
      servers.set(v, { port, child: await startServer("http-server.ts", [v, String(port)]) });
    }
    const runs = new Map<HttpVariant, number[]>(HTTP_VARIANTS.map((v) => [v, []]));
    for (let r = 0; r < rounds; r++) {
      for (const v of shuffled(HTTP_VARIANTS, r + 1)) {
        const { port } = servers.get(v)!;
        const url = `http://127.0.0.1:${port}/hello/world`;
        await run("wrk", ["-t1", "-c32", "-d1s", url]); // warm-up (JIT, connection pool)
        const rps = parseWrk(await run("wrk", ["-t1", "-c32", `-d${seconds}s`, url]));
        runs.get(v)!.push(rps);
        log(`  http round ${r + 1}/${rounds} ${v.padEnd(16)} ${Math.round(rps).toLocaleString("en-US")} req/s`);
      }
    }
    const bare = median(runs.get("bare")!);
    return HTTP_VARIANTS.map((v): HttpResult => {
      const m = median(runs.get(v)!);
      return { variant: v, runs: runs.get(v)!, median: m, ratioToBare: m / bare };
    });
  } finally {
    for (const { child } of servers.values()) await stop(child);
  }
}
