/**
 * The port's backend SPI over an OpenTelemetry `Meter`. The port core (create-metrics.ts) has already
 * validated names, ordered label values, enforced `maxSeries` and cached one cell per label set, so each
 * method here only turns a declaration into an instrument and a label set into a frozen attribute object.
 *
 * Mapping (the scraped names are what the Prometheus adapter emits for the same declaration):
 *   counter   → Counter, named without `_total`  (the exporter appends `_total` to every monotonic sum)
 *   gauge     → ObservableGauge reading the cells' current values at collection
 *   histogram → Histogram with advice.explicitBucketBoundaries = the declared buckets; series bound but not
 *               yet observed are added as empty histograms at scrape time (unobserved-histograms.ts)
 *
 * No instrument gets a `unit`: the Prometheus name already ends in its base unit, and a unit would only add
 * a `# UNIT` comment today and a unit-suffix rewrite in exporters that follow the newer naming rules.
 */
import type { Attributes, Meter } from "@opentelemetry/api";
import type { CounterCell, Family, GaugeCell, HistogramCell, MetricsBackend } from "../backend.js";
import type { AnyDescriptor, CounterDescriptor, GaugeDescriptor, HistogramDescriptor } from "../descriptors.js";
import type { PortLogger } from "../port.js";
import { attributesOf, seriesKey } from "./attributes.js";
import { UnobservedHistograms } from "./unobserved-histograms.js";

const TOTAL = "_total";

/** The OTel instrument name for a port declaration. */
export function otelInstrumentName(d: AnyDescriptor): string {
  return d.kind === "counter" && d.name.endsWith(TOTAL) ? d.name.slice(0, -TOTAL.length) : d.name;
}

interface GaugeSeries {
  readonly attributes: Attributes;
  value: number;
}

export class OtelBackend implements MetricsBackend {
  readonly kind = "otel";

  constructor(
    private readonly meter: Meter,
    private readonly logger: PortLogger,
    /** Bound histogram series without observations, which the SDK cannot represent (see that module). */
    readonly unobserved = new UnobservedHistograms(),
  ) {}

  counter(d: CounterDescriptor): Family<CounterCell> {
    const counter = this.meter.createCounter(otelInstrumentName(d), { description: d.help });
    // prom-client prints a label-less counter as 0 from its declaration; a new series likewise starts at 0
    // (Prometheus "avoid missing metrics"), so `bind()` at start-up makes the series visible in both adapters.
    if (d.labelNames.length === 0) counter.add(0);
    return {
      cell(values) {
        const attributes = attributesOf(d, values);
        counter.add(0, attributes);
        return { add: (value) => counter.add(value, attributes) };
      },
      // The SDK keeps every attribute set of a cumulative stream and has no API to forget one: a removed
      // series stays exported with its last value until the process restarts (see docs/metrics.md).
      remove() {},
    };
  }

  /**
   * A synchronous Gauge (API 1.9 `createGauge`) would also work, but the port's gauge has inc/dec, so the
   * current value must be tracked here anyway; reading it at collection turns set/inc/dec into a plain field
   * write — in-flight gauges change twice per request — instead of an attribute-hashing SDK call.
   */
  gauge(d: GaugeDescriptor): Family<GaugeCell> {
    const live = new Map<string, GaugeSeries>();
    const gauge = this.meter.createObservableGauge(d.name, { description: d.help });
    gauge.addCallback((result) => {
      for (const s of live.values()) result.observe(s.value, s.attributes);
    });
    // Label-less gauges are exported as 0 from their declaration, as prom-client does.
    if (d.labelNames.length === 0) live.set(seriesKey([]), { attributes: attributesOf(d, []), value: 0 });
    return {
      cell(values) {
        const key = seriesKey(values);
        let s = live.get(key);
        if (s === undefined) {
          s = { attributes: attributesOf(d, values), value: 0 };
          live.set(key, s);
        }
        const series = s;
        return {
          set: (value) => {
            series.value = value;
          },
          add: (value) => {
            series.value += value;
          },
        };
      },
      // Stops observing the series; the SDK still exports its last observed value (same limitation as counters).
      remove(values) {
        live.delete(seriesKey(values));
      },
    };
  }

  histogram(d: HistogramDescriptor): Family<HistogramCell> {
    const histogram = this.meter.createHistogram(d.name, {
      description: d.help,
      advice: { explicitBucketBoundaries: [...d.buckets] },
    });
    const pending = this.unobserved.family(d);
    // prom-client exports a label-less histogram with zero buckets from its declaration.
    if (d.labelNames.length === 0) pending.set(seriesKey([]), attributesOf(d, []));
    const logger = this.logger;
    let negativeReported = false;
    return {
      cell(values) {
        const key = seriesKey(values);
        const attributes = attributesOf(d, values);
        pending.set(key, attributes);
        let observed = false;
        return {
          observe(value) {
            // OTel histograms take values ≥ 0 only (the SDK drops the rest with a diag warning nobody sees);
            // prom-client would count them, so say so once instead of losing them silently.
            if (value < 0) {
              if (!negativeReported) {
                negativeReported = true;
                logger.warn(
                  { metric: d.name, value },
                  `histogram ${d.name}: negative observations are dropped by the OpenTelemetry SDK (reported once)`,
                );
              }
              return;
            }
            if (!observed) {
              observed = true;
              pending.delete(key);
            }
            histogram.record(value, attributes);
          },
        };
      },
      // A series never observed disappears; an observed one stays in the SDK (see counter()).
      remove(values) {
        pending.delete(seriesKey(values));
      },
    };
  }
}
