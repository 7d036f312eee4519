import { describe, expect, it } from "vitest";
import { isRejectReason, REJECT_REASONS, reject } from "./rejections.js";

describe("rejections", () => {
  it("carry a reason, a message and the field only when there is one", () => {
    expect(reject("INVALID_PRICE", "bad", "price")).toEqual({ ok: false, reason: "INVALID_PRICE", message: "bad", field: "price" });
    expect(Object.keys(reject("NO_LIQUIDITY", "empty"))).toEqual(["ok", "reason", "message"]);
  });

  it("list every reason the issue names", () => {
    for (const r of [
      "UNKNOWN_SYMBOL",
      "INVALID_PRICE",
      "INVALID_QUANTITY",
      "BELOW_MIN_QUANTITY",
      "INSUFFICIENT_FUNDS",
      "POST_ONLY_WOULD_TAKE",
      "FOK_NOT_FILLABLE",
      "UNKNOWN_ACCOUNT",
      "UNKNOWN_ORDER",
      "DUPLICATE_CLIENT_ORDER_ID",
      "TRADING_HALTED",
      "NO_LIQUIDITY",
    ]) {
      expect(isRejectReason(r)).toBe(true);
    }
    expect(isRejectReason("NOPE")).toBe(false);
    expect(new Set(REJECT_REASONS).size).toBe(REJECT_REASONS.length);
  });
});
