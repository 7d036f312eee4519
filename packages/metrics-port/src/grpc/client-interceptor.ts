/**
 * Client-side gRPC metrics as a grpc-js client interceptor
 * (`new Client(address, credentials, { interceptors: [clientMetricsInterceptor(metrics)] })`).
 *
 * On the client every end of a call arrives as a status, its own cancels (Canceled) and deadlines
 * (DeadlineExceeded) included, so nothing is inferred. Put it first so that a later interceptor's retries or
 * synthetic statuses are measured as the application sees them.
 */
import * as grpc from "@grpc/grpc-js";
import type { MetricsPort } from "../port.js";
import type { GrpcMetricsOptions } from "./descriptors.js";
import { CallTracker, grpcInstruments, MethodMetricsCache } from "./method-metrics.js";

export function clientMetricsInterceptor(metrics: MetricsPort, options?: GrpcMetricsOptions): grpc.Interceptor {
  const methods = new MethodMetricsCache(grpcInstruments(metrics, "client", options));
  return (callOptions, nextCall) => {
    const { path, requestStream, responseStream } = callOptions.method_definition;
    const tracker = new CallTracker(methods.get(path, requestStream, responseStream));
    return new grpc.InterceptingCall(nextCall(callOptions), {
      start(metadata, _listener, next) {
        next(metadata, {
          onReceiveMessage(message, nextMessage) {
            // For a unary response grpc-js delivers `null` before the status when the server sent no message
            // (every error); that is not a message received.
            if (message !== null || responseStream) tracker.received();
            nextMessage(message);
          },
          onReceiveStatus(status, nextStatus) {
            tracker.finish(status.code);
            nextStatus(status);
          },
        });
      },
      sendMessage(message, next) {
        tracker.sent();
        next(message);
      },
    });
  };
}
