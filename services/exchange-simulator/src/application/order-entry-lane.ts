/**
 * Order entry in bulk without answer objects: the lane of ExchangeApp.orderEntryLane. Each entry's answer is
 * exactly what placeOrder / cancelOrder would answer it alone — the same fields, strings and errors — but
 * the plainly valid placement goes from the request's strings straight to engine units (ticks, lots) and
 * MatchingEngine.placeOrder, and its answer is read from the engine's result (the live order ref and its
 * trades) into ONE reused OrderDto and a pool of reused FillDtos, handed to a sink that encodes them at once.
 * The general path — the Exchange facade, views and fresh DTOs — builds per order a dozen objects and as many
 * strings that live only until they are encoded; on a batched order path that was a third of the CPU.
 *
 * A placement the lane does not handle itself takes the general path (ExchangeApp's place): an unknown
 * symbol, a price or quantity that does not parse — the general path words and counts those rejections.
 * Cancels always run here: their general path (ExchangeApp's cancel) differs only in the answer it builds.
 * The lane only takes entries whose outcome it does not have to guess: it decides nothing the engine or the
 * facade would decide. order-entry-lane.test.ts runs generated entries through both and compares the answers.
 */
import type { Exchange, OrderRef, PlaceOrderResult, Trade } from "../domain/index.js";
import { InstrumentStrings } from "../domain/instrument-strings.js";
import { domainSide, type FillDto, type OrderDto, rejectedOrder } from "./dto.js";
import { BUSINESS_REJECTIONS, failureOf } from "./errors.js";
import type { PlaceOrderInput, PlaceOrderOutput } from "./exchange-app.js";
import { ownerOf, parseOrderId } from "./order-ids.js";

/** Where the lane puts each entry's answer, synchronously, before it runs the next entry. */
export interface OrderEntrySink {
  /**
   * The entry's answer: the order and its first `fillCount` fills. On the lane's own path these are scratch
   * objects it reuses for the next entry: read them during the call, never keep them.
   */
  answer(order: OrderDto, fills: readonly FillDto[], fillCount: number): void;
  /** The entry failed with what placeOrder / cancelOrder would have thrown. */
  failure(error: unknown): void;
}

/** The general path of a placement (ExchangeApp's synchronous place). */
export interface GeneralOrderEntry {
  place(input: PlaceOrderInput): PlaceOrderOutput;
}

const NO_TRADES: readonly Trade[] = Object.freeze([]);
const NO_FILLS: readonly FillDto[] = Object.freeze([]);

/** An OrderDto with every key orderDto sets, so the scratch object has the shape of the general path's. */
function scratchOrder(): OrderDto {
  return {
    orderId: null,
    clientOrderId: undefined,
    accountId: "",
    symbol: "",
    side: "BUY",
    type: "LIMIT",
    timeInForce: "GTC",
    postOnly: false,
    price: undefined,
    quantity: "",
    filledQuantity: "",
    remainingQuantity: "",
    status: "NEW",
    createdAtMs: 0,
    updatedAtMs: 0,
  };
}

const scratchFill = (): FillDto => ({ tradeId: "", orderId: "", price: "", quantity: "", fee: "", feeAsset: "", maker: false });

export class OrderEntryLane {
  /** By instrument index. */
  private readonly strings: readonly InstrumentStrings[];
  private readonly order = scratchOrder();
  private readonly fills: FillDto[] = [];
  /** The symbol and strings of the last placement: order flow repeats symbols. */
  private lastSymbol: string | undefined;
  private lastStrings: InstrumentStrings | undefined;

  constructor(
    private readonly exchange: Exchange,
    private readonly general: GeneralOrderEntry,
  ) {
    this.strings = exchange.engine.config.instruments.map((inst) => new InstrumentStrings(inst));
  }

