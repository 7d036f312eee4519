import { postgresAvailable } from "@tse/testkit";
import { afterAll, describe, expect, it } from "vitest";
import type { EventLog } from "../event-log.js";
import { eventLogContract } from "../test-support/event-log-contract.js";
import { adminRows } from "../test-support/pg.js";
import { openTestStorage, type TestStorage } from "../test-support/storage.js";

const available = await postgresAvailable();

describe.skipIf(!available)("PostgresEventLog (real PostgreSQL)", () => {
  const opened: TestStorage[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((t) => t.cleanup()));
  });
  const open = async () => {
    const t = await openTestStorage();
    opened.push(t);
    return t;
  };

  eventLogContract(async (): Promise<EventLog> => (await open()).storage.events, "postgres");

  it("stores events in the instance's own schema, exactly as written", async () => {
    const t = await open();
    await t.storage.events.append([{ type: "deposit", data: { b: "0.1", a: "0.2" } }]);
    const rows = await adminRows<{ seq: string; type: string; data: string }>(
      t.identity.schema,
      "SELECT seq, type, data::text AS data FROM event_log",
    );
    expect(rows).toEqual([{ seq: "1", type: "deposit", data: '{"b":"0.1","a":"0.2"}' }]);
  });

  it("continues the sequence after a restart", async () => {
    const t = await open();
    await t.storage.events.append([{ type: "a", data: 1 }, { type: "b", data: 2 }]);
    await t.storage.events.saveSnapshot(2, { n: 2 });
    await t.close();
    const again = await openTestStorage({ identity: t.identity, config: { journalDir: t.config.journalDir } });
    opened.push(again);
    expect(again.storage.events.lastSeq()).toBe(2);
    expect(await again.storage.events.append([{ type: "c", data: 3 }])).toMatchObject({ firstSeq: 3, durability: "postgres" });
    expect((await again.storage.events.loadSnapshot())?.seq).toBe(2);
  });
});
