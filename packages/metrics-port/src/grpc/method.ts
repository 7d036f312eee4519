/**
 * The method labels of one gRPC method, derived the way go-grpc-prometheus derives them so that series from
 * Node and Go services line up: `grpc_service` and `grpc_method` split from the full path, `grpc_type` from
 * whether each direction streams.
 */

export type GrpcType = "unary" | "client_stream" | "server_stream" | "bidi_stream";

export interface GrpcMethodLabels {
  readonly grpc_type: GrpcType;
  readonly grpc_service: string;
  readonly grpc_method: string;
}

export function grpcType(requestStream: boolean, responseStream: boolean): GrpcType {
  if (requestStream) return responseStream ? "bidi_stream" : "client_stream";
  return responseStream ? "server_stream" : "unary";
}

/**
 * Splits `/pkg.Service/Method` into `pkg.Service` and `Method`. A path without the second `/` cannot name a
 * method; like Go, it becomes `unknown`/`unknown` rather than an unbounded label value.
 */
export function parseGrpcPath(path: string): { service: string; method: string } {
  const full = path.startsWith("/") ? path.slice(1) : path;
  const slash = full.indexOf("/");
  if (slash < 0) return { service: "unknown", method: "unknown" };
  return { service: full.slice(0, slash), method: full.slice(slash + 1) };
}

export function grpcMethodLabels(path: string, requestStream: boolean, responseStream: boolean): GrpcMethodLabels {
  const { service, method } = parseGrpcPath(path);
  return { grpc_type: grpcType(requestStream, responseStream), grpc_service: service, grpc_method: method };
}
