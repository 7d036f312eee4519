/**
 * The service-discovery record: what one live instance publishes at `discovery:<service>:<instance>`.
 * Field names are snake_case: the record is read by other languages' tools (redis-cli, dashboards) too.
 */
import { normalizeInstanceName } from "@tse/service-kit/identity";

export interface DiscoveryRecord {
  readonly service: string;
  readonly instance_name: string;
  readonly version: string;
  /** "host:port" of the HTTP API, or null when the instance has none. */
  readonly http_endpoint: string | null;
  /** "host:port" of the gRPC API, or null when the instance has none. */
  readonly grpc_endpoint: string | null;
  /** ISO 8601 start time of the process. */
  readonly started_at: string;
}

const ENDPOINT = /^[^\s/]{1,253}:\d{1,5}$/;

export function checkEndpoint(name: string, value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  if (!ENDPOINT.test(value)) throw new RangeError(`${name} must be "host:port" (got ${JSON.stringify(value)})`);
  return value;
}

const isName = (v: unknown): v is string => {
  if (typeof v !== "string") return false;
  try {
    return normalizeInstanceName(v) === v;
  } catch {
    return false;
  }
};

/** Parses a stored record; undefined for anything malformed (a lookup skips it rather than failing). */
export function parseDiscoveryRecord(text: string | null): DiscoveryRecord | undefined {
  if (text === null) return undefined;
  let v: Record<string, unknown>;
  try {
    v = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (typeof v !== "object" || v === null || !isName(v.service) || !isName(v.instance_name)) return undefined;
  if (typeof v.version !== "string" || typeof v.started_at !== "string" || Number.isNaN(Date.parse(v.started_at))) return undefined;
  const endpoint = (e: unknown) => (e === null || (typeof e === "string" && ENDPOINT.test(e)) ? (e as string | null) : false);
  const http = endpoint(v.http_endpoint);
  const grpc = endpoint(v.grpc_endpoint);
  if (http === false || grpc === false) return undefined;
  return {
    service: v.service,
    instance_name: v.instance_name,
    version: v.version,
    http_endpoint: http,
    grpc_endpoint: grpc,
    started_at: v.started_at,
  };
}
