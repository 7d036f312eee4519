/**
 * Order ids as the API names them: strings of the engine's positive integers. Clients treat them as opaque;
 * the simulator has no authentication, so an order id is enough to find (and act for) the order's account.
 */
import type { MatchingEngine } from "../domain/index.js";
import { ExchangeFailure } from "./errors.js";

/** Order ids are the engine's positive integers; anything else cannot name an order. */
export function parseOrderId(orderId: string): number {
  const id = /^[1-9]\d{0,15}$/.test(orderId) ? Number(orderId) : Number.NaN;
  if (!Number.isSafeInteger(id)) throw new ExchangeFailure("not_found", "UNKNOWN_ORDER", `no order ${JSON.stringify(orderId)}`, "orderId");
  return id;
}

/** The account owning order `id`. */
export function ownerOf(engine: MatchingEngine, id: number): string {
  const order = engine.getOrder(id);
  if (order === undefined) throw new ExchangeFailure("not_found", "UNKNOWN_ORDER", `no order ${id}`, "orderId");
  return order.account.id;
}
