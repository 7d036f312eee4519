/**
 * The service lifecycle series every service exposes, declared through the port itself so the OTel adapter
 * exports them exactly as the Prometheus adapter does (same name, type, labels and meaning).
 *
 * `uptimeSeconds` and `serviceStartsTotal` repeat the Prometheus adapter's declarations
 * (prometheus/runtime-metrics.ts) instead of importing them, because that module loads prom-client; the
 * swap test fails if the two drift apart. `process_start_time_seconds` is prom-client's default metric.
 */
import { defineCounter, defineGauge } from "../descriptors.js";
import type { MetricsPort } from "../port.js";

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

/** prom-client's formula (whole seconds), so both adapters report the same value for one process. */
const processStartSeconds = (): number => Math.round(Date.now() / 1000 - process.uptime());

/**
 * Declares the lifecycle series on `port`, counts this start and refreshes uptime before every scrape.
 * Returns a function that stops the refresh.
 */
export function registerLifecycleMetrics(port: MetricsPort): () => void {
  const startedAt = performance.now();
  port.counter(serviceStartsTotal).bind().inc();
  port.gauge(processStartTimeSeconds).bind().set(processStartSeconds());
  const uptime = port.gauge(uptimeSeconds).bind();
  return port.onCollect(() => uptime.set((performance.now() - startedAt) / 1000));
}
