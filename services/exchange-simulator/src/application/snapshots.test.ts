import { type AppendReceipt, MemoryEventLog, type NewEvent } from "@tse/storage";
import { waitFor } from "@tse/testkit";
import { describe, expect, it } from "vitest";
import { Exchange } from "../domain/index.js";
import { GroupCommit } from "./group-commit.js";
import { restoreExchange } from "./restore.js";
import { MAX_TIME_SHARE, Snapshotter } from "./snapshots.js";

/** A real in-memory log whose appends wait until released, to observe what happens before events are durable. */
class GatedLog extends MemoryEventLog {
  private gate: Promise<void> | undefined;
  private open: () => void = () => {};
  hold(): void {
    this.gate = new Promise((resolve) => {
      this.open = resolve;
    });
  }
  release(): void {
    this.gate = undefined;
    this.open();
  }
  override async append(events: readonly NewEvent[]): Promise<AppendReceipt> {
    await this.gate;
    return super.append(events);
  }
}

function setup(intervalEvents: number, now?: () => number) {
  const log = new GatedLog();
  const exchange = new Exchange();
  const journal = new GroupCommit(log);
  exchange.subscribeJournal(journal.record);
  const errors: unknown[] = [];
  const snapshotter = new Snapshotter({ log, engine: exchange.engine, journal, intervalEvents, onError: (e) => errors.push(e), ...(now && { now }) });
  return { log, exchange, journal, snapshotter, errors };
}

/** Opens and funds an account and rests one order: AccountOpened, Deposited ×2, OrderAccepted = 4 events. */
function trader(exchange: Exchange, id: string, price: string): void {
  exchange.openAccount(id);
  exchange.deposit({ accountId: id, asset: "USD", amount: "100000" });
  exchange.deposit({ accountId: id, asset: "BTC", amount: "10" });
  expect(exchange.placeOrder({ accountId: id, symbol: "BTC-USD", side: "buy", type: "limit", price, quantity: "1", clientOrderId: `${id}-1` }).ok).toBe(true);
}

describe("Snapshotter", () => {
  it("saves a snapshot every interval, only once its events are durable, and a restart replays only what follows", async () => {
    const { log, exchange, journal, snapshotter, errors } = setup(8);
    log.hold();
    trader(exchange, "a", "30000");
    trader(exchange, "b", "30100"); // seq 8 reaches the interval
    expect(journal.durable).toBe(0);
    expect(await log.loadSnapshot()).toBeUndefined(); // taken at seq 8, but events 1–8 are not durable yet
    log.release();
    await waitFor(async () => (await log.loadSnapshot())?.seq === 8, { timeoutMs: 5_000 });
    trader(exchange, "c", "29900"); // seq 12: only 4 since the last snapshot
    await journal.flush();
    await snapshotter.idle();
    expect((await log.loadSnapshot())?.seq).toBe(8);
    expect(snapshotter.saved).toBe(1);
    expect(errors).toEqual([]);

    const restarted = await restoreExchange(log, {});
    expect(restarted).toMatchObject({ snapshotSeq: 8, events: 4 });
    expect(restarted.exchange.engine.exportState()).toEqual(exchange.engine.exportState());
    expect(restarted.exchange.getOrderByClientId({ accountId: "a", clientOrderId: "a-1" }).ok).toBe(true);
  });

  it("reports a failed save and carries on (the log still has every event)", async () => {
    const { log, exchange, journal, snapshotter, errors } = setup(4);
    log.saveSnapshot = async () => {
      throw new Error("disk full");
    };
    trader(exchange, "a", "30000");
    await journal.flush();
    await snapshotter.idle();
    expect(errors).toEqual([new Error("disk full")]);
    expect(snapshotter.saved).toBe(0);
    expect(journal.failed).toBeUndefined();
  });

  it("keeps its own cost under MAX_TIME_SHARE: after a snapshot that took T, the next waits T × (1/share − 1)", async () => {
    // A clock that advances 10 ms per reading: the export and the encoding each "take" 10 ms, T = 20 ms.
    const clock = { t: 0, now: () => (clock.t += 10) };
    const { exchange, journal, snapshotter, errors } = setup(4, clock.now);
    trader(exchange, "a", "30000"); // seq 4: the first snapshot
    await journal.flush();
    await snapshotter.idle();
    expect(snapshotter.saved).toBe(1);
    const wait = 20 * (1 / MAX_TIME_SHARE - 1);
    trader(exchange, "b", "30100"); // seq 8: the interval is reached, but too soon after the first
    await journal.flush();
    await snapshotter.idle();
    expect(snapshotter.saved).toBe(1);
    clock.t += wait;
    trader(exchange, "c", "29900"); // seq 12: late enough
    await journal.flush();
    await snapshotter.idle();
    expect(snapshotter.saved).toBe(2);
    expect(errors).toEqual([]);
  });

  it("refuses a non-positive interval", () => {
    expect(() => setup(0)).toThrow(/intervalEvents must be a positive integer/);
  });
});
