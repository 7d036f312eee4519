/**
 * Label values as OpenTelemetry attributes, and the map key the adapter uses for one label set.
 */
import type { Attributes } from "@opentelemetry/api";
import type { AnyDescriptor } from "../descriptors.js";

const SEP = "\u0000";

/** Key of one label set, values in the descriptor's label order (the port core keys its series the same way). */
export const seriesKey = (values: readonly string[]): string => values.join(SEP);

/**
 * One attribute object per series, built once and reused by every measurement: the SDK still hashes the
 * attributes on each call, but nothing is allocated on the hot path.
 */
export function attributesOf(d: AnyDescriptor, values: readonly string[]): Attributes {
  const attributes: Record<string, string> = {};
  for (let i = 0; i < d.labelNames.length; i++) attributes[d.labelNames[i]!] = values[i]!;
  return Object.freeze(attributes);
}

/** The key of a collected data point's attributes, comparable with `seriesKey`. */
export const attributesKey = (d: AnyDescriptor, attributes: Attributes): string =>
  seriesKey(d.labelNames.map((name) => String(attributes[name])));
