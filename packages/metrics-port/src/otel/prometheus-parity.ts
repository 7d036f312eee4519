/**
 * Where a scrape of the OTel adapter differs from a scrape of the Prometheus adapter for the same service.
 * The swap test (swap.test.ts) enforces that nothing else differs, and docs/metrics.md repeats these lists.
 *
 * Every metric declared through the port — HTTP, gRPC, business and lifecycle series — has the same name,
 * type, label names and series in both adapters. The name differences are all runtime series from
 * prom-client's default metrics that the OTel adapter does not reproduce (runtime-metrics.ts reproduces the
 * CPU, memory, heap, event-loop and GC ones).
 *
 * Behaviour differences that change no name (the observable ones are pinned by the tests beside the code):
 * - remove(labels) cannot drop a series once exported: the SDK keeps every attribute set of a cumulative
 *   stream and has no API to forget one; the series stays with its last value until the process restarts.
 * - Negative histogram observations are dropped (OTel histograms take values ≥ 0) and reported once.
 * - Only text 0.0.4 is produced (no OpenMetrics, so no exemplars and no `_created`).
 * - A labelled family with no series yet is absent; the Prometheus adapter prints HELP/TYPE without samples.
 * - Serialization is one synchronous call (no time slicing), so a huge scrape blocks the event loop longer.
 * - `Vary: Accept-Encoding` only, since Accept never changes this adapter's answer.
 * - Runtime series come from Node APIs with prom-client's names and meaning, not its exact samples, and
 *   with their own help texts.
 */

/** Families only the Prometheus adapter exports, with the reason the OTel adapter does not. */
export const PROMETHEUS_ONLY_FAMILIES: Readonly<Record<string, string>> = Object.freeze({
  process_virtual_memory_bytes:
    "prom-client parses /proc/self/status (Linux only); the OTel adapter reads only portable Node APIs (process_resident_memory_bytes is exported)",
  process_heap_bytes:
    "prom-client parses /proc/self/status (Linux only); use nodejs_heap_size_total_bytes, which both adapters export",
  process_open_fds: "prom-client lists /proc/self/fd (Linux only); not reproduced",
  process_max_fds: "prom-client parses /proc/self/limits (Linux only); not reproduced",
  nodejs_active_handles:
    "prom-client reads process._getActiveHandles(), an undocumented Node internal; not reproduced",
  nodejs_active_requests:
    "prom-client reads process._getActiveRequests(), an undocumented Node internal; not reproduced",
  nodejs_active_resources:
    "prom-client reads process.getActiveResourcesInfo(), experimental in Node 20; not reproduced",
  nodejs_version_info:
    "its `version` label (the Node version) collides with the constant label `version` (the Prometheus adapter renames it `node_version`); the Node version is not a service metric",
});
