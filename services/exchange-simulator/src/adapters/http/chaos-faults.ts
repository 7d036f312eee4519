/**
 * The exchange's domain faults, registered in service-kit's chaos registry (so they share its API, bearer
 * token, time boxes and metrics): POST /api/v1/chaos/<name> with the parameters plus duration_ms.
 *
 *   reject-orders  { fraction, reason? }   that fraction of order placements is REJECTED with `reason`
 *                                          (default EXCHANGE_BUSY); every injected rejection is counted
 *   halt-trading   { symbol }              new orders and amendments on the symbol are REJECTED
 *                                          (TRADING_HALTED); cancels still work; clear() resumes
 *   price-shock    { symbol, percent }     the house account sweeps the book `percent` away from the touch
 *                                          (+ buys asks, − sells bids); a shock is instantaneous, so clear()
 *                                          has nothing to undo — the window only marks it active
 *
 * Names are snake_case because the registry requires it (they become URL segments and metric labels).
 * Halts and shocks are journaled like any command; a rejection fault is not state and is never journaled.
 */
import type { ServiceContext } from "@tse/service-kit";
import { z } from "zod";
import type { ExchangeApp } from "../../application/exchange-app.js";
import { BUSINESS_REJECTIONS } from "../../application/errors.js";
import type { RejectReason } from "../../domain/index.js";
import { http } from "./errors.js";

export const REJECT_ORDERS = "reject-orders";
export const HALT_TRADING = "halt-trading";
export const PRICE_SHOCK = "price-shock";

type Chaos = ServiceContext["chaos"];

/**
 * A random source for the engine that counts injected rejections: the engine draws from it only while a
 * rejection fault is active, and a draw below the fraction is exactly an injected rejection.
 */
export class CountingRandom {
  private fraction = 0;
  constructor(
    private readonly onInjection: () => void,
    private readonly random: () => number = Math.random,
  ) {}

  readonly next = (): number => {
    const x = this.random();
    if (x < this.fraction) this.onInjection();
    return x;
  };

  setFraction(fraction: number): void {
    this.fraction = fraction;
  }
}

export function registerExchangeFaults(chaos: Chaos, app: ExchangeApp, random: CountingRandom): void {
  const symbol = z.enum(app.symbols().map((s) => s.symbol) as [string, ...string[]]);
  const reasons = [...BUSINESS_REJECTIONS] as [RejectReason, ...RejectReason[]];

  chaos.registerFault({
    name: REJECT_ORDERS,
    description: "A fraction of order placements is rejected with the given reason (default EXCHANGE_BUSY)",
    schema: z.object({ fraction: z.number().min(0).max(1), reason: z.enum(reasons).default("EXCHANGE_BUSY") }),
    apply: ({ fraction, reason }) => {
      random.setFraction(fraction);
      app.injectRejections({ fraction, reason });
    },
    clear: () => {
      random.setFraction(0);
      app.injectRejections(undefined);
    },
  });

  let halted: string | undefined;
  chaos.registerFault({
    name: HALT_TRADING,
    description: "Trading on a symbol halts: new orders and amendments are rejected (TRADING_HALTED), cancels work",
    schema: z.object({ symbol }),
    apply: async (p) => {
      await http(() => app.haltTrading(p.symbol));
      halted = p.symbol;
      chaos.recordInjection(HALT_TRADING);
    },
    clear: async () => {
      if (halted === undefined) return;
      const s = halted;
      halted = undefined;
      await app.resumeTrading(s);
    },
  });

  chaos.registerFault({
    name: PRICE_SHOCK,
    description: "The house account sweeps the book `percent` away from the touch (+ buys asks, − sells bids)",
    schema: z.object({ symbol, percent: z.number().gt(-100).lte(1000).refine((p) => p !== 0, { error: "must not be 0" }) }),
    apply: async (p) => {
      await http(() => app.priceShock(p.symbol, p.percent));
      chaos.recordInjection(PRICE_SHOCK);
    },
    clear: () => {},
  });
}
