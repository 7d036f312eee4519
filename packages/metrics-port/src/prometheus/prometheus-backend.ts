/**
 * The MetricsBackend (SPI) of the Prometheus adapter: creates families in our own cells and registers a
 * read-only view of each in the adapter's private prom-client Registry, so names are unique across port
 * metrics and prom-client's runtime metrics, and prom-client tooling sees every family.
 */
import type { Registry } from "prom-client";
import type { CounterCell as CounterCellSpi, Family, GaugeCell as GaugeCellSpi, HistogramCell as HistogramCellSpi, MetricsBackend } from "../backend.js";
import type { CounterDescriptor, GaugeDescriptor, HistogramDescriptor } from "../descriptors.js";
import { MetricDeclarationError } from "../names.js";
import { type AnyPortFamily, CounterFamily, GaugeFamily, HistogramFamily } from "./port-families.js";

type RegistrableMetric = Parameters<Registry["registerMetric"]>[0];

export class PrometheusBackend implements MetricsBackend {
  readonly kind = "prometheus";
  private readonly families = new WeakMap<object, AnyPortFamily>();

  constructor(
    private readonly registry: Registry,
    /** `service="…",instance_name="…",version="…"`, already escaped. */
    private readonly constantPairs: string,
  ) {}

  counter(d: CounterDescriptor): Family<CounterCellSpi> {
    return this.register(new CounterFamily(d, this.constantPairs));
  }

  gauge(d: GaugeDescriptor): Family<GaugeCellSpi> {
    return this.register(new GaugeFamily(d, this.constantPairs));
  }

  histogram(d: HistogramDescriptor): Family<HistogramCellSpi> {
    return this.register(new HistogramFamily(d, this.constantPairs));
  }

  /** The port family behind a registry entry, or undefined for a prom-client metric. */
  familyOf(metric: object): AnyPortFamily | undefined {
    return this.families.get(metric);
  }

  private register<F extends AnyPortFamily>(family: F): F {
    const name = family.descriptor.name;
    if (this.registry.getSingleMetric(name) !== undefined) {
      throw new MetricDeclarationError(
        name,
        "the name is already taken in this adapter's registry (a runtime metric or a prom-client metric registered directly)",
      );
    }
    // The view implements what Registry calls (name, type, help, aggregator, get, reset); it is not a prom-client class.
    this.registry.registerMetric(family.view as unknown as RegistrableMetric);
    this.families.set(family.view, family);
    return family;
  }
}
