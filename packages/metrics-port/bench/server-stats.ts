/**
 * Statistics of a benchmark server process, queried over the fork IPC channel: its CPU time and how many
 * requests its handler ran. Requests/s on a shared 2-core machine swing by ±30% with whatever else runs; the
 * server's CPU time per request is what the instrumentation actually adds, and it barely depends on how often
 * the process was descheduled. The handler count proves the load generator's requests reached the handler.
 */
import type { ChildProcess } from "node:child_process";

export interface ServerStats {
  /** User + system CPU time of the server process so far, µs. */
  cpuMicros: number;
  /** Requests the benchmarked handler has run so far. */
  handled: number;
}

/** Child side: answer "stats" with this process' ServerStats. */
export function answerStatsQueries(handled: () => number): void {
  process.on("message", (m) => {
    if (m !== "stats") return;
    const { user, system } = process.cpuUsage();
    const stats: ServerStats = { cpuMicros: user + system, handled: handled() };
    process.send?.(stats);
  });
}

/** Parent side: the child's statistics so far. */
export function serverStats(child: ChildProcess): Promise<ServerStats> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("server did not report its statistics in 5 s")), 5_000);
    const onMessage = (m: unknown) => {
      if (typeof m === "object" && m !== null && "cpuMicros" in m) {
        clearTimeout(timer);
        child.off("message", onMessage);
        resolve(m as ServerStats);
      }
    };
    child.on("message", onMessage);
    child.send("stats");
  });
}
