import { type AppendReceipt, MemoryEventLog, type NewEvent, StorageUnavailableError } from "@tse/storage";
import { describe, expect, it } from "vitest";
import { Exchange } from "../domain/index.js";
import { GroupCommit, JournalUnavailableError } from "./group-commit.js";

/** A real in-memory log whose appends can be made to fail, as PostgreSQL's outbox does when it is full. */
class SwitchableLog extends MemoryEventLog {
  appends: number[] = [];
  failWith: Error | undefined;
  override async append(events: readonly NewEvent[]): Promise<AppendReceipt> {
    if (this.failWith) throw this.failWith;
    this.appends.push(events.length);
    return super.append(events);
  }
}

function setup() {
  const log = new SwitchableLog();
  const exchange = new Exchange();
  const failures: Error[] = [];
  const commit = new GroupCommit(log, (e) => failures.push(e));
  exchange.subscribeJournal(commit.record);
  return { log, exchange, commit, failures };
}

describe("GroupCommit", () => {
  it("appends the events of every command of one turn as one batch, then releases their waiters", async () => {
    const { log, exchange, commit } = setup();
    const waits = ["a", "b", "c"].map((id) => {
      exchange.openAccount(id);
      return commit.whenDurable(exchange.engine.lastSeq);
    });
    expect(commit.durable).toBe(0);
    await Promise.all(waits);
    expect(log.appends).toEqual([3]);
    expect(commit.durable).toBe(3);
    const stored = await log.readFrom(1);
    expect(stored.map((e) => [e.seq, e.type, (e.data as { accountId: string }).accountId])).toEqual([
      [1, "AccountOpened", "a"],
      [2, "AccountOpened", "b"],
      [3, "AccountOpened", "c"],
    ]);
  });

  it("queues events that arrive while a batch is being written into the next batch", async () => {
    const { log, exchange, commit } = setup();
    exchange.openAccount("a");
    const first = commit.whenDurable(1);
    await new Promise((r) => setImmediate(r)); // the first append is now in flight
    exchange.openAccount("b");
    exchange.openAccount("c");
    await Promise.all([first, commit.whenDurable(3)]);
    expect(log.appends).toEqual([1, 2]);
  });

  it("fails stop: waiters and later writes are refused with the cause, nothing more is appended", async () => {
    const { log, exchange, commit, failures } = setup();
    exchange.openAccount("a");
    await commit.whenDurable(1);
    log.failWith = new StorageUnavailableError("backlog_full", "too many pending events");
    exchange.openAccount("b");
    await expect(commit.whenDurable(2)).rejects.toThrow(JournalUnavailableError);
    expect(commit.failed?.message).toMatch(/too many pending events/);
    expect(failures).toHaveLength(1);
    log.failWith = undefined;
    exchange.openAccount("c");
    await expect(commit.whenDurable(3)).rejects.toBe(commit.failed);
    await commit.flush();
    expect(log.lastSeq()).toBe(1);
  });

  it("fails stop when the log's sequence does not line up with the journal's (a second writer)", async () => {
    const log = new SwitchableLog();
    await log.append([{ type: "Foreign", data: {} }]);
    const commit = new GroupCommit(log);
    const exchange = new Exchange();
    exchange.subscribeJournal(commit.record);
    exchange.openAccount("a"); // journal seq 1, but the log is already at 1
    await expect(commit.whenDurable(2)).rejects.toThrow(/another writer/);
  });
});
