/**
 * Server-side gRPC metrics as a grpc-js (≥ 1.10) server interceptor.
 *
 * Put it FIRST in `new Server({ interceptors: [...] })`: grpc-js wraps interceptors in order around the
 * transport, so the first one sees every status the others send (an auth interceptor's Unauthenticated)
 * and every message as it crosses the wire.
 *
 * What no interceptor can see (grpc-js 1.14): a call to an unknown method is answered UNIMPLEMENTED before
 * interceptors run, so it is in no server metric (the client interceptor counts it). Statuses grpc-js sends
 * from the transport itself — its deadline timer, an undecodable or oversized request, an unserialisable
 * response — surface only as `onCancel`: a passed deadline counts as DeadlineExceeded, the rest as Canceled.
 */
import * as grpc from "@grpc/grpc-js";
import type { MetricsPort } from "../port.js";
import { cancelledCallCode } from "./cancel-code.js";
import type { GrpcMetricsOptions } from "./descriptors.js";
import { CallTracker, grpcInstruments, MethodMetricsCache } from "./method-metrics.js";

export function serverMetricsInterceptor(metrics: MetricsPort, options?: GrpcMetricsOptions): grpc.ServerInterceptor {
  const methods = new MethodMetricsCache(grpcInstruments(metrics, "server", options));
  return (descriptor, call) => {
    const tracker = new CallTracker(methods.get(descriptor.path, descriptor.requestStream, descriptor.responseStream));
    return new grpc.ServerInterceptingCall(call, {
      start(next) {
        next({
          onReceiveMessage(message, nextMessage) {
            tracker.received();
            nextMessage(message);
          },
          // Also fires after every normal end (grpc-js closes the stream); the tracker ignores that one.
          onCancel() {
            if (!tracker.finished) tracker.finish(cancelledCallCode(call.getDeadline(), Date.now()));
          },
        });
      },
      sendMessage(message, next) {
        tracker.sent();
        next(message);
      },
      sendStatus(status, next) {
        tracker.finish(status.code);
        next(status);
      },
    });
  };
}
