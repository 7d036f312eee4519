/**
 * Process and Node.js runtime metrics, plus the service lifecycle metrics every service exposes (../lifecycle.ts).
 *
 * The process_* and nodejs_* families come from prom-client's `collectDefaultMetrics`, registered in the
 * adapter's own registry, minus three gauges that break `promtool check metrics` (a gauge must not end in
 * `_total`): `nodejs_active_{handles,requests,resources}_total`. Nothing is lost: prom-client also registers
 * `nodejs_active_handles`, `nodejs_active_requests` and `nodejs_active_resources` (by `type`), whose sum over
 * `type` is the dropped total — `sum without (type) (nodejs_active_handles)`.
 */
import { collectDefaultMetrics, type Registry } from "prom-client";
import { registerLifecycleMetrics } from "../lifecycle.js";
import type { MetricsPort } from "../port.js";

export const DROPPED_RUNTIME_METRICS: readonly string[] = Object.freeze([
  "nodejs_active_handles_total",
  "nodejs_active_requests_total",
  "nodejs_active_resources_total",
]);

export function installRuntimeMetrics(registry: Registry, port: MetricsPort): void {
  collectDefaultMetrics({ register: registry });
  for (const name of DROPPED_RUNTIME_METRICS) registry.removeSingleMetric(name);

  // prom-client's defaults already export process_start_time_seconds.
  registerLifecycleMetrics(port, { processStartTime: false });
}
