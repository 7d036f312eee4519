import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHAOS_TOKEN, fundedAccount, type Harness, startExchange } from "../../test-support/exchange-harness.js";

let h: Harness;
let mm: string;
const auth = { authorization: `Bearer ${CHAOS_TOKEN}` };

beforeAll(async () => {
  h = await startExchange({ CHAOS_ENABLED: "true", CHAOS_TOKEN });
  mm = await fundedAccount(h, "mm");
});
afterAll(() => h?.stop());

const order = (side: "BUY" | "SELL", price: string, quantity = "0.01") => ({ accountId: mm, symbol: "BTC-USD", side, type: "LIMIT", price, quantity });

async function injections(fault: string): Promise<number> {
  const text = await (await fetch(`${h.url}/metrics`)).text();
  const m = new RegExp(`^chaos_injections_total\\{[^}]*fault="${fault}"[^}]*\\} (\\d+)`, "m").exec(text);
  return m ? Number(m[1]) : 0;
}

describe("exchange chaos faults over HTTP", () => {
  it("refuses activation without the token", async () => {
    const r = await h.call("POST", "/api/v1/chaos/reject-orders", { fraction: 1, duration_ms: 1000 });
    expect(r.status).toBe(401);
  });

  it("reject-orders rejects that fraction with the reason, counts each, and clears", async () => {
    const on = await h.call("POST", "/api/v1/chaos/reject-orders", { fraction: 1, reason: "EXCHANGE_BUSY", duration_ms: 60_000 }, auth);
    expect(on.status).toBe(200);
    const before = await injections("reject-orders");
    for (let i = 0; i < 3; i++) {
      const r = await h.call("POST", "/orders", order("BUY", "100.00"));
      expect(r.body.order).toMatchObject({ status: "REJECTED", rejectReason: "EXCHANGE_BUSY" });
    }
    expect(await injections("reject-orders")).toBe(before + 3);
    expect((await h.call("DELETE", "/api/v1/chaos/reject-orders", undefined, auth)).status).toBe(200);
    expect((await h.call("POST", "/orders", order("BUY", "100.00"))).body.order.status).toBe("NEW");
  });

  it("rejects bad fault parameters naming the field", async () => {
    const r = await h.call("POST", "/api/v1/chaos/halt-trading", { symbol: "NOPE", duration_ms: 1000 }, auth);
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/symbol/);
  });

  it("halt-trading rejects new orders on the symbol until cleared, cancels still work", async () => {
    const resting = await h.call("POST", "/orders", order("BUY", "101.00"));
    const on = await h.call("POST", "/api/v1/chaos/halt-trading", { symbol: "BTC-USD", duration_ms: 60_000 }, auth);
    expect(on.status).toBe(200);
    expect((await h.call("GET", "/symbols")).body.find((s: { symbol: string }) => s.symbol === "BTC-USD").halted).toBe(true);
    expect((await h.call("POST", "/orders", order("BUY", "100.00"))).body.order).toMatchObject({ status: "REJECTED", rejectReason: "TRADING_HALTED" });
    expect((await h.call("POST", "/orders", { ...order("BUY", "100.00"), symbol: "ETH-USD", quantity: "0.01" })).body.order.status).toBe("NEW");
    expect((await h.call("DELETE", `/orders/${resting.body.order.orderId}`)).status).toBe(200);
    expect(await injections("halt-trading")).toBe(1);
    await h.call("DELETE", "/api/v1/chaos/halt-trading", undefined, auth);
    expect((await h.call("POST", "/orders", order("BUY", "100.00"))).body.order.status).toBe("NEW");
  });

  it("price-shock makes the house account sweep the asks", async () => {
    for (const p of ["30000.00", "30100.00", "30200.00", "33000.00"]) await h.call("POST", "/orders", order("SELL", p, "0.1"));
    const r = await h.call("POST", "/api/v1/chaos/price-shock", { symbol: "BTC-USD", percent: 1, duration_ms: 1000 }, auth);
    expect(r.status).toBe(200);
    const book = await h.call("GET", "/orderbook/BTC-USD");
    expect(book.body.asks[0][0]).toBe("33000.00");
    const trades = await h.call("GET", "/trades/BTC-USD?limit=3");
    expect(trades.body.map((t: { price: string }) => t.price)).toEqual(["30200.00", "30100.00", "30000.00"]);
    expect(await injections("price-shock")).toBe(1);
    const empty = await h.call("POST", "/api/v1/chaos/price-shock", { symbol: "ETH-BTC", percent: -5, duration_ms: 1000 }, auth);
    expect(empty.status).toBe(409);
    expect(empty.body.error.code).toBe("no_liquidity");
  });
});
