/**
 * Summaries of interleaved rounds. A variant's ratio to the baseline is the median of per-round ratios:
 * variants measured back to back in one round share that round's machine load, so a noisy round moves both
 * sides of its ratio, where a ratio of two separate medians would mix rounds with different load.
 */
import { median } from "@tse/testkit";

export const perRoundRatios = (values: readonly number[], baseline: readonly number[]) =>
  values.map((v, i) => v / baseline[i]!);

export interface PairedRatio {
  median: number;
  min: number;
  max: number;
}

export function pairedRatio(values: readonly number[], baseline: readonly number[]): PairedRatio {
  const ratios = perRoundRatios(values, baseline);
  return { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) };
}
