/**
 * gRPC order-entry load client, run as its own process (so its CPU is not the service's):
 *
 *   node --conditions=source --import tsx bench/service/grpc-load.ts --target 127.0.0.1:50061 \
 *     [--seconds 10] [--warmup 1] [--window 1000] [--streams 1] [--codec protobufjs|raw] [--batch 0] [--offset 0]
 *
 * Opens `streams` bidi streams and keeps `window` place-order requests in flight on each (a closed loop: one
 * new request per ack). With `--batch 0` (default) they go one per message over SubmitOrders; with
 * `--batch B` (1…1000) over SubmitOrderBatches, B requests per OrderEntryBatch, a new batch per ack batch
 * (`window` is rounded up to whole batches). Orders follow order-mix.ts. Acks are counted during `seconds`
 * after `warmup`, then the client stops sending, waits for every outstanding ack and ends the streams. Every
 * ack must carry the request_id of the oldest outstanding request of its stream (acks are in request order),
 * and every ack batch must hold exactly one ack per request of its batch.
 *
 * Codecs: `protobufjs` is the ordinary generated client (objects in, objects out: what a real client pays);
 * `raw` pre-encodes a pool of requests once and reads acks with ack-scan.ts, so the client costs little CPU
 * and the number says what the server can do.
 *
 * Prints one line `GRPC_RESULT {json}` (see GrpcLoadResult).
 */
import { parseArgs } from "node:util";
import * as grpc from "@grpc/grpc-js";
import { type exchangeV1, loadExchangeProto, MAX_ORDER_ENTRY_BATCH } from "@tse/contracts";
import { type AckSummary, ORDER_STATUS_REJECTED, scanAck, scanAckBatch } from "./ack-scan.js";
import { DEFAULT_MIX, orderAt } from "./order-mix.js";

export interface GrpcLoadResult {
  codec: string;
  /** "SubmitOrders" or "SubmitOrderBatches". */
  rpc: string;
  streams: number;
  window: number;
  /** Requests per batch (0: one per message, SubmitOrders). */
  batch: number;
  seconds: number;
  /** Acks received during the measured interval. */
  measuredAcks: number;
  acksPerSecond: number;
  /** Totals over the whole run (warm-up and drain included): what /metrics must agree with. */
  sent: number;
  acked: number;
  errorAcks: number;
  errorCodes: Record<string, number>;
  rejectedOrders: number;
  outOfOrderAcks: number;
  /** Ack batches whose number of acks differs from their batch's number of requests. */
  wrongSizeAckBatches: number;
  /** Request → ack latency of acks in the measured interval (ms). */
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  /** Client CPU seconds per measured second, and its event-loop utilisation (1 = saturated). */
  clientCpu: number;
  clientElu: number;
}

const { values } = parseArgs({
  options: {
    target: { type: "string" },
    seconds: { type: "string", default: "10" },
    warmup: { type: "string", default: "1" },
    window: { type: "string", default: "1000" },
    streams: { type: "string", default: "1" },
    codec: { type: "string", default: "protobufjs" },
    batch: { type: "string", default: "0" },
    offset: { type: "string", default: "0" },
  },
});
const target = values.target;
const seconds = Number(values.seconds);
const warmup = Number(values.warmup);
const streams = Number(values.streams);
const codec = values.codec;
const batch = Number(values.batch);
const offset = Number(values.offset);
const perMessage = Math.max(1, batch);
/** Messages in flight per stream. */
const inFlight = Math.ceil(Number(values.window) / perMessage);
const window = inFlight * perMessage;
if (
  !target ||
  !(seconds > 0) ||
  !(warmup >= 0) ||
  !(inFlight >= 1) ||
  !(streams >= 1) ||
  !(offset >= 0) ||
  !(Number.isInteger(batch) && batch >= 0 && batch <= MAX_ORDER_ENTRY_BATCH) ||
  (codec !== "protobufjs" && codec !== "raw")
) {
  console.error(
    `usage: grpc-load.ts --target host:port [--seconds N>0] [--warmup N>=0] [--window N>=1] [--streams N>=1] [--codec protobufjs|raw] [--batch 0…${MAX_ORDER_ENTRY_BATCH}]`,
  );
  process.exit(2);
}

const proto = loadExchangeProto();
const client = new proto.ExchangeService(target, grpc.credentials.createInsecure());
const method = batch > 0 ? proto.ExchangeService.service.SubmitOrderBatches : proto.ExchangeService.service.SubmitOrders;

function request(i: number): exchangeV1.OrderEntryRequest {
  const o = orderAt(DEFAULT_MIX, i);
  return { requestId: String(i), place: { accountId: o.accountId, symbol: o.symbol, side: o.side, type: o.type, quantity: o.quantity, price: o.price } };
}

/** Message k (0, 1, …, over all streams) carries orders firstOrder(k) … firstOrder(k) + perMessage − 1. */
function message(k: number): exchangeV1.OrderEntryRequest | exchangeV1.OrderEntryBatch {
  const first = orderNumber(k);
  if (batch === 0) return request(first);
  return { requests: Array.from({ length: batch }, (_, j) => request(first + j)) };
}

