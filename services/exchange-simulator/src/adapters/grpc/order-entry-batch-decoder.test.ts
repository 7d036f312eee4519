import { type exchangeV1, loadExchangeProto } from "@tse/contracts";
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { OrderEntryBatchDecoder } from "./order-entry-batch-decoder.js";
import { requestEnums } from "./service-definition.js";
import { arbitraryMessage } from "./test-support/arbitrary-message.js";

const method = loadExchangeProto().ExchangeService.service.SubmitOrderBatches;
/** proto-loader's own deserializer: what the handler got before. */
const protobufjs = (bytes: Buffer) => method.requestDeserialize(bytes);

function decoderCountingFallbacks() {
  const general = vi.fn(protobufjs);
  return { decoder: new OrderEntryBatchDecoder(requestEnums(), general), general };
}

/** The outcome of decoding: the message (as JSON too, so key order counts), or the error's message. */
function outcome(decode: (bytes: Buffer) => exchangeV1.OrderEntryBatch__Output, bytes: Buffer) {
  try {
    const m = decode(bytes);
    return { m, json: JSON.stringify(m) };
  } catch (err) {
    return { error: String(err) };
  }
}

const batch = arbitraryMessage("tse.exchange.v1.OrderEntryBatch");

/** Canonical requests, as clients encode them: place or cancel (or neither), strings that repeat. */
const place = fc.record(
  {
    accountId: fc.constantFrom("bench-trader-1", "bench-trader-2", "ü-trader", ""),
    symbol: fc.constantFrom("BTC-USD", "ETH-USD", ""),
    side: fc.constantFrom("BUY", "SELL", "SIDE_UNSPECIFIED", 99),
    type: fc.constantFrom("LIMIT", "MARKET", "ORDER_TYPE_UNSPECIFIED"),
    quantity: fc.constantFrom("0.001", "0.0010", "1", "x".repeat(33), ""),
    price: fc.constantFrom("30000.00", "30000.01", "", "12345678901234567890123456789012"),
    timeInForce: fc.constantFrom("GTC", "IOC", "FOK", "TIME_IN_FORCE_UNSPECIFIED", 7),
    postOnly: fc.boolean(),
    clientOrderId: fc.constantFrom("", "c-1", "c-2"),
  },
  { requiredKeys: [] },
);
const request = fc.record(
  {
    requestId: fc.oneof(fc.string(), fc.nat().map(String)),
    action: fc.oneof(
      place.map((p) => ({ place: p })),
      fc.record({ orderId: fc.nat().map(String) }).map((c) => ({ cancel: c })),
      fc.constant({}),
    ),
  },
  { requiredKeys: ["action"] },
);
const canonical = fc.array(request, { maxLength: 50 }).map((rs) => ({ requests: rs.map(({ action, ...r }) => ({ ...r, ...action })) }));

describe("OrderEntryBatchDecoder", () => {
  it("decodes what proto-loader decodes, keys in the same order, for every field of the contract", () => {
    const { decoder } = decoderCountingFallbacks();
    fc.assert(
      fc.property(batch, (message) => {
        const bytes = method.requestSerialize(message as exchangeV1.OrderEntryBatch);
        expect(outcome(decoder.decode, bytes)).toStrictEqual(outcome(protobufjs, bytes));
      }),
      { numRuns: 2_000 },
    );
  });

  it("decodes canonical batches itself: protobufjs is never needed for them", () => {
    const { decoder, general } = decoderCountingFallbacks();
    fc.assert(
      fc.property(canonical, (message) => {
        const bytes = method.requestSerialize(message as exchangeV1.OrderEntryBatch);
        expect(outcome(decoder.decode, bytes)).toStrictEqual(outcome(protobufjs, bytes));
      }),
      { numRuns: 1_000 },
    );
    expect(general).not.toHaveBeenCalled();
  });

  it("leaves corrupted, truncated and extended messages to protobufjs: the same message or the same error", () => {
    const { decoder, general } = decoderCountingFallbacks();
    const corruption = fc.oneof(
      fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }).map((c) => (b: Buffer) => {
        const copy = Buffer.from(b);
        if (copy.length > 0) copy[c.at % copy.length] = c.byte;
        return copy;
      }),
      fc.nat().map((n) => (b: Buffer) => b.subarray(0, b.length === 0 ? 0 : n % b.length)),
      fc.uint8Array({ maxLength: 12 }).map((tail) => (b: Buffer) => Buffer.concat([b, tail])),
    );
    fc.assert(
      fc.property(canonical, corruption, (message, corrupt) => {
        const bytes = corrupt(method.requestSerialize(message as exchangeV1.OrderEntryBatch));
        expect(outcome(decoder.decode, bytes)).toStrictEqual(outcome(protobufjs, bytes));
      }),
      { numRuns: 2_000 },
    );
    expect(general).toHaveBeenCalled();
  });
});
