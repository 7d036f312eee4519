import { fileURLToPath } from "node:url";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";

/** The sample service definition and a client constructor, loaded from sample.proto. */
export function loadSampleProto() {
  const definition = protoLoader.loadSync(fileURLToPath(new URL("./sample.proto", import.meta.url)), {
    keepCase: true,
    defaults: true,
  });
  const pkg = grpc.loadPackageDefinition(definition) as unknown as {
    tse: { sample: { v1: { Sample: grpc.ServiceClientConstructor } } };
  };
  return pkg.tse.sample.v1.Sample;
}
