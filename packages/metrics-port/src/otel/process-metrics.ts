/**
 * CPU and memory series under the names prom-client's default metrics use, read from Node's own APIs at
 * scrape time, so the CPU and memory panels of a dashboard keep working when a service runs the OTel adapter.
 * Values are the same quantities (a counter's rate, a gauge's level); they are not prom-client's samples.
 */
import { getHeapSpaceStatistics } from "node:v8";
import { defineCounter, defineGauge } from "../descriptors.js";
import type { MetricsPort } from "../port.js";

const seconds = "seconds";
const bytes = "bytes";

export const processMetricDescriptors = {
  cpuUser: defineCounter({ name: "process_cpu_user_seconds_total", help: "User CPU time used by the process, in seconds.", unit: seconds }),
  cpuSystem: defineCounter({ name: "process_cpu_system_seconds_total", help: "System CPU time used by the process, in seconds.", unit: seconds }),
  cpu: defineCounter({ name: "process_cpu_seconds_total", help: "User plus system CPU time used by the process, in seconds.", unit: seconds }),
  residentMemory: defineGauge({ name: "process_resident_memory_bytes", help: "Resident set size of the process, in bytes.", unit: bytes }),
  heapTotal: defineGauge({ name: "nodejs_heap_size_total_bytes", help: "V8 heap size, in bytes.", unit: bytes }),
  heapUsed: defineGauge({ name: "nodejs_heap_size_used_bytes", help: "V8 heap in use, in bytes.", unit: bytes }),
  external: defineGauge({ name: "nodejs_external_memory_bytes", help: "Memory of C++ objects bound to JavaScript objects, in bytes.", unit: bytes }),
  spaceTotal: defineGauge({
    name: "nodejs_heap_space_size_total_bytes",
    help: "Size of one V8 heap space, in bytes.",
    unit: bytes,
    labelNames: ["space"],
  }),
  spaceUsed: defineGauge({
    name: "nodejs_heap_space_size_used_bytes",
    help: "Bytes in use in one V8 heap space.",
    unit: bytes,
    labelNames: ["space"],
  }),
  spaceAvailable: defineGauge({
    name: "nodejs_heap_space_size_available_bytes",
    help: "Bytes still available in one V8 heap space.",
    unit: bytes,
    labelNames: ["space"],
  }),
} as const;

/** `new_space` → `new`, as prom-client labels heap spaces. */
export const heapSpaceLabel = (spaceName: string): string => spaceName.replace(/_space$/, "");

/** Declares the series and refreshes them before every scrape. Returns a function that stops the refresh. */
export function registerProcessMetrics(port: MetricsPort): () => void {
  const d = processMetricDescriptors;
  const cpuUser = port.counter(d.cpuUser).bind();
  const cpuSystem = port.counter(d.cpuSystem).bind();
  const cpu = port.counter(d.cpu).bind();
  const rss = port.gauge(d.residentMemory).bind();
  const heapTotal = port.gauge(d.heapTotal).bind();
  const heapUsed = port.gauge(d.heapUsed).bind();
  const external = port.gauge(d.external).bind();
  const spaceTotal = port.gauge(d.spaceTotal);
  const spaceUsed = port.gauge(d.spaceUsed);
  const spaceAvailable = port.gauge(d.spaceAvailable);

  // Counters carry the CPU time since the process started (what a process collector reports), advanced by
  // the difference at each scrape.
  let reported = { user: 0, system: 0 };
  return port.onCollect(() => {
    const usage = process.cpuUsage();
    const user = Math.max(0, usage.user - reported.user) / 1e6;
    const system = Math.max(0, usage.system - reported.system) / 1e6;
    reported = usage;
    cpuUser.inc(user);
    cpuSystem.inc(system);
    cpu.inc(user + system);

    const memory = process.memoryUsage();
    rss.set(memory.rss);
    heapTotal.set(memory.heapTotal);
    heapUsed.set(memory.heapUsed);
    external.set(memory.external);
    for (const s of getHeapSpaceStatistics()) {
      const labels = { space: heapSpaceLabel(s.space_name) };
      spaceTotal.set(labels, s.space_size);
      spaceUsed.set(labels, s.space_used_size);
      spaceAvailable.set(labels, s.space_available_size);
    }
  });
}
