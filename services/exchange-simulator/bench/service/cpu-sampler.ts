/**
 * CPU accounting around a run, from Linux /proc: how busy the whole machine was (this machine is shared, so
 * a run that found the cores busy with other work is visible as such) and how much CPU PostgreSQL's
 * processes used (all of them: other users of the server are included).
 */
import { readdirSync, readFileSync } from "node:fs";
import { cpus } from "node:os";

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** [busy, total] jiffies over all cores since boot. */
function machineJiffies(): [number, number] {
  const fields = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0); // idle + iowait
  const total = fields.slice(0, 8).reduce((a, b) => a + b, 0); // user … steal (guest time is inside user)
  return [total - idle, total];
}

/** CPU seconds (user + system) used so far by process `pid` (all its threads); NaN once it has ended. */
export function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(rest[11]) + Number(rest[12])) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/** CPU seconds (user + system) used so far by every process whose command name is `comm`. */
function cpuSecondsOf(comm: string): number {
  let ticks = 0;
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      continue; // the process ended meanwhile
    }
    const close = stat.lastIndexOf(")");
    if (stat.slice(stat.indexOf("(") + 1, close) !== comm) continue;
    const rest = stat.slice(close + 2).split(" ");
    ticks += Number(rest[11]) + Number(rest[12]); // utime, stime (fields 14 and 15 of stat)
  }
  return ticks / TICKS_PER_SECOND;
}

export interface CpuSample {
  /** Cores busy on average (0 … number of cores), all processes. */
  machineCores: number;
  /** Cores PostgreSQL's processes used on average. */
  postgresCores: number;
}

/** Starts measuring; the returned function ends the interval. */
export function sampleCpu(): () => CpuSample {
  const [busy0, total0] = machineJiffies();
  const pg0 = cpuSecondsOf("postgres");
  const t0 = performance.now();
  return () => {
    const [busy1, total1] = machineJiffies();
    const seconds = (performance.now() - t0) / 1000;
    return {
      machineCores: total1 > total0 ? ((busy1 - busy0) / (total1 - total0)) * cpus().length : 0,
      postgresCores: (cpuSecondsOf("postgres") - pg0) / seconds,
    };
  };
}
