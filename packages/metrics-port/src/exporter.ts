/**
 * What an adapter that can be scraped offers to HTTP layers: one call that renders the current values for a
 * request's Accept / Accept-Encoding headers. The Hono route and service-kit depend on this interface only,
 * so swapping the Prometheus adapter for the OpenTelemetry one changes no HTTP code.
 */
export interface ScrapeRequest {
  /** The request's Accept header (content negotiation: Prometheus text 0.0.4 or OpenMetrics 1.0.0). */
  accept?: string | null;
  /** The request's Accept-Encoding header (gzip when accepted). */
  acceptEncoding?: string | null;
}

export interface ScrapeResponse {
  status: number;
  /** Always includes a versioned Content-Type; Content-Encoding and Vary when compressed. */
  headers: Record<string, string>;
  body: Uint8Array;
}

export interface MetricsExporter {
  scrape(request: ScrapeRequest): Promise<ScrapeResponse>;
}
