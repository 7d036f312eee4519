import type { ExpositionFormat } from "./negotiation.js";

/**
 * What the renderer needs from a metric family, whoever stores it (the port's own families or a prom-client
 * metric such as the runtime ones): its metadata lines, then its series one at a time, so rendering can pause
 * between any two series.
 */
export interface RenderableFamily {
  header(format: ExpositionFormat): string;
  /**
   * Captures the family's current series. Series added while a render is in progress appear in the next
   * scrape; a series removed meanwhile is rendered once more. Each series is read synchronously in one go,
   * so every series is internally consistent (e.g. a histogram's `+Inf` bucket always equals its `_count`).
   */
  snapshot(): RenderRows;
}

export interface RenderRows {
  readonly length: number;
  /** All sample lines of series `index`, each ending in "\n". */
  render(index: number, format: ExpositionFormat): string;
}
