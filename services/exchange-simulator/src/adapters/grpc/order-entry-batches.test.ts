import { type ServiceError, status } from "@grpc/grpc-js";
import { type exchangeV1, MAX_ORDER_ENTRY_BATCH } from "@tse/contracts";
import type { AppendReceipt, NewEvent } from "@tse/storage";
import { waitFor } from "@tse/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fundedAccount, type Harness, startExchange, unaryCall } from "../../test-support/exchange-harness.js";

let h: Harness;
let client: exchangeV1.ExchangeServiceClient;
let maker: string;

beforeAll(async () => {
  h = await startExchange();
  client = h.grpcClient();
  maker = await fundedAccount(h, "batch-maker");
});
afterAll(() => h?.stop());

const place = (accountId: string, side: "BUY" | "SELL", price: string, quantity: string): exchangeV1.PlaceOrderRequest => ({
  accountId,
  symbol: "ETH-USD",
  side,
  type: "LIMIT",
  price,
  quantity,
});

/** A SubmitOrderBatches stream: write batches, collect ack batches, and how it ended. */
function openStream(c: exchangeV1.ExchangeServiceClient = client) {
  const call = c.SubmitOrderBatches();
  const ackBatches: exchangeV1.OrderEntryAck__Output[][] = [];
  call.on("data", (b: exchangeV1.OrderEntryAckBatch__Output) => ackBatches.push(b.acks));
  const ended = new Promise<ServiceError | undefined>((resolve) => {
    call.on("error", (err: ServiceError) => resolve(err));
    call.on("end", () => resolve(undefined));
  });
  return { call, ackBatches, ended };
}

/** Stops the event log from completing appends until released (the log itself stays the real one). */
function gateLog(harness: Harness): { release(): void; fail(err: Error): void } {
  const log = harness.composition.storage.events;
  const append = log.append.bind(log);
  let open!: () => void;
  let refuse!: (err: Error) => void;
  const gate = new Promise<void>((resolve, reject) => {
    open = resolve;
    refuse = reject;
  });
  gate.catch(() => {});
  log.append = async (events: readonly NewEvent[]): Promise<AppendReceipt> => {
    await gate;
    return append(events);
  };
  return { release: open, fail: refuse };
}

