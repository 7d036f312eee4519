/**
 * The lifecycle series every service exposes, declared once here so every adapter exports them identically
 * (same name, type, help and meaning): a dashboard's uptime and restart panels survive an adapter swap.
 */
import { defineCounter, defineGauge } from "./descriptors.js";
import type { MetricsPort } from "./port.js";

export const uptimeSeconds = defineGauge({
  name: "uptime_seconds",
  help: "Seconds since this service instance started (since its metrics adapter was created; monotonic clock).",
  unit: "seconds",
});

export const serviceStartsTotal = defineCounter({
  name: "service_starts_total",
  help: "Starts of this service instance: 1 per process; increase() over a window counts restarts.",
});

export const processStartTimeSeconds = defineGauge({
  name: "process_start_time_seconds",
  help: "When the process started, in seconds since the Unix epoch.",
  unit: "seconds",
});

/** prom-client's formula (whole seconds), so every adapter reports the same value for one process. */
const processStartSeconds = (): number => Math.round(Date.now() / 1000 - (globalThis.process?.uptime() ?? 0));

/**
 * Declares the lifecycle series on `port`, counts this start and refreshes uptime before every scrape.
 * `processStartTime: false` leaves `process_start_time_seconds` to an adapter that already exports it
 * (prom-client's default metrics do). Returns a function that stops the uptime refresh.
 */
export function registerLifecycleMetrics(port: MetricsPort, { processStartTime = true } = {}): () => void {
  const startedAt = performance.now();
  port.counter(serviceStartsTotal).bind().inc();
  if (processStartTime) port.gauge(processStartTimeSeconds).bind().set(processStartSeconds());
  const uptime = port.gauge(uptimeSeconds).bind();
  return port.onCollect(() => uptime.set((performance.now() - startedAt) / 1000));
}
