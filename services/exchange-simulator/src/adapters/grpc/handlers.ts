/**
 * tse.exchange.v1.ExchangeService over the application. Unary calls convert the request (messages.ts), call
 * one use case and map failures (status.ts); the streams live in their own files.
 *
 *   const { definition, handlers } = exchangeGrpcService(app, lifecycle.stopping);
 *   grpc.addService(definition, handlers);
 *
 * The definition and the handlers come as a pair: SubmitOrderBatches' handler writes ack batches already
 * encoded, which only this definition's serializer expects (service-definition.ts).
 */
import type { sendUnaryData, ServerUnaryCall, ServiceDefinition, UntypedServiceImplementation } from "@grpc/grpc-js";
import type { exchangeV1 } from "@tse/contracts";
import type { ExchangeApp } from "../../application/exchange-app.js";
import { streamMarketData } from "./market-data-stream.js";
import {
  amendInput,
  balanceMessage,
  bookMessage,
  depositInput,
  withdrawalInput,
  fillMessage,
  orderMessage,
  placeOrderInput,
  symbolMessage,
  tradeMessage,
} from "./messages.js";
import { AckBatchEncoder } from "./ack-batch-encoder.js";
import { submitOrderBatches } from "./order-entry-batches.js";
import { submitOrders } from "./order-entry-stream.js";
import { ackEnums, exchangeServiceDefinition } from "./service-definition.js";
import { toServiceError } from "./status.js";

/** A unary handler from an (a)synchronous function of the request; anything thrown becomes a status. */
function unary<Req, Res>(fn: (request: Req) => Res | Promise<Res>) {
  return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => {
    Promise.resolve()
      .then(() => fn(call.request))
      .then(
        (response) => callback(null, response),
        (err: unknown) => callback(toServiceError(err)),
      );
  };
}

export function exchangeGrpcService(app: ExchangeApp, stopping: AbortSignal): { definition: ServiceDefinition; handlers: UntypedServiceImplementation } {
  const handlers: Omit<exchangeV1.ExchangeServiceHandlers, "SubmitOrderBatches"> = {
    CreateAccount: unary(async () => ({ accountId: (await app.createAccount()).accountId })),
    Deposit: unary(async (r: exchangeV1.DepositRequest__Output) => {
      await app.deposit({ accountId: r.accountId, ...depositInput(r) });
      return { balances: app.balances(r.accountId).map(balanceMessage) };
    }),
    Withdraw: unary(async (r: exchangeV1.WithdrawRequest__Output) => {
      await app.withdraw({ accountId: r.accountId, ...withdrawalInput(r) });
      return { balances: app.balances(r.accountId).map(balanceMessage) };
    }),
    GetBalances: unary((r: exchangeV1.GetBalancesRequest__Output) => ({ balances: app.balances(r.accountId).map(balanceMessage) })),
    PlaceOrder: unary(async (r: exchangeV1.PlaceOrderRequest__Output) => {
      const { order, fills } = await app.placeOrder(placeOrderInput(r));
      return { order: orderMessage(order), fills: fills.map(fillMessage) };
    }),
    GetOrder: unary((r: exchangeV1.GetOrderRequest__Output) => ({ order: orderMessage(app.getOrder(r.orderId)) })),
    CancelOrder: unary(async (r: exchangeV1.CancelOrderRequest__Output) => ({ order: orderMessage(await app.cancelOrder(r.orderId)) })),
    AmendOrder: unary(async (r: exchangeV1.AmendOrderRequest__Output) => {
      const { order } = await app.amendOrder({ orderId: r.orderId, ...amendInput(r) });
      return { order: orderMessage(order) };
    }),
    GetOrderBook: unary((r: exchangeV1.GetOrderBookRequest__Output) => bookMessage(app.orderBook(r.symbol, r.depth || undefined))),
    GetTrades: unary((r: exchangeV1.GetTradesRequest__Output) => ({ trades: app.trades(r.symbol, r.limit || undefined).map(tradeMessage) })),
    ListSymbols: unary(() => ({ symbols: app.symbols().map(symbolMessage) })),
    StreamMarketData: streamMarketData(app, stopping),
    SubmitOrders: submitOrders(app),
  };
  const orderBatches = submitOrderBatches(app, new AckBatchEncoder(ackEnums()));
  return { definition: exchangeServiceDefinition(), handlers: { ...handlers, SubmitOrderBatches: orderBatches } as UntypedServiceImplementation };
}
