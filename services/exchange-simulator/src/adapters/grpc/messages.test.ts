import { type ServiceError, status } from "@grpc/grpc-js";
import type { exchangeV1 } from "@tse/contracts";
import { describe, expect, it } from "vitest";
import { placeOrderInput } from "./messages.js";

const message = (fields: Partial<exchangeV1.PlaceOrderRequest__Output>): exchangeV1.PlaceOrderRequest__Output => ({
  accountId: "a",
  symbol: "BTC-USD",
  side: "BUY",
  type: "LIMIT",
  quantity: "1",
  price: "100.00",
  timeInForce: "TIME_IN_FORCE_UNSPECIFIED",
  postOnly: false,
  clientOrderId: "",
  ...fields,
});

function refusal(fields: Partial<exchangeV1.PlaceOrderRequest__Output>): ServiceError {
  try {
    placeOrderInput(message(fields));
  } catch (err) {
    return err as ServiceError;
  }
  throw new Error("expected INVALID_ARGUMENT");
}

describe("placeOrderInput", () => {
  it("drops what proto3 cannot leave out (empty strings, *_UNSPECIFIED, false)", () => {
    expect(placeOrderInput(message({}))).toStrictEqual({ accountId: "a", symbol: "BTC-USD", side: "BUY", type: "LIMIT", quantity: "1", price: "100.00" });
    expect(placeOrderInput(message({ type: "MARKET", price: "", timeInForce: "IOC", postOnly: true, clientOrderId: "c-1" }))).toStrictEqual({
      accountId: "a",
      symbol: "BTC-USD",
      side: "BUY",
      type: "MARKET",
      quantity: "1",
      timeInForce: "IOC",
      postOnly: true,
      clientOrderId: "c-1",
    });
  });

  it("refuses bad fields with INVALID_ARGUMENT naming them, an enum number the contract lacks included", () => {
    const unknownSide = refusal({ side: 7 as unknown as exchangeV1.Side__Output });
    expect(unknownSide.code).toBe(status.INVALID_ARGUMENT);
    expect(unknownSide.details).toMatch(/side/);
    const several = refusal({ side: "SIDE_UNSPECIFIED", quantity: "1e3" });
    expect(several.code).toBe(status.INVALID_ARGUMENT);
    expect(several.details).toMatch(/side.*quantity|quantity.*side/);
  });
});
