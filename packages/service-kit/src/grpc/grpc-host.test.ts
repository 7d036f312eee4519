import { describe, expect, it } from "vitest";
import { loadSampleProto } from "../test-support/sample-service/proto.js";
import { healthService } from "../health/grpc-health.js";
import { serviceNameOf } from "./grpc-host.js";

describe("serviceNameOf", () => {
  it("reads the full service name from the method paths", () => {
    expect(serviceNameOf(loadSampleProto().service)).toBe("tse.sample.v1.Sample");
    expect(serviceNameOf(healthService as never)).toBe("grpc.health.v1.Health");
  });

  it("refuses something that is not a service definition", () => {
    expect(() => serviceNameOf({} as never)).toThrow(/not a gRPC service definition/);
    const mixed = { A: { path: "/a.S/A" }, B: { path: "/b.S/B" } };
    expect(() => serviceNameOf(mixed as never)).toThrow(/method paths: \/a.S\/A, \/b.S\/B/);
  });
});