  /** Places an order (validated input: placeOrderInput / the REST body schema) and answers it to `sink`. */
  place(input: PlaceOrderInput, sink: OrderEntrySink): void {
    const strings = this.stringsOf(input.symbol);
    const price = strings === undefined || input.price === undefined ? 0 : strings.priceTicks(input.price);
    const quantity = strings === undefined ? -1 : strings.quantityLots(input.quantity);
    if (strings === undefined || price < 0 || quantity < 0) {
      this.placeGeneral(input, sink);
      return;
    }
    let r: PlaceOrderResult;
    try {
      // The command Exchange.placeOrder gives the engine for this input.
      r = this.exchange.engine.placeOrder({
        accountId: input.accountId,
        symbol: input.symbol,
        side: domainSide(input.side),
        type: input.type === "LIMIT" ? "limit" : "market",
        quantity,
        price: input.price === undefined ? undefined : price,
        timeInForce: input.timeInForce,
        postOnly: input.postOnly,
        clientOrderId: input.clientOrderId,
      });
    } catch (err) {
      sink.failure(err);
      return;
    }
    if (!r.ok) {
      // As ExchangeApp's place: a business rejection is a REJECTED order (wall clock: not journaled).
      if (BUSINESS_REJECTIONS.has(r.reason)) sink.answer(rejectedOrder(input, r, Date.now()), NO_FILLS, 0);
      else sink.failure(failureOf(r));
      return;
    }
    // A retried client order id returns the original order; its fills were reported the first time.
    this.answer(r.order, strings, r.duplicate ? NO_TRADES : r.trades, sink);
  }

  /** Cancels order `orderId` (as the API names it) and answers it to `sink`. */
  cancel(orderId: string, sink: OrderEntrySink): void {
    const engine = this.exchange.engine;
    let r: ReturnType<typeof engine.cancelOrder>;
    try {
      const id = parseOrderId(orderId);
      r = engine.cancelOrder(ownerOf(engine, id), id);
    } catch (err) {
      sink.failure(err);
      return;
    }
    if (!r.ok) {
      sink.failure(failureOf(r));
      return;
    }
    const strings = this.stringsOf(r.value.book.instrument.symbol);
    if (strings === undefined) throw new Error(`order ${r.value.id} is on a symbol the configuration does not know`);
    this.answer(r.value, strings, NO_TRADES, sink);
  }

  private placeGeneral(input: PlaceOrderInput, sink: OrderEntrySink): void {
    let out: PlaceOrderOutput;
    try {
      out = this.general.place(input);
    } catch (err) {
      sink.failure(err);
      return;
    }
    sink.answer(out.order, out.fills, out.fills.length);
  }

  private stringsOf(symbol: string): InstrumentStrings | undefined {
    if (symbol === this.lastSymbol) return this.lastStrings;
    const inst = this.exchange.engine.config.instrument(symbol);
    if (inst === undefined) return undefined;
    this.lastSymbol = symbol;
    this.lastStrings = this.strings[inst.index];
    return this.lastStrings;
  }

  /** orderDto(orderView(ref)) and fillsOf(ref's id, trades' views), into the scratch objects, to `sink`. */
  private answer(ref: OrderRef, strings: InstrumentStrings, trades: readonly Trade[], sink: OrderEntrySink): void {
    const o = this.order;
    const id = ref.id;
    const limit = ref.type === "limit";
    const quantity = ref.quantity;
    const remaining = ref.remaining;
    o.orderId = String(id);
    o.clientOrderId = ref.clientOrderId;
    o.accountId = ref.account.id;
    o.symbol = strings.inst.symbol;
    o.side = ref.side === "buy" ? "BUY" : "SELL";
    o.type = limit ? "LIMIT" : "MARKET";
    o.timeInForce = ref.timeInForce;
    o.postOnly = ref.postOnly;
    o.price = limit ? strings.price(ref.price) : undefined;
    o.quantity = strings.quantity(quantity);
    o.filledQuantity = strings.quantity(quantity - remaining);
    o.remainingQuantity = strings.quantity(remaining);
    o.status = ref.status;
    o.createdAtMs = ref.createdAt;
    o.updatedAtMs = ref.updatedAt;
    const fills = this.fills;
    const inst = strings.inst;
    for (let k = 0; k < trades.length; k++) {
      const t = trades[k]!;
      if (k === fills.length) fills.push(scratchFill());
      const f = fills[k]!;
      const maker = t.makerOrderId === id;
      // The buyer pays its fee in the base asset, the seller in the quote asset (views.ts tradeView).
      const buyer = maker === (t.takerSide === "sell");
      const asset = buyer ? inst.base : inst.quote;
      f.tradeId = String(t.tradeId);
      f.orderId = o.orderId;
      f.price = strings.price(t.price);
      f.quantity = strings.quantity(t.quantity);
      f.fee = strings.fee(asset, maker ? t.makerFee : t.takerFee);
      f.feeAsset = asset.code;
      f.maker = maker;
    }
    sink.answer(o, fills, trades.length);
  }
}
