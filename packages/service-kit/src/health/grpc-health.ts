/**
 * `grpc.health.v1.Health` (Check, Watch, List) driven by readiness. Check answers from the last known state
 * without I/O, so a Kubernetes gRPC probe with a 1 s timeout is never held up by a slow dependency; the
 * readiness poller keeps that state fresh and Watch streams see every flip.
 *
 * Written here rather than using grpc-health-check's HealthImplementation (we do use its proto definition)
 * because shutdown must end Watch streams — otherwise a graceful shutdown waits for every watching client —
 * and because a watcher should only hear about actual changes.
 */
import * as grpc from "@grpc/grpc-js";
import { service as healthService } from "grpc-health-check";

export { healthService };

export type ServingStatus = "SERVING" | "NOT_SERVING";
type WatchStatus = ServingStatus | "SERVICE_UNKNOWN";

interface HealthRequest {
  service?: string;
}
interface HealthResponse {
  status: WatchStatus;
}

export class GrpcHealth {
  private readonly statuses = new Map<string, ServingStatus>();
  private readonly watchers = new Map<string, Set<grpc.ServerWritableStream<HealthRequest, HealthResponse>>>();
  private shutDown = false;

  /** Sets (and announces to watchers) one service name's status. "" is the server as a whole. */
  setStatus(service: string, status: ServingStatus): void {
    if (this.shutDown) return;
    const before = this.statuses.get(service);
    this.statuses.set(service, status);
    if (before !== status) for (const call of this.watchers.get(service) ?? []) call.write({ status });
  }

  /** Sets every known name at once (they all follow readiness). */
  setAll(status: ServingStatus): void {
    for (const name of this.statuses.keys()) this.setStatus(name, status);
  }

  status(service: string): ServingStatus | undefined {
    return this.statuses.get(service);
  }

  /** NOT_SERVING everywhere, then ends every Watch stream so the server can drain. */
  shutdown(): void {
    this.setAll("NOT_SERVING");
    this.shutDown = true;
    for (const calls of this.watchers.values()) {
      for (const call of calls) {
        // An 'error' on a server stream ends it with that status (grpc-js ServerWritableStream).
        call.emit("error", { code: grpc.status.UNAVAILABLE, details: "server shutting down" });
      }
    }
    this.watchers.clear();
  }

  implementation(): grpc.UntypedServiceImplementation {
    return {
      Check: (call: grpc.ServerUnaryCall<HealthRequest, HealthResponse>, callback: grpc.sendUnaryData<HealthResponse>) => {
        const name = call.request.service ?? "";
        const status = this.statuses.get(name);
        if (status) callback(null, { status });
        else callback({ code: grpc.status.NOT_FOUND, details: `unknown service "${name}"` });
      },
      Watch: (call: grpc.ServerWritableStream<HealthRequest, HealthResponse>) => {
        const name = call.request.service ?? "";
        if (this.shutDown) {
          call.emit("error", { code: grpc.status.UNAVAILABLE, details: "server shutting down" });
          return;
        }
        let set = this.watchers.get(name);
        if (!set) {
          set = new Set();
          this.watchers.set(name, set);
        }
        set.add(call);
        call.on("cancelled", () => this.watchers.get(name)?.delete(call));
        call.write({ status: this.statuses.get(name) ?? "SERVICE_UNKNOWN" });
      },
      List: (_call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
        const statuses: Record<string, { status: ServingStatus }> = {};
        for (const [name, status] of this.statuses) statuses[name] = { status };
        callback(null, { statuses });
      },
    };
  }
}
