import * as grpc from "@grpc/grpc-js";
import { describe, expect, it } from "vitest";
import { GRPC_CODE_NAMES, GRPC_CODES, grpcCodeName } from "./codes.js";

describe("grpcCodeName", () => {
  it("spells every grpc-js status as Go's codes.Code.String() does", () => {
    const expected: Record<keyof typeof grpc.status, string> = {
      OK: "OK",
      CANCELLED: "Canceled",
      UNKNOWN: "Unknown",
      INVALID_ARGUMENT: "InvalidArgument",
      DEADLINE_EXCEEDED: "DeadlineExceeded",
      NOT_FOUND: "NotFound",
      ALREADY_EXISTS: "AlreadyExists",
      PERMISSION_DENIED: "PermissionDenied",
      RESOURCE_EXHAUSTED: "ResourceExhausted",
      FAILED_PRECONDITION: "FailedPrecondition",
      ABORTED: "Aborted",
      OUT_OF_RANGE: "OutOfRange",
      UNIMPLEMENTED: "Unimplemented",
      INTERNAL: "Internal",
      UNAVAILABLE: "Unavailable",
      DATA_LOSS: "DataLoss",
      UNAUTHENTICATED: "Unauthenticated",
    };
    for (const [key, name] of Object.entries(expected)) {
      expect(grpcCodeName(grpc.status[key as keyof typeof grpc.status]), key).toBe(name);
    }
    // grpc-js's enum and the table cover the same 17 codes.
    const numeric = Object.values(grpc.status).filter((v): v is number => typeof v === "number");
    expect(numeric.sort((a, b) => a - b)).toEqual([...GRPC_CODES]);
    expect(new Set(GRPC_CODE_NAMES).size).toBe(17);
  });

  it("renders codes outside the specification as Go does, never as a known name", () => {
    expect(grpcCodeName(99 as grpc.status)).toBe("Code(99)");
    expect(grpcCodeName(-1 as grpc.status)).toBe("Code(-1)");
    expect(grpcCodeName(1.5 as grpc.status)).toBe("Code(1.5)");
  });
});
