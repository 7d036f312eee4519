import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fundedAccount, type Harness, startExchange } from "../../test-support/exchange-harness.js";

let h: Harness;
let alice: string;

beforeAll(async () => {
  h = await startExchange();
  alice = await fundedAccount(h, "alice");
});
afterAll(() => h?.stop());

const order = () => JSON.stringify({ accountId: alice, symbol: "BTC-USD", side: "BUY", type: "LIMIT", price: "100.00", quantity: "0.1" });

describe("POST /orders body validation (fast path and zod agree)", () => {
  it.each([
    ["application/json", 201],
    ["application/json; charset=utf-8", 201],
    ["Application/JSON", 201],
    ["application/vnd.exchange+json", 201], // not the fast path's media type: validated by zod, same outcome
    ["text/plain", 415],
  ])("Content-Type %s → %i", async (contentType, status) => {
    const r = await h.call("POST", "/orders", order(), { "content-type": contentType });
    expect(r.status).toBe(status);
    if (status === 201) expect(r.body.order).toMatchObject({ accountId: alice, status: "NEW", price: "100.00" });
    else expect(r.body.error.code).toBe("unsupported_media_type");
  });

  it("answers a body the fast path does not take with zod's 400 naming every field", async () => {
    const r = await h.call("POST", "/orders", { accountId: alice, symbol: "BTC-USD", side: "UP", quantity: 1 });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("invalid_request");
    expect(r.body.error.details.issues.map((i: { field: string }) => i.field).sort()).toEqual(["quantity", "side", "type"]);
  });
});
