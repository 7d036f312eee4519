/**
 * The machine's ceiling for the service benchmark: servers that do no exchange work at all, measured with the
 * same load generators, so the service's numbers can be read against what plain Node can do here.
 *
 *   node --conditions=source --import tsx bench/service/echo-server.ts --kind http|grpc --port N
 *
 *  - http: node:http (no framework); reads the JSON body, answers 201 with an order-shaped JSON;
 *  - grpc: @grpc/grpc-js with the real tse.exchange.v1 contract; SubmitOrders answers every request with an
 *    order-shaped ack (same message sizes as the service's acks), SubmitOrderBatches every batch with an ack
 *    batch of such acks, nothing else.
 * Prints `ECHO_READY` once listening; runs until killed.
 */
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import * as grpc from "@grpc/grpc-js";
import { type exchangeV1, loadExchangeProto } from "@tse/contracts";

const { values } = parseArgs({ options: { kind: { type: "string" }, port: { type: "string" } } });
const port = Number(values.port);
if ((values.kind !== "http" && values.kind !== "grpc") || !Number.isInteger(port)) {
  console.error("usage: echo-server.ts --kind http|grpc --port N");
  process.exit(2);
}

let orderId = 0;
const orderOf = (r: { accountId: string; symbol: string; side: string; quantity: string; price: string }) => ({
  orderId: String(++orderId),
  accountId: r.accountId,
  symbol: r.symbol,
  side: r.side,
  type: "LIMIT",
  timeInForce: "GTC",
  postOnly: false,
  price: r.price,
  quantity: r.quantity,
  filledQuantity: "0.000",
  remainingQuantity: r.quantity,
  status: "NEW",
});

if (values.kind === "http") {
  createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (d: string) => {
      body += d;
    });
    req.on("end", () => {
      const answer = JSON.stringify({ order: orderOf(JSON.parse(body)), fills: [] });
      res.writeHead(201, { "content-type": "application/json" }).end(answer);
    });
  }).listen(port, "127.0.0.1", () => console.log("ECHO_READY"));
} else {
  const server = new grpc.Server();
  const proto = loadExchangeProto();
  server.addService(proto.ExchangeService.service, {
    SubmitOrders(call: grpc.ServerDuplexStream<exchangeV1.OrderEntryRequest__Output, exchangeV1.OrderEntryAck>) {
      call.on("data", (req: exchangeV1.OrderEntryRequest__Output) => {
        const p = req.place!;
        call.write({ requestId: req.requestId, order: orderOf(p) as exchangeV1.Order, fills: [] });
      });
      call.on("end", () => call.end());
    },
    SubmitOrderBatches(call: grpc.ServerDuplexStream<exchangeV1.OrderEntryBatch__Output, exchangeV1.OrderEntryAckBatch>) {
      call.on("data", (batch: exchangeV1.OrderEntryBatch__Output) => {
        call.write({ acks: batch.requests.map((req) => ({ requestId: req.requestId, order: orderOf(req.place!) as exchangeV1.Order, fills: [] })) });
      });
      call.on("end", () => call.end());
    },
  } as unknown as exchangeV1.ExchangeServiceHandlers);
  server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (err) => {
    if (err) throw err;
    console.log("ECHO_READY");
  });
}
