/**
 * A unary echo gRPC server, bare or with our server metrics interceptor.
 * Usage: node --import tsx bench/grpc-server.ts <bare|ours> <port>
 */
import { fileURLToPath } from "node:url";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { initializeServerMetrics, serverMetricsInterceptor } from "../src/grpc/index.js";
import { createPrometheusMetrics } from "../src/prometheus/index.js";
import { answerStatsQueries } from "./server-stats.js";

const [variant, portArg] = process.argv.slice(2);
const def = protoLoader.loadSync(fileURLToPath(new URL("fixtures/bench.proto", import.meta.url)));
// biome-ignore lint/suspicious/noExplicitAny: loadPackageDefinition is untyped by design
const pkg = grpc.loadPackageDefinition(def) as any;
const service: grpc.ServiceDefinition = pkg.tse.bench.v1.Bench.service;

let server: grpc.Server;
if (variant === "ours") {
  const metrics = createPrometheusMetrics({
    constantLabels: { service: "bench", instance_name: "bench", version: "0.0.0" },
    runtimeMetrics: false,
  });
  initializeServerMetrics(metrics, service, "tse.bench.v1.Bench");
  server = new grpc.Server({ interceptors: [serverMetricsInterceptor(metrics)] });
} else if (variant === "bare") {
  server = new grpc.Server();
} else {
  throw new Error(`unknown variant ${variant}`);
}
let handled = 0;
server.addService(service, {
  Echo: (call: grpc.ServerUnaryCall<{ payload: string }, unknown>, cb: grpc.sendUnaryData<unknown>) => {
    handled++;
    cb(null, { payload: call.request.payload });
  },
});
answerStatsQueries(() => handled);
server.bindAsync(`127.0.0.1:${portArg}`, grpc.ServerCredentials.createInsecure(), (err) => {
  if (err) throw err;
  process.send?.("ready");
});
