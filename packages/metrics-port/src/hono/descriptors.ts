/**
 * The HTTP RED metrics, declared once (architecture §5). Exported so docs, tests and composition roots can
 * register or zero-initialise them without going through the middleware.
 */
import { DEFAULT_LATENCY_BUCKETS, DEFAULT_SIZE_BUCKETS } from "../buckets.js";
import { defineCounter, defineGauge, defineHistogram } from "../descriptors.js";

const REQUEST_LABELS = ["method", "route", "code"] as const;
const SIZE_LABELS = ["method", "route"] as const;

/** Declarations behind `httpMetrics()` and `instrumentedFetch()`. `duration` is replaced by an equal one with other buckets when asked. */
export const httpMetricDescriptors = Object.freeze({
  requests: defineCounter({
    name: "http_requests_total",
    help: "HTTP requests completed, by method, matched route template and status code.",
    labelNames: REQUEST_LABELS,
  }),
  errors: defineCounter({
    name: "http_request_errors_total",
    help: "HTTP requests completed with a status code of 400 or more, by method, matched route template and status code.",
    labelNames: REQUEST_LABELS,
  }),
  duration: defineHistogram({
    name: "http_request_duration_seconds",
    unit: "seconds",
    help: "Time from the request reaching the instrumentation (middleware or fetch wrapper) until the app returned its response (a streamed body's transfer is not included).",
    labelNames: REQUEST_LABELS,
    buckets: DEFAULT_LATENCY_BUCKETS,
  }),
  inFlight: defineGauge({
    name: "http_requests_in_flight",
    help: "HTTP requests currently being handled, by method.",
    labelNames: ["method"] as const,
  }),
  requestSize: defineHistogram({
    name: "http_request_size_bytes",
    unit: "bytes",
    help: "HTTP request body size from Content-Length (0 for requests without a body; chunked bodies of unknown length are not observed).",
    labelNames: SIZE_LABELS,
    buckets: DEFAULT_SIZE_BUCKETS,
  }),
  responseSize: defineHistogram({
    name: "http_response_size_bytes",
    unit: "bytes",
    help: "HTTP response body size from Content-Length (0 for HEAD, 204 and 304; bodies of unknown length are not observed).",
    labelNames: SIZE_LABELS,
    buckets: DEFAULT_SIZE_BUCKETS,
  }),
});

/** Same declaration as `httpMetricDescriptors.duration`, with other bucket boundaries (validated here). */
export function durationDescriptor(buckets: readonly number[] | undefined) {
  const d = httpMetricDescriptors.duration;
  if (buckets === undefined) return d;
  return defineHistogram({ name: d.name, unit: d.unit, help: d.help, labelNames: d.labelNames, buckets });
}
