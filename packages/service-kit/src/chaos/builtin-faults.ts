/**
 * The three faults every service has: latency, errors and downtime. They act on HTTP requests and gRPC
 * calls alike (the HTTP front door and the gRPC interceptor both ask `decide()`), and they are defined through the
 * same `FaultDefinition` contract services use for their own domain faults.
 */
import { status as GrpcStatus } from "@grpc/grpc-js";
import { z } from "zod";
import type { FaultDefinition } from "./fault.js";
import { type CallTarget, matches, type Selector, selectorShape } from "./target.js";

export const MAX_DELAY_MS = 60_000;

const GRPC_CODES: ReadonlyMap<string, number> = new Map(
  Object.entries(GrpcStatus)
    .filter((entry): entry is [string, number] => typeof entry[1] === "number" && entry[1] !== GrpcStatus.OK)
    .map(([name, code]) => [name, code]),
);

/** A gRPC status as a number (1–16), an enum name (UNAVAILABLE) or Go's CamelCase name (Unavailable). */
const grpcCodeSchema = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const code =
    typeof value === "number" ? value : GRPC_CODES.get(value.replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase());
  if (code === undefined || !Number.isInteger(code) || code < 1 || code > 16) {
    ctx.addIssue({
      code: "custom",
      message: "expected a gRPC status code 1-16 or its name (e.g. UNAVAILABLE, DeadlineExceeded)",
    });
    return z.NEVER;
  }
  return code;
});

export const latencySchema = z.strictObject({
  delay_ms: z.number().int().min(0).max(MAX_DELAY_MS).describe("Added before the handler runs"),
  jitter_ms: z.number().int().min(0).max(MAX_DELAY_MS).default(0).describe("Uniform extra delay in [0, jitter_ms)"),
  ...selectorShape,
});

export const errorsSchema = z.strictObject({
  rate: z.number().min(0).max(1).describe("Probability that a matching call fails"),
  http_status: z.number().int().min(400).max(599).default(500).describe("Status of failed HTTP requests"),
  grpc_code: grpcCodeSchema.default(GrpcStatus.INTERNAL).describe("Status of failed gRPC calls"),
  ...selectorShape,
});

export const downtimeSchema = z.strictObject({});

export type LatencyParams = z.output<typeof latencySchema>;
export type ErrorsParams = z.output<typeof errorsSchema>;

/** What to do to one call: wait, then maybe answer with an error instead of running the handler. */
export interface Injection {
  delayMs: number;
  reject: Rejection | undefined;
}

export interface Rejection {
  fault: "errors" | "downtime";
  httpStatus: number;
  grpcCode: number;
  message: string;
}

export interface BuiltinFaultsOptions {
  /** [0, 1) — injectable so tests can decide which calls fail. */
  random: () => number;
  /** Takes the instance out of readiness while downtime is active; returns the release. */
  holdReadiness?: (reason: string) => () => void;
  /** Counts one injection of `fault` (chaos_injections_total). */
  count: (fault: string) => void;
}

export class BuiltinFaults {
  private latency: LatencyParams | undefined;
  private errors: ErrorsParams | undefined;
  private downtimeUntil: number | undefined;
  private releaseReadiness: (() => void) | undefined;

  constructor(private readonly options: BuiltinFaultsOptions) {}

  definitions(): FaultDefinition[] {
    return [
      {
        name: "latency",
        description: "Delays matching HTTP requests and gRPC calls by delay_ms (+ jitter).",
        schema: latencySchema,
        apply: (params) => {
          this.latency = params as LatencyParams;
        },
        clear: () => {
          this.latency = undefined;
        },
      },
      {
        name: "errors",
        description: "Fails a fraction (rate) of matching calls with http_status / grpc_code.",
        schema: errorsSchema,
        apply: (params) => {
          this.errors = params as ErrorsParams;
        },
        clear: () => {
          this.errors = undefined;
        },
      },
      {
        name: "downtime",
        description: "Readiness fails and every call gets 503 / UNAVAILABLE (health, ready, metrics and chaos excepted).",
        schema: downtimeSchema,
        apply: (_params, durationMs) => {
          this.downtimeUntil = Date.now() + durationMs;
          const reason = `injected downtime until ${new Date(this.downtimeUntil).toISOString()}`;
          this.releaseReadiness?.();
          this.releaseReadiness = this.options.holdReadiness?.(reason);
        },
        clear: () => {
          this.downtimeUntil = undefined;
          this.releaseReadiness?.();
          this.releaseReadiness = undefined;
        },
      },
    ];
  }

  /** undefined when nothing applies to this call: the common case costs three field reads. */
  decide(target: CallTarget): Injection | undefined {
    if (this.downtimeUntil === undefined && this.latency === undefined && this.errors === undefined) return undefined;
    if (this.downtimeUntil !== undefined) {
      this.options.count("downtime");
      return {
        delayMs: 0,
        reject: {
          fault: "downtime",
          httpStatus: 503,
          grpcCode: GrpcStatus.UNAVAILABLE,
          message: `service unavailable (injected downtime until ${new Date(this.downtimeUntil).toISOString()})`,
        },
      };
    }
    let delayMs = 0;
    const latency = this.latency;
    if (latency && matches(latency as Selector, target)) {
      delayMs = latency.delay_ms + Math.floor(this.options.random() * latency.jitter_ms);
      this.options.count("latency");
    }
    let reject: Rejection | undefined;
    const errors = this.errors;
    if (errors && matches(errors as Selector, target) && this.options.random() < errors.rate) {
      this.options.count("errors");
      reject = {
        fault: "errors",
        httpStatus: errors.http_status,
        grpcCode: errors.grpc_code,
        message: `injected error (chaos fault "errors", rate ${errors.rate})`,
      };
    }
    return delayMs === 0 && reject === undefined ? undefined : { delayMs, reject };
  }
}
