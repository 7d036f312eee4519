/**
 * The gRPC metric declarations, server and client side. Names and labels are go-grpc-prometheus /
 * go-grpc-middleware's, so existing Grafana dashboards and alert rules keep working; the one deliberate
 * difference is `grpc_code` on the handling-time histogram, so success latency can be measured on its own
 * (the most requested change upstream, go-grpc-middleware#606).
 */
import { DEFAULT_LATENCY_BUCKETS } from "../buckets.js";
import {
  type CounterDescriptor,
  defineCounter,
  defineHistogram,
  type HistogramDescriptor,
} from "../descriptors.js";
import { GRPC_CODE_NAMES } from "./codes.js";

export interface GrpcMetricsOptions {
  /** Upper bounds of `grpc_*_handling_seconds`, in seconds. Defaults to DEFAULT_LATENCY_BUCKETS (5 ms … 10 s). */
  handlingBuckets?: readonly number[];
}

export type GrpcMethodLabel = "grpc_type" | "grpc_service" | "grpc_method";
export type GrpcCodeLabel = GrpcMethodLabel | "grpc_code";

export interface GrpcMetricDescriptors {
  readonly started: CounterDescriptor<GrpcMethodLabel>;
  readonly handled: CounterDescriptor<GrpcCodeLabel>;
  readonly msgReceived: CounterDescriptor<GrpcMethodLabel>;
  readonly msgSent: CounterDescriptor<GrpcMethodLabel>;
  readonly handlingSeconds: HistogramDescriptor<GrpcCodeLabel>;
}

type Side = "server" | "client";

/**
 * Label values here are bounded by the methods a process serves or calls (grpc-js answers unknown methods
 * before any interceptor runs), so the limits are sized for methods, not for the port's generic default:
 * with 17 codes per method, that default (1000) would overflow at ~58 initialised methods.
 */
const MAX_METHODS = 500;

const METHOD_LABELS: readonly GrpcMethodLabel[] = ["grpc_type", "grpc_service", "grpc_method"];
const CODE_LABELS: readonly GrpcCodeLabel[] = [...METHOD_LABELS, "grpc_code"];

const HELP: Record<Side, Record<keyof GrpcMetricDescriptors, string>> = {
  server: {
    started: "gRPC calls the server started handling.",
    handled: "gRPC calls the server finished, by status code (client cancels and deadlines included).",
    msgReceived: "gRPC request messages the server received (one per unary call).",
    msgSent: "gRPC response messages the server sent (one per successful unary call).",
    handlingSeconds: "Time from the start of a gRPC call on the server to its status, by status code.",
  },
  client: {
    started: "gRPC calls the client started.",
    handled: "gRPC calls the client saw finish, by status code (its own cancels and deadlines included).",
    msgReceived: "gRPC response messages the client received (one per successful unary call).",
    msgSent: "gRPC request messages the client sent (one per unary call).",
    handlingSeconds: "Time from the start of a gRPC call on the client to the status it received, by status code.",
  },
};

function handlingSeconds(side: Side, buckets: readonly number[]): HistogramDescriptor<GrpcCodeLabel> {
  return defineHistogram({
    name: `grpc_${side}_handling_seconds`,
    help: HELP[side].handlingSeconds,
    unit: "seconds",
    labelNames: CODE_LABELS,
    buckets,
    maxSeries: MAX_METHODS * GRPC_CODE_NAMES.length,
  });
}

function define(side: Side): GrpcMetricDescriptors {
  const perMethod = (name: string, help: string) =>
    defineCounter({ name, help, labelNames: METHOD_LABELS, maxSeries: MAX_METHODS });
  return Object.freeze({
    started: perMethod(`grpc_${side}_started_total`, HELP[side].started),
    handled: defineCounter({
      name: `grpc_${side}_handled_total`,
      help: HELP[side].handled,
      labelNames: CODE_LABELS,
      maxSeries: MAX_METHODS * GRPC_CODE_NAMES.length,
    }),
    msgReceived: perMethod(`grpc_${side}_msg_received_total`, HELP[side].msgReceived),
    msgSent: perMethod(`grpc_${side}_msg_sent_total`, HELP[side].msgSent),
    handlingSeconds: handlingSeconds(side, DEFAULT_LATENCY_BUCKETS),
  });
}

export const grpcServerMetricDescriptors: GrpcMetricDescriptors = define("server");
export const grpcClientMetricDescriptors: GrpcMetricDescriptors = define("client");

/** The side's declarations, with the histogram re-declared when custom buckets are asked for. */
export function grpcDescriptorsFor(side: Side, options: GrpcMetricsOptions = {}): GrpcMetricDescriptors {
  const base = side === "server" ? grpcServerMetricDescriptors : grpcClientMetricDescriptors;
  if (options.handlingBuckets === undefined) return base;
  return Object.freeze({ ...base, handlingSeconds: handlingSeconds(side, options.handlingBuckets) });
}
