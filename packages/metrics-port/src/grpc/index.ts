/**
 * @tse/metrics-port/grpc — go-grpc-prometheus-compatible metrics for @grpc/grpc-js servers and clients.
 *
 *   const metrics = ...;                                  // any MetricsPort (Prometheus, OTel, recording)
 *   const server = new grpc.Server({ interceptors: [serverMetricsInterceptor(metrics), authInterceptor] });
 *   server.addService(pkg.v1.Orders.service, handlers);
 *   initializeServerMetrics(metrics, pkg.v1.Orders.service, "pkg.v1.Orders");
 *
 *   const client = new pkg.v1.Orders(address, credentials, { interceptors: [clientMetricsInterceptor(metrics)] });
 *   initializeClientMetrics(metrics, pkg.v1.Orders.service, "pkg.v1.Orders");
 *
 * Needs @grpc/grpc-js ≥ 1.10 (server interceptors).
 */
export { clientMetricsInterceptor } from "./client-interceptor.js";
export { GRPC_CODE_NAMES, grpcCodeName } from "./codes.js";
export {
  type GrpcCodeLabel,
  type GrpcMethodLabel,
  type GrpcMetricDescriptors,
  type GrpcMetricsOptions,
  grpcClientMetricDescriptors,
  grpcServerMetricDescriptors,
} from "./descriptors.js";
export { initializeClientMetrics, initializeServerMetrics } from "./initialize.js";
export type { GrpcType } from "./method.js";
export { serverMetricsInterceptor } from "./server-interceptor.js";
