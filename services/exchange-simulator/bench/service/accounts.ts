/** Opens the mix's accounts over REST and funds them generously, so no order of a run lacks funds. */
import type { OrderMix } from "./order-mix.js";

/**
 * Per account: 1e9 USD and 1e6 BTC. Seven accounts stay under the engine's supply limit (2^53 − 1 units:
 * ~9.007e9 USD at 6 decimals) and cover millions of resting 0.005 BTC orders at 30,000 USD.
 */
const DEPOSITS = [
  { asset: "USD", amount: "1000000000" },
  { asset: "BTC", amount: "1000000" },
];

async function post(url: string, body: unknown): Promise<unknown> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`POST ${url} answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

/** Returns the number of journal events the setup wrote (one per account and per deposit). */
export async function openFundedAccounts(httpUrl: string, mix: OrderMix): Promise<number> {
  let events = 0;
  for (const accountId of mix.accounts) {
    await post(`${httpUrl}/api/v1/accounts`, { accountId });
    events++;
    for (const d of DEPOSITS) {
      await post(`${httpUrl}/api/v1/accounts/${encodeURIComponent(accountId)}/deposits`, d);
      events++;
    }
  }
  return events;
}
