/**
 * A sample repository built on StorageContext, the pattern services follow:
 *  - writes are events appended to the instance's event log (durable, journaled during outages);
 *  - PostgreSQL: a projection keeps a NUMERIC read table in step, inside the storing transaction (exactly once);
 *  - memory: the read model folds the log itself.
 * One interface, two implementations, one contract test (balances.test.ts). Amounts are decimal strings
 * end to end: never a JS number, so 0.1 + 0.2 is 0.3.
 */
import type { AppendReceipt, StoredEvent } from "../event-log.js";
import type { StorageContext } from "../open.js";
import { defineMigrations } from "../postgres/migrate.js";
import type { Projection } from "../projection.js";
import { addDecimals, isDecimal } from "./decimal.js";

export const BALANCE_CREDITED = "balance.credited";

interface Credited {
  readonly account: string;
  readonly asset: string;
  readonly amount: string;
}

export interface BalanceRepository {
  /** Adds a positive decimal amount; resolves once the credit is durable. */
  credit(account: string, asset: string, amount: string): Promise<AppendReceipt>;
  /** The balance as an exact decimal string ("0" when never credited). */
  balance(account: string, asset: string): Promise<string>;
}

export const balanceMigrations = defineMigrations("sample_balances", [
  {
    version: 1,
    name: "balances",
    sql: `CREATE TABLE balances (
            account text NOT NULL, asset text NOT NULL, amount numeric NOT NULL CHECK (amount >= 0),
            PRIMARY KEY (account, asset));`,
  },
]);

export const balanceProjection: Projection = {
  name: "balances",
  async apply(tx, events) {
    for (const e of events) {
      if (e.type !== BALANCE_CREDITED) continue;
      const c = e.data as unknown as Credited;
      await tx.query(
        `INSERT INTO balances (account, asset, amount) VALUES ($1, $2, $3::numeric)
         ON CONFLICT (account, asset) DO UPDATE SET amount = balances.amount + EXCLUDED.amount`,
        [c.account, c.asset, c.amount],
      );
    }
  },
};

function credited(account: string, asset: string, amount: string): Credited {
  for (const [name, v] of [["account", account], ["asset", asset]] as const) {
    if (typeof v !== "string" || !/^[A-Za-z0-9._-]{1,64}$/.test(v)) throw new TypeError(`${name} must be 1-64 of [A-Za-z0-9._-]`);
  }
  if (!isDecimal(amount) || !/[1-9]/.test(amount)) throw new RangeError(`amount must be a positive decimal string (got ${amount})`);
  return { account, asset, amount };
}

class PostgresBalances implements BalanceRepository {
  constructor(private readonly ctx: StorageContext) {}

  async credit(account: string, asset: string, amount: string): Promise<AppendReceipt> {
    return this.ctx.events.append([{ type: BALANCE_CREDITED, data: { ...credited(account, asset, amount) } }]);
  }

  async balance(account: string, asset: string): Promise<string> {
    const r = await this.ctx.sql!.query<{ amount: string }>("SELECT amount FROM balances WHERE account = $1 AND asset = $2", [
      account,
      asset,
    ]);
    return r.rows[0]?.amount ?? "0";
  }
}

class MemoryBalances implements BalanceRepository {
  readonly #balances = new Map<string, string>();
  #folded = 0;

  constructor(private readonly ctx: StorageContext) {}

  async credit(account: string, asset: string, amount: string): Promise<AppendReceipt> {
    return this.ctx.events.append([{ type: BALANCE_CREDITED, data: { ...credited(account, asset, amount) } }]);
  }

  async balance(account: string, asset: string): Promise<string> {
    // Fold whatever the log gained since the last read (reads in pages of the maximum size).
    for (;;) {
      const page: StoredEvent[] = await this.ctx.events.readFrom(this.#folded + 1, 10_000);
      for (const e of page) {
        if (e.type === BALANCE_CREDITED) {
          const c = e.data as unknown as Credited;
          const key = `${c.account}\u0000${c.asset}`;
          this.#balances.set(key, addDecimals(this.#balances.get(key) ?? "0", c.amount));
        }
        this.#folded = e.seq;
      }
      if (page.length < 10_000) break;
    }
    return this.#balances.get(`${account}\u0000${asset}`) ?? "0";
  }
}

/** The repository for a context: the projected table with PostgreSQL, a fold of the log in memory. */
export function balanceRepository(ctx: StorageContext): BalanceRepository {
  return ctx.sql ? new PostgresBalances(ctx) : new MemoryBalances(ctx);
}
