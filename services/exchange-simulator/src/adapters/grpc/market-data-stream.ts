/**
 * StreamMarketData: per requested symbol, a snapshot first (its sequence is the last change it reflects),
 * then every book delta and trade with the symbol's next sequence numbers (+1 each). Snapshot and
 * subscription are taken in one synchronous step, so a client that applies the stream in order has exactly
 * the exchange's book; a gap in sequence means it must resubscribe.
 *
 * A consumer that stops reading is cut off with RESOURCE_EXHAUSTED once MAX_BUFFERED messages wait in its
 * send buffer, rather than letting one slow client grow the server's memory without bound. Streams end
 * (OK) when the service shuts down.
 */
import { type ServerWritableStream, status } from "@grpc/grpc-js";
import type { exchangeV1 } from "@tse/contracts";
import type { MarketDataDto } from "../../application/dto.js";
import type { ExchangeApp } from "../../application/exchange-app.js";
import { bookMessage, tradeMessage } from "./messages.js";
import { toServiceError } from "./status.js";

export const MAX_BUFFERED = 10_000;

type Call = ServerWritableStream<exchangeV1.StreamMarketDataRequest__Output, exchangeV1.MarketDataEvent>;

function eventMessage(e: MarketDataDto): exchangeV1.MarketDataEvent {
  if (e.kind === "trade") return { symbol: e.symbol, sequence: e.sequence, trade: { ...tradeMessage(e.trade), sequence: e.sequence } };
  return { symbol: e.symbol, sequence: e.sequence, deltas: { deltas: [{ side: e.side, price: e.price, quantity: e.quantity }] } };
}

export function streamMarketData(app: ExchangeApp, stopping: AbortSignal): (call: Call) => void {
  return (call) => {
    let done = false;
    let unsubscribe = () => {};
    const finish = (error?: { code: status; details: string }) => {
      if (done) return;
      done = true;
      unsubscribe();
      stopping.removeEventListener("abort", onStop);
      if (error) call.emit("error", error);
      else call.end();
    };
    const onStop = () => finish();
    const send = (e: MarketDataDto) => {
      if (done) return;
      if (call.writableLength >= MAX_BUFFERED) {
        finish({ code: status.RESOURCE_EXHAUSTED, details: `consumer too slow: ${MAX_BUFFERED} market-data messages unsent; resubscribe` });
        return;
      }
      call.write(eventMessage(e));
    };
    let subscription: ReturnType<ExchangeApp["subscribeMarketData"]>;
    try {
      subscription = app.subscribeMarketData(call.request.symbols, call.request.depth, send);
    } catch (err) {
      done = true;
      call.emit("error", toServiceError(err));
      return;
    }
    unsubscribe = subscription.unsubscribe;
    for (const book of subscription.snapshots) {
      call.write({ symbol: book.symbol, sequence: book.sequence, snapshot: bookMessage(book) });
    }
    call.on("cancelled", () => finish());
    call.on("close", () => finish());
    if (stopping.aborted) finish();
    else stopping.addEventListener("abort", onStop, { once: true });
  };
}
