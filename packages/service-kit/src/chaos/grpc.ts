/**
 * Chaos for gRPC: a server interceptor applying the same built-in faults as HTTP requests get (chaos/http.ts).
 *
 * Place it AFTER the metrics interceptor (grpc-js wraps interceptors in order around the transport), so an
 * injected status passes through the metrics interceptor and is counted like any other. A rejected call never
 * reaches its handler: the incoming metadata is withheld (grpc-js then queues the request message too) and the
 * status is sent instead. A delay holds the metadata back for the delay, so the handler starts late.
 */
import * as grpc from "@grpc/grpc-js";
import type { ChaosRegistry } from "./registry.js";

export const CHAOS_FAULT_METADATA_KEY = "x-chaos-fault";

export function chaosInterceptor(chaos: ChaosRegistry, isExempt: (path: string) => boolean): grpc.ServerInterceptor {
  return (descriptor, call) => {
    if (isExempt(descriptor.path)) return new grpc.ServerInterceptingCall(call);
    const injection = chaos.decide({ protocol: "grpc", method: undefined, path: descriptor.path });
    if (!injection) return new grpc.ServerInterceptingCall(call);

    let timer: NodeJS.Timeout | undefined;
    return new grpc.ServerInterceptingCall(call, {
      start(next) {
        next({
          onReceiveMetadata(metadata, nextMetadata) {
            const proceed = () => {
              timer = undefined;
              const reject = injection.reject;
              if (!reject) return nextMetadata(metadata);
              const trailers = new grpc.Metadata();
              trailers.set(CHAOS_FAULT_METADATA_KEY, reject.fault);
              call.sendStatus({ code: reject.grpcCode, details: reject.message, metadata: trailers });
            };
            if (injection.delayMs > 0) timer = setTimeout(proceed, injection.delayMs);
            else proceed();
          },
          onCancel() {
            if (timer) clearTimeout(timer);
          },
        });
      },
    });
  };
}