describe("SubmitOrderBatches", () => {
  it("answers every batch with one ack per request, in order; invalid requests are acks, not stream failures", async () => {
    const { call, ackBatches, ended } = openStream();
    const batches: exchangeV1.OrderEntryRequest[][] = [];
    for (let b = 0; b < 5; b++) {
      const batch: exchangeV1.OrderEntryRequest[] = [];
      for (let i = 0; i < 200; i++) {
        const n = b * 200 + i;
        const bad = n % 97 === 13;
        batch.push({ requestId: `r-${n}`, place: place(maker, n % 2 ? "BUY" : "SELL", n % 2 ? "1500.00" : "2500.00", bad ? "0.0001" : "0.01") });
      }
      batches.push(batch);
    }
    batches[2]!.push({ requestId: "cancel-unknown", cancel: { orderId: "99999999" } }, { requestId: "empty" });
    // A batch of malformed requests only is answered without waiting for anything — but still after the others.
    batches.push([{ requestId: "only-malformed" }]);
    for (const requests of batches) call.write({ requests });
    call.write({ requests: [] });
    call.end();
    expect(await ended).toBeUndefined();

    expect(ackBatches.map((acks) => acks.length)).toEqual([...batches.map((b) => b.length), 0]);
    expect(ackBatches.flat().map((a) => a.requestId)).toEqual(batches.flat().map((r) => r.requestId));
    const invalid = ackBatches.flat().filter((a) => a.errorCode === "InvalidArgument");
    expect(invalid.map((a) => a.requestId)).toEqual(["r-13", "r-110", "r-207", "r-304", "r-401", "r-498", "r-595", "empty", "r-692", "r-789", "r-886", "r-983", "only-malformed"]);
    expect(invalid[0]!.errorMessage).toMatch(/quantity/);
    expect(ackBatches.flat().find((a) => a.requestId === "cancel-unknown")).toMatchObject({ errorCode: "NotFound", order: null });
    const accepted = ackBatches.flat().filter((a) => a.errorCode === "");
    expect(accepted).toHaveLength(1000 - 11);
    for (const a of accepted) expect(a.order).toMatchObject({ accountId: maker, symbol: "ETH-USD", status: "NEW", type: "LIMIT", timeInForce: "GTC" });
    // Acknowledged means in the event log: nothing acked is still waiting for it.
    expect(h.composition.journal.durable).toBe(h.composition.app.exchange.engine.lastSeq);
    const got = await unaryCall<exchangeV1.GetOrderRequest, exchangeV1.OrderResponse__Output>(client, "GetOrder", { orderId: accepted[0]!.order!.orderId });
    expect(got.order).toMatchObject({ orderId: accepted[0]!.order!.orderId, status: "NEW" });
  });

  it("acks like SubmitOrders acks the same requests (fills included)", async () => {
    const taker = await fundedAccount(h, "batch-taker");
    const { call, ackBatches, ended } = openStream();
    call.write({ requests: [{ requestId: "sell", place: place(maker, "SELL", "1900.00", "0.05") }, { requestId: "buy", place: place(taker, "BUY", "1900.00", "0.02") }] });
    call.end();
    expect(await ended).toBeUndefined();
    const [sell, buy] = ackBatches[0]!;
    expect(sell).toMatchObject({ requestId: "sell", order: { status: "NEW", price: "1900.00", quantity: "0.050" }, fills: [] });
    expect(buy).toMatchObject({ requestId: "buy", order: { status: "FILLED", filledQuantity: "0.020" }, fills: [{ orderId: buy!.order!.orderId, price: "1900.00", quantity: "0.020", maker: false }] });
  });

  it(`refuses a batch of more than ${MAX_ORDER_ENTRY_BATCH} requests with INVALID_ARGUMENT naming the limit, after acking the batches before it`, async () => {
    const { call, ackBatches, ended } = openStream();
    call.write({ requests: [{ requestId: "before", place: place(maker, "SELL", "2600.00", "0.01") }] });
    await waitFor(() => ackBatches.length === 1, { timeoutMs: 5000 });
    const seq = h.composition.app.exchange.engine.lastSeq;
    const oversize = Array.from({ length: MAX_ORDER_ENTRY_BATCH + 1 }, (_, i) => ({ requestId: `big-${i}`, place: place(maker, "SELL", "2600.00", "0.01") }));
    call.write({ requests: oversize });
    const err = await ended;
    expect(err?.code).toBe(status.INVALID_ARGUMENT);
    expect(err?.details).toMatch(new RegExp(`at most ${MAX_ORDER_ENTRY_BATCH} requests.*${MAX_ORDER_ENTRY_BATCH + 1}`));
    expect(ackBatches.map((b) => b.map((a) => a.requestId))).toEqual([["before"]]);
    expect(h.composition.app.exchange.engine.lastSeq).toBe(seq); // nothing of it ran
  });

  it("sends a batch's acks only once its events are in the event log", async () => {
    const other = await startExchange();
    try {
      const account = await fundedAccount(other, "gated");
      const c = other.grpcClient();
      const gate = gateLog(other);
      const { call, ackBatches, ended } = openStream(c);
      const engine = other.composition.app.exchange.engine;
      const before = engine.lastSeq;
      call.write({ requests: Array.from({ length: 50 }, (_, i) => ({ requestId: `g-${i}`, place: place(account, "BUY", "1000.00", "0.01") })) });
      // Executed at once…
      await waitFor(() => engine.lastSeq === before + 50, { timeoutMs: 5000, what: "the batch to execute" });
      // …and a later answer on the same connection has arrived, so an ack sent early would have too.
      await unaryCall(c, "ListSymbols", {});
      expect(other.composition.journal.durable).toBe(before);
      expect(ackBatches).toEqual([]);
      gate.release();
      call.end();
      expect(await ended).toBeUndefined();
      expect(ackBatches.map((b) => b.length)).toEqual([50]);
      expect(other.composition.journal.durable).toBe(before + 50);
    } finally {
      await other.stop();
    }
  });

  it("acks Unavailable for every request that reached the exchange when the event log fails; malformed ones keep their error", async () => {
    const other = await startExchange();
    try {
      const account = await fundedAccount(other, "doomed");
      const gate = gateLog(other);
      const { call, ackBatches, ended } = openStream(other.grpcClient());
      call.write({
        requests: [
          { requestId: "ok", place: place(account, "BUY", "1000.00", "0.01") },
          // Refused by the engine: as with SubmitOrders, its answer waits for the log too, and nothing is acknowledged.
          { requestId: "zero", place: place(account, "BUY", "1000.00", "0") },
          { requestId: "malformed" },
        ],
      });
      gate.fail(new Error("disk on fire"));
      call.end();
      expect(await ended).toBeUndefined();
      expect(ackBatches[0]!.map((a) => [a.requestId, a.errorCode])).toEqual([
        ["ok", "Unavailable"],
        ["zero", "Unavailable"],
        ["malformed", "InvalidArgument"],
      ]);
      expect(ackBatches[0]![0]!.errorMessage).toMatch(/disk on fire/);
    } finally {
      await other.stop();
    }
  });
});
