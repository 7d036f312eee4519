/**
 * What both HTTP entry points share — the `httpMetrics()` middleware and the `instrumentedFetch()` wrapper:
 * option validation, registration of the RED instruments, and the cached bound handles behind one
 * `record()` call. They differ only in how they find the route label, so for the same traffic they write
 * the same series.
 *
 * Labels are resolved to bound handles once per (method, route, code) and cached, so recording a request
 * costs two Map lookups, a counter inc and a histogram observe, and allocates nothing.
 */
import type { BoundCounter, BoundGauge, BoundHistogram, Counter, Gauge, Histogram } from "../instruments.js";
import type { MetricsPort } from "../port.js";
import { requestBodySize, responseBodySize } from "./body-size.js";
import { durationDescriptor, httpMetricDescriptors } from "./descriptors.js";
import { type HttpMetricsOptions, OTHER_METHOD, type ResolvedOptions, resolveOptions } from "./options.js";

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
export interface MethodSeries {
  /** The `method` label: a known method, or `_OTHER`. */
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

export interface HttpRecorder {
  readonly options: ResolvedOptions;
  /** The cached series of a request method: its own when known, else the shared `_OTHER` one. */
  methodSeries(method: string): MethodSeries;
  /**
   * Records one finished request. `response` is undefined when the error escaped the app (recorded with
   * `status` 500): then there is no response whose size could be read.
   */
  record(m: MethodSeries, route: string, status: number, seconds: number, request: Request, response: Response | undefined): void;
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
 * Validates the port and options, registers the instruments (idempotent: a second entry point on the same
 * port shares the series) and binds every known method's in-flight gauge, so each is exported as 0 from the
 * start. Throws, naming `caller`, on invalid options or if the metrics are already registered differently.
 */
export function createHttpRecorder(caller: string, metrics: MetricsPort, options: HttpMetricsOptions | undefined): HttpRecorder {
  if (metrics === null || typeof metrics !== "object" || typeof metrics.counter !== "function") {
    throw new TypeError(`${caller}: metrics must be a MetricsPort (e.g. createPrometheusMetrics(), createNoopMetrics())`);
  }
  const o = resolveOptions(options, caller);
  const d = httpMetricDescriptors;
  const ins: Instruments = {
    requests: metrics.counter(d.requests),
    errors: metrics.counter(d.errors),
    duration: metrics.histogram(durationDescriptor(o.durationBuckets)),
    inFlight: metrics.gauge(d.inFlight),
    requestSize: o.sizeHistograms ? metrics.histogram(d.requestSize) : undefined,
    responseSize: o.sizeHistograms ? metrics.histogram(d.responseSize) : undefined,
  };

  const newMethodSeries = (label: string): MethodSeries => ({
    label,
    inFlight: ins.inFlight.bind({ method: label }),
    byRoute: new Map(),
  });
  const known = new Map<string, MethodSeries>(o.knownMethods.map((m) => [m, newMethodSeries(m)]));
  const other = newMethodSeries(OTHER_METHOD);
  const { sizeHistograms } = o;

  return {
    options: o,
    methodSeries: (method) => known.get(method) ?? other,
    record(m, route, status, seconds, request, response) {
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
        const reqBytes = requestBodySize(request);
        if (reqBytes !== undefined) h.requestSize!.observe(reqBytes);
        const resBytes = response === undefined ? undefined : responseBodySize(request, response);
        if (resBytes !== undefined) h.responseSize!.observe(resBytes);
      }
    },
  };
}
