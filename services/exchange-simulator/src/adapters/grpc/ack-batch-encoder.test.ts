import { type exchangeV1, loadExchangeProto } from "@tse/contracts";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AckBatchEncoder } from "./ack-batch-encoder.js";
import { ackEnums } from "./service-definition.js";
import { arbitraryMessage } from "./test-support/arbitrary-message.js";

const method = loadExchangeProto().ExchangeService.service.SubmitOrderBatches;
const encoder = new AckBatchEncoder(ackEnums());
/** What a client decodes (proto-loader's options: defaults filled in, enums as names). */
const decode = (buf: Buffer) => method.responseDeserialize(buf);

const batch = arbitraryMessage("tse.exchange.v1.OrderEntryAckBatch");

describe("AckBatchEncoder", () => {
  it("writes what protobufjs writes: a decoder reads the same message from both, for every field of the contract", () => {
    fc.assert(
      fc.property(batch, (message) => {
        const m = message as exchangeV1.OrderEntryAckBatch;
        const ours = encoder.encode(m);
        const theirs = method.responseSerialize(m);
        expect(decode(ours)).toStrictEqual(decode(theirs));
        // Defaults omitted and nothing else: never longer than protobufjs, which also writes explicit defaults.
        expect(ours.length).toBeLessThanOrEqual(theirs.length);
      }),
      { numRuns: 3_000 },
    );
  });

  it("writes the same bytes ack by ack (success / failure) as from ack objects", () => {
    const acks = fc.array(arbitraryMessage("tse.exchange.v1.OrderEntryAck"), { maxLength: 8 });
    fc.assert(
      fc.property(acks, (generated) => {
        // A success has an order and fills and no error; the rest are failures.
        const messages = generated.map((a) => a as exchangeV1.OrderEntryAck);
        const expected = encoder.encode({
          acks: messages.map((a) =>
            a.order ? { requestId: a.requestId, order: a.order, fills: a.fills } : { requestId: a.requestId, errorCode: a.errorCode, errorMessage: a.errorMessage },
          ),
        });
        encoder.begin();
        for (const a of messages) {
          if (a.order) encoder.success(a.requestId ?? "", a.order, [...(a.fills ?? []), { tradeId: "not written" }], a.fills?.length ?? 0);
          else encoder.failure(a.requestId ?? "", a.errorCode ?? "", a.errorMessage ?? "");
        }
        expect(encoder.finish().equals(expected)).toBe(true);
      }),
      { numRuns: 3_000 },
    );
  });

  it("writes protobufjs's bytes exactly when no field holds a default, long sub-messages included", () => {
    const order: exchangeV1.Order = {
      orderId: "42",
      clientOrderId: "c".repeat(64),
      accountId: "alice",
      symbol: "BTC-USD",
      side: "BUY",
      type: "LIMIT",
      timeInForce: "GTC",
      postOnly: true,
      price: "30000.00",
      quantity: "0.5",
      filledQuantity: "0.2",
      remainingQuantity: "0.3",
      status: "PARTIALLY_FILLED",
      rejectReason: "x".repeat(200),
      createdAtMs: 1_763_900_000_000,
      updatedAtMs: 1_763_900_000_001,
    };
    const fill: exchangeV1.Fill = { tradeId: "7", orderId: "42", price: "30000.00", quantity: "0.2", fee: "0.0002", feeAsset: "BTC", maker: true };
    const message: exchangeV1.OrderEntryAckBatch = {
      acks: [
        { requestId: "r-1", order, fills: [fill, fill] },
        { requestId: "r-2", errorCode: "InvalidArgument", errorMessage: `quantity: ${"z".repeat(20_000)}` },
      ],
    };
    expect(encoder.encode(message).equals(method.responseSerialize(message))).toBe(true);
    // The working buffer is reused: an earlier result must not change.
    const first = encoder.encode(message);
    const copy = Buffer.from(first);
    encoder.encode({ acks: [{ requestId: "other" }] });
    expect(first.equals(copy)).toBe(true);
  });

  it("refuses an enum name its enum does not have", () => {
    expect(() => encoder.encode({ acks: [{ order: { side: "SIDEWAYS" as exchangeV1.Side } }] })).toThrow(/side.*SIDEWAYS/);
  });
});
