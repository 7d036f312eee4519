/**
 * A small instrumented service used by the integration tests: a Hono app (plain, param and sub-app routes,
 * an auth-guarded route, a throwing route) and a grpc-js server (unary OK / NotFound / InvalidArgument),
 * both wired through the port to whichever adapter the caller passes.
 */
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { initializeServerMetrics, serverMetricsInterceptor } from "../src/grpc/index.js";
import { httpMetrics, mountMetricsRoutes } from "../src/hono/index.js";
import { authGuardedApi } from "../src/hono/test-support/index.js";
import type { MetricsExporter, MetricsRegistry } from "../src/index.js";

const protoPath = fileURLToPath(new URL("../bench/fixtures/bench.proto", import.meta.url));

export interface SampleApp {
  httpPort: number;
  grpcPort: number;
  client: grpc.Client & { Echo: (req: { payload: string }, cb: (err: grpc.ServiceError | null) => void) => void };
  close(): Promise<void>;
}

export async function startSampleApp(metrics: MetricsRegistry & MetricsExporter): Promise<SampleApp> {
  const app = new Hono();
  app.use(httpMetrics(metrics));
  mountMetricsRoutes(app, metrics);
  app.route("/api", authGuardedApi());
  app.get("/hello", (c) => c.text("hello"));
  app.get("/slow", async (c) => {
    await new Promise((r) => setTimeout(r, 30));
    return c.text("slow");
  });
  app.get("/boom", () => {
    throw new Error("boom");
  });

  const httpServer = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  const httpPort = (httpServer.address() as AddressInfo).port;

  // biome-ignore lint/suspicious/noExplicitAny: loadPackageDefinition is untyped by design
  const pkg = grpc.loadPackageDefinition(protoLoader.loadSync(protoPath)) as any;
  const service: grpc.ServiceDefinition = pkg.tse.bench.v1.Bench.service;
  initializeServerMetrics(metrics, service, "tse.bench.v1.Bench");
  const grpcServer = new grpc.Server({ interceptors: [serverMetricsInterceptor(metrics)] });
  grpcServer.addService(service, {
    Echo: (call: grpc.ServerUnaryCall<{ payload: string }, unknown>, cb: grpc.sendUnaryData<unknown>) => {
      if (call.request.payload === "missing") return cb({ code: grpc.status.NOT_FOUND, details: "no such thing" });
      if (call.request.payload === "") return cb({ code: grpc.status.INVALID_ARGUMENT, details: "payload is required" });
      cb(null, { payload: call.request.payload });
    },
  });
  const grpcPort = await new Promise<number>((resolve, reject) =>
    grpcServer.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => (err ? reject(err) : resolve(port))),
  );
  const client = new pkg.tse.bench.v1.Bench(`127.0.0.1:${grpcPort}`, grpc.credentials.createInsecure());

  return {
    httpPort,
    grpcPort,
    client,
    async close() {
      client.close();
      await new Promise<void>((r) => grpcServer.tryShutdown(() => r()));
      await new Promise<void>((r) => httpServer.close(() => r()));
    },
  };
}

/** Calls the sample gRPC method and resolves with the status code (0 = OK). */
export function echo(app: SampleApp, payload: string): Promise<number> {
  return new Promise((resolve) => app.client.Echo({ payload }, (err) => resolve(err ? err.code : 0)));
}
