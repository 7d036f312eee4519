/** Real gRPC clients for tests: the sample Echo service, grpc.health.v1 and server reflection v1. */
import { createRequire } from "node:module";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { service as healthService } from "grpc-health-check";
import { loadSampleProto } from "./sample-service/proto.js";

const insecure = grpc.credentials.createInsecure();

export interface CallResult<T> {
  value?: T;
  error?: grpc.ServiceError;
}

export function sampleClient(address: string) {
  const Sample = loadSampleProto();
  const client = new Sample(address, insecure);
  return {
    /** Never rejects: resolves with the reply or the ServiceError, so tests can assert on either. */
    echo(message: string, delayMs = 0, deadlineMs = 10_000): Promise<CallResult<{ message: string }>> {
      return new Promise((resolve) => {
        client.Echo!(
          { message, delay_ms: delayMs },
          { deadline: Date.now() + deadlineMs },
          (error: grpc.ServiceError | null, value: { message: string }) => resolve(error ? { error } : { value }),
        );
      });
    },
    close: () => client.close(),
  };
}

const HealthClient = grpc.makeClientConstructor(healthService as unknown as grpc.ServiceDefinition, "grpc.health.v1.Health");

export function healthClient(address: string) {
  const client = new HealthClient(address, insecure) as grpc.Client & Record<string, (...args: unknown[]) => unknown>;
  return {
    check(service: string): Promise<string> {
      return new Promise((resolve, reject) => {
        client.Check!({ service }, { deadline: Date.now() + 5000 }, (err: grpc.ServiceError | null, res: { status: string }) =>
          err ? reject(err) : resolve(res.status),
        );
      });
    },
    /** Starts a Watch; `statuses` fills as the server announces changes. */
    watch(service: string) {
      const statuses: string[] = [];
      let ended: grpc.StatusObject | undefined;
      const call = client.Watch!({ service }) as grpc.ClientReadableStream<{ status: string }>;
      call.on("data", (m: { status: string }) => statuses.push(m.status));
      call.on("status", (s: grpc.StatusObject) => {
        ended = s;
      });
      call.on("error", () => {});
      return { statuses, ended: () => ended, cancel: () => call.cancel() };
    },
    close: () => client.close(),
  };
}

const require = createRequire(import.meta.url);
const REFLECTION_PROTO = require.resolve("@grpc/reflection/build/proto/grpc/reflection/v1/reflection.proto");

interface ReflectionResponse {
  list_services_response?: { service: Array<{ name: string }> };
  file_descriptor_response?: { file_descriptor_proto: Buffer[] };
  error_response?: { error_code: number; error_message: string };
}

/** What `grpcurl list` / `grpcurl describe` do: one request on the bidi ServerReflectionInfo stream. */
export function reflectionClient(address: string) {
  const def = protoLoader.loadSync(REFLECTION_PROTO, { keepCase: true, oneofs: true });
  const pkg = grpc.loadPackageDefinition(def) as unknown as {
    grpc: { reflection: { v1: { ServerReflection: grpc.ServiceClientConstructor } } };
  };
  const client = new pkg.grpc.reflection.v1.ServerReflection(address, insecure);
  const ask = (request: Record<string, string>): Promise<ReflectionResponse> =>
    new Promise((resolve, reject) => {
      const call = (client as unknown as { ServerReflectionInfo: () => grpc.ClientDuplexStream<unknown, ReflectionResponse> })
        .ServerReflectionInfo();
      call.on("data", (res: ReflectionResponse) => {
        resolve(res);
        call.end();
      });
      call.on("error", reject);
      call.write(request);
    });
  return {
    async listServices(): Promise<string[]> {
      const res = await ask({ list_services: "*" });
      return (res.list_services_response?.service ?? []).map((s) => s.name).sort();
    },
    /** Number of encoded file descriptors describing `symbol` (0 or an error when unknown). */
    async fileContainingSymbol(symbol: string): Promise<ReflectionResponse> {
      return ask({ file_containing_symbol: symbol });
    },
    close: () => client.close(),
  };
}
