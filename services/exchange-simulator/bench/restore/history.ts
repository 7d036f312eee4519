/**
 * A long, realistic event history for the restore benchmark: an in-process exchange (default symbols) trading
 * a deterministic mix on BTC-USD — 60 % passive limit orders around a drifting mid (some marketable), 30 %
 * cancels of resting orders, 10 % small market orders — across funded accounts, journaled into the event log
 * through the service's own GroupCommit, so the log holds exactly what a running service would have written.
 */
import type { EventLog } from "@tse/storage";
import { GroupCommit } from "../../src/application/group-commit.js";
import { Exchange, type PlaceOrderRequest, seededRandom } from "../../src/domain/index.js";

const ACCOUNTS = 100;
const SYMBOL = "BTC-USD";
/** Flush to the log every this many operations, so memory stays flat however long the history is. */
const FLUSH_EVERY = 5_000;

export interface History {
  readonly exchange: Exchange;
  readonly accounts: number;
  /** Events in the log so far. */
  readonly events: number;
  restingOrders(): number;
  /** Runs the same mix further until `events` more events are in the log. */
  extend(events: number): Promise<void>;
}

interface Resting {
  readonly accountId: string;
  readonly orderId: number;
}

export async function runHistory(log: EventLog, events: number, progress: (msg: string) => void): Promise<History> {
  const exchange = new Exchange({});
  const journal = new GroupCommit(log, (err) => {
    throw err;
  });
  let journaled = 0;
  exchange.subscribeJournal((event) => {
    journaled++;
    journal.record(event);
  });

  const random = seededRandom(7);
  const accounts: string[] = [];
  for (let i = 0; i < ACCOUNTS; i++) {
    const accountId = `acct-${i}`;
    expectOk(exchange.openAccount(accountId), "open account");
    expectOk(exchange.deposit({ accountId, asset: "USD", amount: "500000" }), "deposit USD");
    expectOk(exchange.deposit({ accountId, asset: "BTC", amount: "100" }), "deposit BTC");
    accounts.push(accountId);
  }
  const resting: Resting[] = [];
  let midCents = 3_000_000;

  function step(): void {
    const accountId = accounts[Math.floor(random() * accounts.length)]!;
    if (random() < 0.1) midCents += random() < 0.5 ? -1 : 1;
    const roll = random();
    if (roll < 0.3 && resting.length > 0) {
      const i = Math.floor(random() * resting.length);
      const target = resting[i]!;
      resting[i] = resting[resting.length - 1]!;
      resting.pop();
      exchange.cancelOrder(target); // the order may have been filled meanwhile: then nothing happens
      return;
    }
    const side = random() < 0.5 ? "buy" : "sell";
    const quantity = ((1 + Math.floor(random() * 50)) / 10_000).toFixed(4);
    const req: PlaceOrderRequest =
      roll < 0.4
        ? { accountId, symbol: SYMBOL, side, type: "market", quantity }
        : { accountId, symbol: SYMBOL, side, type: "limit", quantity, price: limitPrice(side, random, midCents) };
    const placed = exchange.placeOrder(req);
    if (placed.ok && (placed.value.order.status === "NEW" || placed.value.order.status === "PARTIALLY_FILLED")) {
      resting.push({ accountId, orderId: placed.value.order.orderId });
    }
  }

  async function until(target: number): Promise<void> {
    let lastReport = 0;
    for (let ops = 1; journaled < target; ops++) {
      step();
      if (ops % FLUSH_EVERY === 0) {
        await journal.flush();
        if (journaled - lastReport >= 100_000) {
          lastReport = journaled;
          progress(`${journaled.toLocaleString("en-US")} events, ${resting.length.toLocaleString("en-US")} resting orders`);
        }
      }
    }
    await journal.flush();
    if (journal.failed) throw journal.failed;
  }

  await until(events);
  return {
    exchange,
    accounts: ACCOUNTS,
    get events() {
      return journaled;
    },
    restingOrders: () => resting.length,
    extend: (more) => until(journaled + more),
  };
}

/** 5 % of limit orders cross the touch by up to 2 ticks; the rest rest 1 + geometric(10) ticks from the mid. */
function limitPrice(side: "buy" | "sell", random: () => number, midCents: number): string {
  const away = random() < 0.05 ? -Math.floor(random() * 3) : 1 + Math.floor(Math.log(1 - random()) / Math.log(1 - 1 / 11));
  const cents = side === "buy" ? midCents - away : midCents + away;
  return (cents / 100).toFixed(2);
}

function expectOk(r: { ok: boolean }, what: string): void {
  if (!r.ok) throw new Error(`${what} failed: ${JSON.stringify(r)}`);
}
