/**
 * The RED middleware. Per request it does: one exclusion check, one method lookup, a gauge inc/dec, two
 * `performance.now()` calls, one route resolution after `next()`, two Map lookups for the cached handles,
 * and a counter inc plus a histogram observe. Labels are resolved to bound handles once per
 * (method, route, code) and cached, so the steady state allocates nothing of its own beyond the route list
 * Hono's `matchedRoutes()` returns.
 */
import type { Context, MiddlewareHandler } from "hono";
import type { BoundCounter, BoundGauge, BoundHistogram, Counter, Gauge, Histogram } from "../instruments.js";
import type { MetricsPort } from "../port.js";
import { requestBodySize, responseBodySize } from "./body-size.js";
import { durationDescriptor, httpMetricDescriptors } from "./descriptors.js";
import { type HttpMetricsOptions, OTHER_METHOD, resolveOptions } from "./options.js";
import { routeLabel } from "./route-label.js";

type RequestLabels = "method" | "route" | "code";
type SizeLabels = "method" | "route";

/** Handles bound to one (method, route, code) label set. */
interface SeriesHandles {
  readonly requests: BoundCounter;
  /** Only for codes ≥ 400. */
  readonly errors: BoundCounter | undefined;
  readonly duration: BoundHistogram;
  readonly requestSize: BoundHistogram | undefined;
  readonly responseSize: BoundHistogram | undefined;
}

/** Everything cached for one `method` label value; `byRoute` is bounded by the route table × status codes. */
interface MethodSeries {
  readonly label: string;
  readonly inFlight: BoundGauge;
  readonly byRoute: Map<string, Map<number, SeriesHandles>>;
}

interface Instruments {
  readonly requests: Counter<RequestLabels>;
  readonly errors: Counter<RequestLabels>;
  readonly duration: Histogram<RequestLabels>;
  readonly inFlight: Gauge<"method">;
  readonly requestSize: Histogram<SizeLabels> | undefined;
  readonly responseSize: Histogram<SizeLabels> | undefined;
}

function bindSeries(ins: Instruments, method: string, route: string, status: number): SeriesHandles {
  const labels = { method, route, code: String(status) };
  const sizeLabels = { method, route };
  return {
    requests: ins.requests.bind(labels),
    errors: status >= 400 ? ins.errors.bind(labels) : undefined,
    duration: ins.duration.bind(labels),
    requestSize: ins.requestSize?.bind(sizeLabels),
    responseSize: ins.responseSize?.bind(sizeLabels),
  };
}

/**
 * Hono middleware recording RED metrics (architecture §5): `http_requests_total`,
 * `http_request_errors_total` (code ≥ 400) and `http_request_duration_seconds` with labels
 * `method`, `route`, `code`, plus `http_requests_in_flight` by `method`.
 *
 * - `route` is the matched route template (see route-label.ts for which one), never the raw path;
 *   requests no route handled share one value (`unmatchedRoute`, default `"_unmatched"`).
 * - A handler that throws is recorded with the status the app's error handler produced (Hono's default:
 *   500); if the error escapes the app (non-Error throw, failing `onError`), it is recorded as 500 and rethrown.
 * - Duration ends when the handler returns its Response. For a streamed body that is when the headers are
 *   ready, not when the last byte is sent.
 * - Register it first (`app.use(httpMetrics(metrics))` before any route), so it sees every request.
 *
 * Throws at construction on invalid options or if the metrics are already registered differently.
 */
export function httpMetrics(metrics: MetricsPort, options?: HttpMetricsOptions): MiddlewareHandler {
  if (metrics === null || typeof metrics !== "object" || typeof metrics.counter !== "function") {
    throw new TypeError("httpMetrics: metrics must be a MetricsPort (e.g. createPrometheusMetrics(), createNoopMetrics())");
  }
  const o = resolveOptions(options);
  const d = httpMetricDescriptors;
  const ins: Instruments = {
    requests: metrics.counter(d.requests),
    errors: metrics.counter(d.errors),
    duration: metrics.histogram(durationDescriptor(o.durationBuckets)),
    inFlight: metrics.gauge(d.inFlight),
    requestSize: o.sizeHistograms ? metrics.histogram(d.requestSize) : undefined,
    responseSize: o.sizeHistograms ? metrics.histogram(d.responseSize) : undefined,
  };

  const methodSeries = (label: string): MethodSeries => ({
    label,
    // Binding creates the series, so every known method's in-flight gauge is exported as 0 from the start.
    inFlight: ins.inFlight.bind({ method: label }),
    byRoute: new Map(),
  });
  const known = new Map<string, MethodSeries>(o.knownMethods.map((m) => [m, methodSeries(m)]));
  const other = methodSeries(OTHER_METHOD);
  const { isExcluded, unmatchedRoute, sizeHistograms } = o;

  /** `answered` is false when the error escaped the app: there is no response whose size could be read. */
  function record(c: Context, m: MethodSeries, ownIndex: number, status: number, seconds: number, answered: boolean): void {
    const route = routeLabel(c, ownIndex, status, unmatchedRoute);
    let byCode = m.byRoute.get(route);
    if (byCode === undefined) {
      byCode = new Map();
      m.byRoute.set(route, byCode);
    }
    let h = byCode.get(status);
    if (h === undefined) {
      h = bindSeries(ins, m.label, route, status);
      byCode.set(status, h);
    }
    h.requests.inc();
    h.errors?.inc();
    h.duration.observe(seconds);
    if (sizeHistograms) {
      const reqBytes = requestBodySize(c);
      if (reqBytes !== undefined) h.requestSize!.observe(reqBytes);
      const resBytes = answered ? responseBodySize(c, status) : undefined;
      if (resBytes !== undefined) h.responseSize!.observe(resBytes);
    }
  }

  return async function httpMetricsMiddleware(c, next) {
    if (isExcluded?.(c.req.path)) return next();
    const m = known.get(c.req.method) ?? other;
    const ownIndex = c.req.routeIndex;
    m.inFlight.inc();
    const start = performance.now();
    let status = 500; // what the server adapter answers when the error escapes the app
    let answered = false;
    try {
      await next();
      status = c.res.status;
      answered = true;
    } finally {
      const seconds = (performance.now() - start) / 1000;
      m.inFlight.dec();
      record(c, m, ownIndex, status, seconds, answered);
    }
  };
}
