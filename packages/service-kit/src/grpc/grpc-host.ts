/**
 * The service's grpc-js server: interceptors in the right order, every added service zero-initialised in the
 * gRPC metrics and listed by server reflection (so `grpcurl -plaintext host:port list` works), plus
 * `grpc.health.v1.Health`. Shutdown drains in-flight calls up to a deadline, then cuts them.
 */
import * as grpc from "@grpc/grpc-js";
import type { PackageDefinition } from "@grpc/proto-loader";
import { ReflectionService } from "@grpc/reflection";
import type { MetricsPort } from "@tse/metrics-port";
import { initializeServerMetrics } from "@tse/metrics-port/grpc";
import type { Logger } from "pino";
import { type GrpcHealth, healthService } from "../health/grpc-health.js";

/** What `configure` gets to register gRPC services with. */
export interface GrpcRegistrar {
  /** The grpc-js server itself, for what this wrapper does not cover. Do not bind or shut it down yourself. */
  readonly server: grpc.Server;
  /**
   * Adds a service (e.g. `pkg.v1.Orders.service` from `grpc.loadPackageDefinition`). Its full name comes from
   * the method paths; it joins reflection (when loaded by proto-loader), health and the metrics' zero series.
   */
  addService(service: grpc.ServiceDefinition, implementation: grpc.UntypedServiceImplementation): void;
}

export interface GrpcHostOptions {
  metrics: MetricsPort;
  health: GrpcHealth;
  logger: Logger;
  /** Interceptors in grpc-js order: the first is closest to the transport (metrics first). */
  interceptors: grpc.ServerInterceptor[];
}

/** Proto-loader attaches the encoded .proto files to every message type; reflection needs exactly those. */
interface WithFileDescriptors {
  fileDescriptorProtos: Buffer[];
}
const hasFileDescriptors = (x: unknown): x is WithFileDescriptors =>
  typeof x === "object" && x !== null && Array.isArray((x as WithFileDescriptors).fileDescriptorProtos);

/** `/pkg.v1.Service/Method` → `pkg.v1.Service`. */
export function serviceNameOf(service: grpc.ServiceDefinition): string {
  const paths = Object.values(service).map((m) => m.path);
  const names = new Set(paths.map((p) => /^\/([^/]+)\/[^/]+$/.exec(p)?.[1]));
  const [name] = names;
  if (names.size !== 1 || name === undefined) {
    throw new TypeError(`not a gRPC service definition (method paths: ${paths.join(", ") || "none"})`);
  }
  return name;
}

export class GrpcHost implements GrpcRegistrar {
  readonly server: grpc.Server;
  /** Full names of the services added (health and reflection excluded). */
  readonly serviceNames: string[] = [];
  private readonly reflectionTypes: PackageDefinition = {};
  private port: number | undefined;

  constructor(private readonly options: GrpcHostOptions) {
    this.server = new grpc.Server({ interceptors: options.interceptors });
  }

  addService(service: grpc.ServiceDefinition, implementation: grpc.UntypedServiceImplementation): void {
    if (this.port !== undefined) throw new Error("gRPC services must be added before the service starts");
    const name = serviceNameOf(service);
    this.server.addService(service, implementation);
    initializeServerMetrics(this.options.metrics, service, name);
    this.addReflection(name, service);
    this.serviceNames.push(name);
  }

  /** Adds health and reflection, binds, and returns the bound port (useful when asked for port 0). */
  async listen(host: string, port: number, healthNames: readonly string[]): Promise<number> {
    const health = this.options.health;
    for (const name of ["", ...healthNames, ...this.serviceNames]) health.setStatus(name, "NOT_SERVING");
    this.server.addService(healthService as unknown as grpc.ServiceDefinition, health.implementation());
    this.addReflection("grpc.health.v1.Health", healthService as unknown as grpc.ServiceDefinition);
    new ReflectionService(this.reflectionTypes, {
      services: [...this.serviceNames, "grpc.health.v1.Health"],
    }).addToServer(this.server);

    const address = host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
    this.port = await new Promise<number>((resolve, reject) => {
      this.server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (err, bound) =>
        err ? reject(err) : resolve(bound),
      );
    });
    return this.port;
  }

  /**
   * Stops accepting calls and waits for in-flight ones up to `deadlineMs`, then cancels the rest.
   * Resolves true when everything finished in time.
   */
  shutdown(deadlineMs: number): Promise<boolean> {
    if (this.port === undefined) return Promise.resolve(true);
    this.options.health.shutdown();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.options.logger.warn({ deadline_ms: deadlineMs }, "gRPC calls still running at the shutdown deadline; cancelling them");
        this.server.forceShutdown();
        resolve(false);
      }, deadlineMs);
      this.server.tryShutdown(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  private addReflection(name: string, service: grpc.ServiceDefinition): void {
    let found = false;
    for (const [method, def] of Object.entries(service)) {
      const request = (def as unknown as { requestType?: unknown }).requestType;
      if (hasFileDescriptors(request)) {
        this.reflectionTypes[`${name}.${method}`] = request as unknown as PackageDefinition[string];
        found = true;
      }
    }
    if (!found) {
      this.options.logger.warn({ grpc_service: name }, "gRPC service has no proto descriptors (not loaded by proto-loader); reflection will not describe it");
    }
  }
}
