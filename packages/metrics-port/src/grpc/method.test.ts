import { describe, expect, it } from "vitest";
import { grpcMethodLabels, grpcType, parseGrpcPath } from "./method.js";

describe("gRPC method labels", () => {
  it("derives grpc_type from the two streaming flags", () => {
    expect(grpcType(false, false)).toBe("unary");
    expect(grpcType(true, false)).toBe("client_stream");
    expect(grpcType(false, true)).toBe("server_stream");
    expect(grpcType(true, true)).toBe("bidi_stream");
  });

  it("splits /pkg.Service/Method into service and method", () => {
    expect(parseGrpcPath("/tse.exchange.v1.Orders/Place")).toEqual({ service: "tse.exchange.v1.Orders", method: "Place" });
    expect(parseGrpcPath("Svc/M")).toEqual({ service: "Svc", method: "M" });
    expect(grpcMethodLabels("/a.B/C", true, false)).toEqual({
      grpc_type: "client_stream",
      grpc_service: "a.B",
      grpc_method: "C",
    });
  });

  it("labels a path that names no method unknown/unknown instead of echoing it", () => {
    expect(parseGrpcPath("/not-a-method")).toEqual({ service: "unknown", method: "unknown" });
    expect(parseGrpcPath("")).toEqual({ service: "unknown", method: "unknown" });
  });
});
