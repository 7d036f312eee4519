/**
 * One instrumented sample service for the adapter swap test: a Hono app (plain, param and throwing routes,
 * the scrape routes) and a real grpc-js server (unary `Get`, plus `List` that is only zero-initialised),
 * both recording through the port with the real middleware and interceptor. The adapter is the only input.
 *
 * The gRPC service is defined in code with JSON (de)serialisers, so the test needs no .proto file.
 */
import type { AddressInfo } from "node:net";
import * as grpc from "@grpc/grpc-js";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import type { MetricsExporter } from "../../exporter.js";
import { initializeServerMetrics, serverMetricsInterceptor } from "../../grpc/index.js";
import { httpMetrics, mountMetricsRoutes } from "../../hono/index.js";
import type { MetricsRegistry } from "../../port.js";

export const QUOTES_SERVICE = "tse.swap.v1.Quotes";

interface QuoteRequest {
  symbol: string;
}
interface QuoteReply {
  symbol: string;
  price: number;
}

const json = {
  serialize: (value: unknown) => Buffer.from(JSON.stringify(value)),
  deserialize: (bytes: Buffer) => JSON.parse(bytes.toString("utf8")),
};

function unary(method: string): grpc.MethodDefinition<QuoteRequest, QuoteReply> {
  return {
    path: `/${QUOTES_SERVICE}/${method}`,
    requestStream: false,
    responseStream: false,
    requestSerialize: json.serialize,
    requestDeserialize: json.deserialize,
    responseSerialize: json.serialize,
    responseDeserialize: json.deserialize,
  };
}

export const quotesService = { Get: unary("Get"), List: unary("List") } satisfies grpc.ServiceDefinition;

const QuotesClient = grpc.makeGenericClientConstructor(quotesService, "Quotes");

export interface SampleApp {
  readonly baseUrl: string;
  /** Calls Quotes/Get; resolves with the gRPC status code (0 = OK). "MISSING" answers NotFound. */
  getQuote(symbol: string): Promise<number>;
  close(): Promise<void>;
}

export async function startSampleApp(metrics: MetricsRegistry & MetricsExporter): Promise<SampleApp> {
  const app = new Hono();
  app.use(httpMetrics(metrics));
  mountMetricsRoutes(app, metrics);
  app.get("/hello", (c) => c.text("hello"));
  app.get("/users/:id", (c) => c.json({ id: c.req.param("id") }));
  app.get("/boom", () => {
    throw new Error("boom");
  });
  // Hono's default handler also answers 500, but logs the stack on every run of the test.
  app.onError((_err, c) => c.text("internal error", 500));
  const http = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(server));
  });
  const httpPort = (http.address() as AddressInfo).port;

  const server = new grpc.Server({ interceptors: [serverMetricsInterceptor(metrics)] });
  server.addService(quotesService, {
    Get: (call: grpc.ServerUnaryCall<QuoteRequest, QuoteReply>, callback: grpc.sendUnaryData<QuoteReply>) => {
      if (call.request.symbol === "MISSING") callback({ code: grpc.status.NOT_FOUND, details: "unknown symbol" });
      else callback(null, { symbol: call.request.symbol, price: 100 });
    },
    List: (_call: grpc.ServerUnaryCall<QuoteRequest, QuoteReply>, callback: grpc.sendUnaryData<QuoteReply>) =>
      callback({ code: grpc.status.UNIMPLEMENTED }),
  });
  initializeServerMetrics(metrics, quotesService, QUOTES_SERVICE);
  const grpcPort = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => (err ? reject(err) : resolve(port))),
  );
  const client = new QuotesClient(`127.0.0.1:${grpcPort}`, grpc.credentials.createInsecure());

  return {
    baseUrl: `http://127.0.0.1:${httpPort}`,
    getQuote: (symbol) =>
      new Promise((resolve) => {
        client.makeUnaryRequest(
          quotesService.Get.path,
          quotesService.Get.requestSerialize,
          quotesService.Get.responseDeserialize,
          { symbol },
          (err) => resolve(err ? (err.code ?? grpc.status.UNKNOWN) : grpc.status.OK),
        );
      }),
    async close() {
      client.close();
      await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
      await new Promise<void>((resolve, reject) => http.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
