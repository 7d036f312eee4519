/**
 * The public market-data feed, per symbol: level-2 book deltas (a price level's new total after a change;
 * quantity 0 removes the level) and trades, sharing one sequence number per symbol that increases by exactly
 * 1 per message. A client takes a snapshot (which carries the last sequence number it includes), applies
 * every later message in order, and has the exact book; a gap means it missed something and must
 * resnapshot. `L2Book` below is that client, used by tests and usable by any consumer.
 */
import type { Side } from "./order.js";

export interface BookDelta {
  readonly type: "book";
  readonly symbol: string;
  readonly seq: number;
  readonly side: Side;
  /** Ticks. */
  readonly price: number;
  /** Lots now resting at this price; 0 = the level is gone. */
  readonly quantity: number;
  /** Orders now resting at this price. */
  readonly orders: number;
}

export interface TradeTick {
  readonly type: "trade";
  readonly symbol: string;
  readonly seq: number;
  readonly tradeId: number;
  readonly price: number;
  readonly quantity: number;
  readonly takerSide: Side;
  readonly ts: number;
}

export type MarketDataEvent = BookDelta | TradeTick;
export type MarketDataListener = (event: MarketDataEvent) => void;

export interface LevelSnapshot {
  readonly price: number;
  readonly quantity: number;
  readonly orders: number;
}

export interface BookSnapshot {
  readonly symbol: string;
  /** The market-data sequence number of the last message reflected in this snapshot. */
  readonly seq: number;
  /** Best first. */
  readonly bids: readonly LevelSnapshot[];
  readonly asks: readonly LevelSnapshot[];
}

/** Result of applying a message to an L2Book. */
export type ApplyResult = "applied" | "stale" | "gap";

/** A client-side level-2 book rebuilt from a snapshot plus the deltas that follow it. */
export class L2Book {
  private seqNo: number;
  private readonly sides: { readonly buy: Map<number, LevelSnapshot>; readonly sell: Map<number, LevelSnapshot> };

  constructor(snapshot: BookSnapshot) {
    this.seqNo = snapshot.seq;
    this.sides = {
      buy: new Map(snapshot.bids.map((l) => [l.price, l])),
      sell: new Map(snapshot.asks.map((l) => [l.price, l])),
    };
  }

  get seq(): number {
    return this.seqNo;
  }

  /** Applies the next message; "stale" if already reflected, "gap" if messages were missed (resnapshot). */
  apply(event: MarketDataEvent): ApplyResult {
    if (event.seq <= this.seqNo) return "stale";
    if (event.seq !== this.seqNo + 1) return "gap";
    this.seqNo = event.seq;
    if (event.type === "book") {
      const side = this.sides[event.side];
      if (event.quantity === 0) side.delete(event.price);
      else side.set(event.price, { price: event.price, quantity: event.quantity, orders: event.orders });
    }
    return "applied";
  }

  /** Levels best first. */
  levels(side: Side): LevelSnapshot[] {
    const list = [...this.sides[side].values()];
    return list.sort(side === "buy" ? (a, b) => b.price - a.price : (a, b) => a.price - b.price);
  }
}