/** raw codec: messages encoded once, reused cyclically (request ids repeat every POOL orders). */
const POOL = 65_536;
const poolMessages = Math.ceil(POOL / perMessage);
const orderNumber = (k: number) => offset + (codec === "raw" ? k % poolMessages : k) * perMessage;
const pool: Buffer[] =
  codec === "raw" ? Array.from({ length: poolMessages }, (_, k) => (method.requestSerialize as (m: unknown) => Buffer)(message(k))) : [];
let next = 0;

interface Outstanding {
  /** First order number of each message in flight, oldest first (from head). */
  firsts: number[];
  sentAt: number[];
  head: number;
}

let measuring = false;
let stopping = false;
let sent = 0;
let acked = 0;
let measuredAcks = 0;
let errorAcks = 0;
let rejectedOrders = 0;
let outOfOrderAcks = 0;
let wrongSizeAckBatches = 0;
const errorCodes: Record<string, number> = {};
const latencies: number[] = [];

function summaries(message: unknown): AckSummary[] {
  const summary = (m: exchangeV1.OrderEntryAck__Output): AckSummary => ({
    requestId: m.requestId,
    errorCode: m.errorCode,
    status: m.order?.status === "REJECTED" ? ORDER_STATUS_REJECTED : 0,
  });
  if (codec === "raw") return batch > 0 ? scanAckBatch(message as Buffer) : [scanAck(message as Buffer)];
  return batch > 0 ? (message as exchangeV1.OrderEntryAckBatch__Output).acks.map(summary) : [summary(message as exchangeV1.OrderEntryAck__Output)];
}

function runStream(): Promise<void> {
  const call: grpc.ClientDuplexStream<unknown, unknown> =
    codec === "raw"
      ? client.makeBidiStreamRequest<unknown, unknown>(method.path, (b) => b as Buffer, (b: Buffer) => b)
      : batch > 0
        ? (client.SubmitOrderBatches() as grpc.ClientDuplexStream<unknown, unknown>)
        : (client.SubmitOrders() as grpc.ClientDuplexStream<unknown, unknown>);
  const q: Outstanding = { firsts: [], sentAt: [], head: 0 };
  const send = () => {
    const k = next++;
    call.write(codec === "raw" ? pool[k % poolMessages]! : message(k));
    q.firsts.push(orderNumber(k));
    q.sentAt.push(performance.now());
    sent += perMessage;
  };
  return new Promise((resolve, reject) => {
    call.on("data", (message: unknown) => {
      const acks = summaries(message);
      const first = q.firsts[q.head]!;
      const at = q.sentAt[q.head]!;
      q.head++;
      if (q.head > 65_536) {
        q.firsts.splice(0, q.head);
        q.sentAt.splice(0, q.head);
        q.head = 0;
      }
      if (acks.length !== perMessage) wrongSizeAckBatches++;
      const now = performance.now();
      acks.forEach((ack, j) => {
        if (ack.requestId !== String(first + j)) outOfOrderAcks++;
        acked++;
        if (ack.errorCode !== "") {
          errorAcks++;
          errorCodes[ack.errorCode] = (errorCodes[ack.errorCode] ?? 0) + 1;
        } else if (ack.status === ORDER_STATUS_REJECTED) rejectedOrders++;
        if (measuring) {
          measuredAcks++;
          latencies.push(now - at);
        }
      });
      if (!stopping) send();
      else if (q.firsts.length === q.head) call.end();
    });
    call.on("error", reject);
    call.on("end", () => resolve());
    for (let k = 0; k < inFlight; k++) send();
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

const done = Promise.all(Array.from({ length: streams }, runStream));
await new Promise((r) => setTimeout(r, warmup * 1000));
const cpu0 = process.cpuUsage();
const elu0 = performance.eventLoopUtilization();
const t0 = performance.now();
measuring = true;
await new Promise((r) => setTimeout(r, seconds * 1000));
measuring = false;
const elapsed = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const elu = performance.eventLoopUtilization(elu0);
stopping = true;
await done;
client.close();
latencies.sort((a, b) => a - b);
const result: GrpcLoadResult = {
  codec,
  rpc: batch > 0 ? "SubmitOrderBatches" : "SubmitOrders",
  streams,
  window,
  batch,
  seconds: elapsed,
  measuredAcks,
  acksPerSecond: measuredAcks / elapsed,
  sent,
  acked,
  errorAcks,
  errorCodes,
  rejectedOrders,
  outOfOrderAcks,
  wrongSizeAckBatches,
  latencyMs: { p50: percentile(latencies, 50), p90: percentile(latencies, 90), p99: percentile(latencies, 99), max: latencies.at(-1) ?? Number.NaN },
  clientCpu: (cpu.user + cpu.system) / 1e6 / elapsed,
  clientElu: elu.utilization,
};
console.log(`GRPC_RESULT ${JSON.stringify(result)}`);
