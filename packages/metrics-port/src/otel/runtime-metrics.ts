/**
 * Every runtime series the OTel adapter exports, all declared through the port: lifecycle (uptime, starts,
 * process start time), CPU and memory, event-loop delay and GC. What prom-client's default metrics add on
 * top is listed, with the reason, in prometheus-parity.ts.
 */
import type { MetricsPort } from "../port.js";
import { registerEventLoopMetrics } from "./event-loop-metrics.js";
import { registerLifecycleMetrics } from "../lifecycle.js";
import { registerProcessMetrics } from "./process-metrics.js";

/** Declares and starts the runtime series; the returned function stops every refresh, monitor and observer. */
export function registerRuntimeMetrics(port: MetricsPort): () => void {
  const stops = [registerLifecycleMetrics(port), registerProcessMetrics(port), registerEventLoopMetrics(port)];
  return () => {
    for (const stop of stops) stop();
  };
}
