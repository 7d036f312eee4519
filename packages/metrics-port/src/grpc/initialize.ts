/**
 * Zero series before the first call (go-grpc-prometheus' InitializeMetrics). Without them a method that has
 * never failed has no `grpc_code="Unavailable"` series, so `rate()` over it is empty rather than 0 and
 * error-ratio alerts and `absent()` checks misbehave right after a deploy.
 *
 * Per method: started, msg_received and msg_sent; handled for all 17 codes; and the histogram for `OK` only.
 * The histogram is the expensive family (one line per bucket per series), and the series an SLO needs from
 * the start is the success latency; other codes' latency series appear with their first call.
 */
import type * as grpc from "@grpc/grpc-js";
import type { MetricsPort } from "../port.js";
import type { GrpcMetricsOptions } from "./descriptors.js";
import { grpcInstruments, MethodMetrics } from "./method-metrics.js";
import { grpcMethodLabels } from "./method.js";

function initialize(
  side: "server" | "client",
  metrics: MetricsPort,
  service: grpc.ServiceDefinition,
  serviceName: string,
  options: GrpcMetricsOptions | undefined,
): void {
  const fn = side === "server" ? "initializeServerMetrics" : "initializeClientMetrics";
  if (typeof serviceName !== "string" || serviceName === "") {
    throw new TypeError(`${fn}: serviceName must be the full service name, e.g. "pkg.v1.Service"`);
  }
  if (service === null || typeof service !== "object") {
    throw new TypeError(`${fn}: service must be a grpc-js ServiceDefinition (e.g. pkg.v1.Service.service)`);
  }
  const methods = Object.entries(service);
  if (methods.length === 0) throw new TypeError(`${fn}: service "${serviceName}" defines no methods`);
  // Validate every method before creating any series, so a bad definition leaves nothing half-initialised.
  const labels = methods.map(([key, def]) => {
    if (def === null || typeof def !== "object" || typeof def.path !== "string") {
      throw new TypeError(`${fn}: method "${key}" of "${serviceName}" has no path (not a ServiceDefinition?)`);
    }
    const l = grpcMethodLabels(def.path, def.requestStream === true, def.responseStream === true);
    // The interceptors label calls from the path, so a series under any other service name would stay 0 forever.
    if (l.grpc_service !== serviceName) {
      throw new TypeError(
        `${fn}: method "${key}" has path "${def.path}", which is not in service "${serviceName}" (expected "/${serviceName}/<Method>")`,
      );
    }
    return l;
  });
  const instruments = grpcInstruments(metrics, side, options);
  for (const l of labels) new MethodMetrics(instruments, l).initialize();
}

/** Zero-initialises every server series of `service`'s methods. Pass the options given to the interceptor. */
export function initializeServerMetrics(
  metrics: MetricsPort,
  service: grpc.ServiceDefinition,
  serviceName: string,
  options?: GrpcMetricsOptions,
): void {
  initialize("server", metrics, service, serviceName, options);
}

/** Zero-initialises every client series of `service`'s methods. Pass the options given to the interceptor. */
export function initializeClientMetrics(
  metrics: MetricsPort,
  service: grpc.ServiceDefinition,
  serviceName: string,
  options?: GrpcMetricsOptions,
): void {
  initialize("client", metrics, service, serviceName, options);
}
