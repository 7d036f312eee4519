import { status } from "@grpc/grpc-js";
import { describe, expect, it } from "vitest";
import { cancelledCallCode, DEADLINE_GRACE_MS } from "./cancel-code.js";

describe("cancelledCallCode", () => {
  const now = 1_000_000;

  it("is Canceled for a call without a deadline", () => {
    expect(cancelledCallCode(Number.POSITIVE_INFINITY, now)).toBe(status.CANCELLED);
  });

  it("is Canceled when the deadline is still well ahead", () => {
    expect(cancelledCallCode(now + DEADLINE_GRACE_MS + 1, now)).toBe(status.CANCELLED);
    expect(cancelledCallCode(new Date(now + 60_000), now)).toBe(status.CANCELLED);
  });

  it("is DeadlineExceeded once the deadline has passed or is within the grace window", () => {
    expect(cancelledCallCode(now - 5, now)).toBe(status.DEADLINE_EXCEEDED);
    expect(cancelledCallCode(now, now)).toBe(status.DEADLINE_EXCEEDED);
    expect(cancelledCallCode(now + DEADLINE_GRACE_MS, now)).toBe(status.DEADLINE_EXCEEDED);
    expect(cancelledCallCode(new Date(now - 1), now)).toBe(status.DEADLINE_EXCEEDED);
  });
});
