import { EventEmitter } from "node:events";
import { type exchangeV1, loadExchangeProto } from "@tse/contracts";
import { MemoryEventLog } from "@tse/storage";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ExchangeApp, type OrderEntry } from "../../application/exchange-app.js";
import { GroupCommit } from "../../application/group-commit.js";
import { Exchange, MatchingEngine } from "../../domain/index.js";
import { AckBatchEncoder } from "./ack-batch-encoder.js";
import { submitOrderBatches } from "./order-entry-batches.js";
import { type AckError, ackError, entryOf } from "./order-entry.js";
import { ackEnums, exchangeServiceDefinition } from "./service-definition.js";

const contract = loadExchangeProto().ExchangeService.service.SubmitOrderBatches;
const served = exchangeServiceDefinition().SubmitOrderBatches!;

/** The engines' clock: the same instant for both apps, moved on by the test between batches. */
let now = 1_700_000_000_000;

async function makeApp(): Promise<ExchangeApp> {
  const exchange = new Exchange(new MatchingEngine({ clock: () => now }));
  const journal = new GroupCommit(new MemoryEventLog());
  exchange.subscribeJournal(journal.record);
  const app = new ExchangeApp(exchange, journal);
  for (const id of ["a", "b"]) {
    await app.createAccount(id);
    await app.deposit({ accountId: id, asset: "USD", amount: "100000" });
    await app.deposit({ accountId: id, asset: "BTC", amount: "10" });
  }
  return app;
}

/**
 * The reference: how SubmitOrderBatches answered a batch before the lane — protobufjs's decoding, the
 * general path (ExchangeApp.orderEntryBatch, fresh DTOs), each ack encoded from those answers.
 */
async function generalAcks(app: ExchangeApp, encoder: AckBatchEncoder, bytes: Buffer): Promise<Buffer> {
  const requests = contract.requestDeserialize(bytes).requests;
  const refused: (AckError | undefined)[] = [];
  const entries: OrderEntry[] = [];
  for (const [i, r] of requests.entries()) {
    try {
      entries.push(entryOf(r));
    } catch (err) {
      refused[i] = ackError(err);
    }
  }
  const outcomes = entries.length === 0 ? [] : await app.orderEntryBatch(entries, (o) => o);
  encoder.begin();
  for (let i = 0, k = 0; i < requests.length; i++) {
    const requestId = requests[i]!.requestId;
    const o = refused[i] ?? outcomes[k++]!;
    if ("ok" in o && o.ok) encoder.success(requestId, o.value.order, o.value.fills);
    else {
      const e = "ok" in o ? ackError(o.error) : o;
      encoder.failure(requestId, e.errorCode, e.errorMessage);
    }
  }
  return encoder.finish();
}

/** What the service answers now: the served definition's decoder, then submitOrderBatches on a stream. */
function servedAcks(app: ExchangeApp, encoder: AckBatchEncoder) {
  let written: ((bytes: Buffer) => void) | undefined;
  const call = Object.assign(new EventEmitter(), {
    cancelled: false,
    writable: true,
    pause() {},
    resume() {},
    end() {},
    write(bytes: Buffer) {
      written?.(bytes);
      return true;
    },
  });
  submitOrderBatches(app, encoder)(call as never);
  return (bytes: Buffer): Promise<Buffer> => {
    const acks = new Promise<Buffer>((resolve) => {
      written = resolve;
    });
    call.emit("data", served.requestDeserialize(bytes));
    // A deadline, so a batch left unanswered fails the property (with its counterexample) instead of hanging.
    return Promise.race([acks, new Promise<Buffer>((_, reject) => setTimeout(() => reject(new Error("no ack batch within 5 s")), 5000).unref())]);
  };
}

// Requests as clients send them — valid ones, and the malformed ones that are acked one by one.
const place = fc.record(
  {
    accountId: fc.constantFrom("a", "b", "a", "b", "nobody", ""),
    symbol: fc.constantFrom("BTC-USD", "BTC-USD", "ETH-USD", "NOPE"),
    side: fc.constantFrom("BUY", "SELL", "SIDE_UNSPECIFIED"),
    type: fc.constantFrom("LIMIT", "LIMIT", "MARKET"),
    quantity: fc.constantFrom("0.0010", "0.002", "0.01", "1", "0.00015", "0", "abc", ""),
    price: fc.constantFrom("100.00", "100.01", "99.99", "100.02", "100.005", "", "-1"),
    timeInForce: fc.constantFrom("TIME_IN_FORCE_UNSPECIFIED", "GTC", "IOC", "FOK"),
    postOnly: fc.boolean(),
    clientOrderId: fc.constantFrom("", "", "", "c-1", "c-2"),
  },
  { requiredKeys: [] },
);
const request = fc.tuple(
  fc.nat().map((n) => `r-${n}`),
  fc.oneof(
    { weight: 8, arbitrary: place.map((p) => ({ place: p })) },
    { weight: 2, arbitrary: fc.oneof(fc.integer({ min: 1, max: 30 }).map(String), fc.constantFrom("x", "0")).map((orderId) => ({ cancel: { orderId } })) },
    { weight: 1, arbitrary: fc.constant({}) },
  ),
);
const batches = fc.array(fc.array(request, { minLength: 1, maxLength: 40 }), { minLength: 1, maxLength: 3 });

describe("SubmitOrderBatches' lane", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(1_700_000_123_456);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("acks every batch with the very bytes the general path acked it with", async () => {
    await fc.assert(
      fc.asyncProperty(batches, async (generated) => {
        const reference = await makeApp();
        const lane = await makeApp();
        const referenceEncoder = new AckBatchEncoder(ackEnums());
        const send = servedAcks(lane, new AckBatchEncoder(ackEnums()));
        for (const b of generated) {
          const bytes = contract.requestSerialize({ requests: b.map(([requestId, action]) => ({ requestId, ...action })) } as exchangeV1.OrderEntryBatch);
          // Twice: the second time retries every client order id and cancels what the first time cancelled.
          for (let attempt = 0; attempt < 2; attempt++) {
            now += 1;
            const expected = await generalAcks(reference, referenceEncoder, bytes);
            const actual = await send(bytes);
            expect(contract.responseDeserialize(actual)).toStrictEqual(contract.responseDeserialize(expected));
            expect(actual.equals(expected)).toBe(true);
          }
        }
        expect(lane.exchange.engine.exportState()).toEqual(reference.exchange.engine.exportState());
      }),
      { numRuns: 100 },
    );
  });
});
