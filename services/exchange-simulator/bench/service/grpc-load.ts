/**
 * gRPC SubmitOrders load client, run as its own process (so its CPU is not the service's):
 *
 *   node --conditions=source --import tsx bench/service/grpc-load.ts --target 127.0.0.1:50061 \
 *     [--seconds 10] [--warmup 1] [--window 1000] [--streams 1] [--codec protobufjs|raw] [--offset 0]
 *
 * Opens `streams` bidi streams and keeps `window` place-order requests in flight on each (one new request per
 * ack: a closed loop). Orders follow order-mix.ts. Acks are counted during `seconds` after `warmup`, then the
 * client stops sending, waits for every outstanding ack and ends the streams. Every ack must carry the
 * request_id of the oldest outstanding request of its stream (acks are in request order).
 *
 * Codecs: `protobufjs` is the ordinary generated client (objects in, objects out: what a real client pays);
 * `raw` pre-encodes a pool of requests once and reads acks with ack-scan.ts, so the client costs little CPU
 * and the number says what the server can do.
 *
 * Prints one line `GRPC_RESULT {json}` (see GrpcLoadResult).
 */
import { parseArgs } from "node:util";
import * as grpc from "@grpc/grpc-js";
import { type exchangeV1, loadExchangeProto } from "@tse/contracts";
import { ORDER_STATUS_REJECTED, scanAck } from "./ack-scan.js";
import { DEFAULT_MIX, orderAt } from "./order-mix.js";

export interface GrpcLoadResult {
  codec: string;
  streams: number;
  window: number;
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
    offset: { type: "string", default: "0" },
  },
});
const target = values.target;
const seconds = Number(values.seconds);
const warmup = Number(values.warmup);
const window = Number(values.window);
const streams = Number(values.streams);
const codec = values.codec;
const offset = Number(values.offset);
if (!target || !(seconds > 0) || !(warmup >= 0) || !(window >= 1) || !(streams >= 1) || !(offset >= 0) || (codec !== "protobufjs" && codec !== "raw")) {
  console.error("usage: grpc-load.ts --target host:port [--seconds N>0] [--warmup N>=0] [--window N>=1] [--streams N>=1] [--codec protobufjs|raw]");
  process.exit(2);
}

const proto = loadExchangeProto();
const client = new proto.ExchangeService(target, grpc.credentials.createInsecure());
const method = proto.ExchangeService.service.SubmitOrders;

function request(i: number): exchangeV1.OrderEntryRequest {
  const o = orderAt(DEFAULT_MIX, i);
  return { requestId: String(i), place: { accountId: o.accountId, symbol: o.symbol, side: o.side, type: o.type, quantity: o.quantity, price: o.price } };
}

/** raw codec: requests encoded once, reused cyclically (request ids repeat every POOL requests). */
const POOL = 65_536;
const pool: Buffer[] = codec === "raw" ? Array.from({ length: POOL }, (_, k) => method.requestSerialize(request(offset + k))) : [];
/** Order number of the k-th request sent (over all streams). */
const orderNumber = (k: number) => offset + (codec === "raw" ? k % POOL : k);
let next = 0;

interface Outstanding {
  ids: string[];
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
const errorCodes: Record<string, number> = {};
const latencies: number[] = [];

function runStream(): Promise<void> {
  const call: grpc.ClientDuplexStream<unknown, unknown> =
    codec === "raw"
      ? client.makeBidiStreamRequest<unknown, unknown>(method.path, (b) => b as Buffer, (b: Buffer) => b)
      : (client.SubmitOrders() as grpc.ClientDuplexStream<unknown, unknown>);
  const q: Outstanding = { ids: [], sentAt: [], head: 0 };
  const send = () => {
    const k = next++;
    call.write(codec === "raw" ? pool[k % POOL]! : request(orderNumber(k)));
    q.ids.push(String(orderNumber(k)));
    q.sentAt.push(performance.now());
    sent++;
  };
  return new Promise((resolve, reject) => {
    call.on("data", (message: unknown) => {
      const ack =
        codec === "raw"
          ? scanAck(message as Buffer)
          : (() => {
              const m = message as exchangeV1.OrderEntryAck__Output;
              return { requestId: m.requestId, errorCode: m.errorCode, status: m.order?.status === "REJECTED" ? ORDER_STATUS_REJECTED : 0 };
            })();
      const expected = q.ids[q.head];
      const at = q.sentAt[q.head]!;
      q.head++;
      if (q.head > 65_536) {
        q.ids.splice(0, q.head);
        q.sentAt.splice(0, q.head);
        q.head = 0;
      }
      if (ack.requestId !== expected) outOfOrderAcks++;
      acked++;
      if (ack.errorCode !== "") {
        errorAcks++;
        errorCodes[ack.errorCode] = (errorCodes[ack.errorCode] ?? 0) + 1;
      } else if (ack.status === ORDER_STATUS_REJECTED) rejectedOrders++;
      if (measuring) {
        measuredAcks++;
        latencies.push(performance.now() - at);
      }
      if (!stopping) send();
      else if (q.ids.length === q.head) call.end();
    });
    call.on("error", reject);
    call.on("end", () => resolve());
    for (let k = 0; k < window; k++) send();
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
  streams,
  window,
  seconds: elapsed,
  measuredAcks,
  acksPerSecond: measuredAcks / elapsed,
  sent,
  acked,
  errorAcks,
  errorCodes,
  rejectedOrders,
  outOfOrderAcks,
  latencyMs: { p50: percentile(latencies, 50), p90: percentile(latencies, 90), p99: percentile(latencies, 99), max: latencies.at(-1) ?? Number.NaN },
  clientCpu: (cpu.user + cpu.system) / 1e6 / elapsed,
  clientElu: elu.utilization,
};
console.log(`GRPC_RESULT ${JSON.stringify(result)}`);
