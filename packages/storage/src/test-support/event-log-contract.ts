/**
 * The EventLog contract, run against every implementation (memory, PostgreSQL) so they cannot drift apart.
 */
import { expect, it } from "vitest";
import type { EventLog, NewEvent } from "../event-log.js";

/** `make` returns a fresh, empty log; `expectedDurability` is what a healthy append reports. */
export function eventLogContract(make: () => Promise<EventLog>, expectedDurability: "memory" | "postgres"): void {
  it("starts empty", async () => {
    const log = await make();
    expect(log.lastSeq()).toBe(0);
    expect(await log.readFrom(1)).toEqual([]);
    expect(await log.loadSnapshot()).toBeUndefined();
  });

  it("assigns dense seqs from 1 and reads events back in order", async () => {
    const log = await make();
    const a = await log.append([
      { type: "order.accepted", data: { id: "o1", qty: "1.5" } },
      { type: "order.filled", data: { id: "o1" } },
    ]);
    const b = await log.append([{ type: "trade", data: { price: "30000.01" } }]);
    expect(a).toEqual({ firstSeq: 1, lastSeq: 2, durability: expectedDurability });
    expect(b).toEqual({ firstSeq: 3, lastSeq: 3, durability: expectedDurability });
    expect(log.lastSeq()).toBe(3);
    const all = await log.readFrom(1);
    expect(all.map((e) => [e.seq, e.type])).toEqual([
      [1, "order.accepted"],
      [2, "order.filled"],
      [3, "trade"],
    ]);
    expect(all[0]!.data).toEqual({ id: "o1", qty: "1.5" });
    expect(new Date(all[0]!.at).toISOString()).toBe(all[0]!.at);
    expect(all[0]!.at).toBe(all[1]!.at); // one append, one instant
  });

  it("readFrom starts at the given seq and honours the limit", async () => {
    const log = await make();
    for (let i = 0; i < 5; i++) await log.append([{ type: "n", data: i }]);
    expect((await log.readFrom(3)).map((e) => e.data)).toEqual([2, 3, 4]);
    expect((await log.readFrom(2, 2)).map((e) => e.seq)).toEqual([2, 3]);
    expect(await log.readFrom(6)).toEqual([]);
    await expect(log.readFrom(0)).rejects.toThrow(RangeError);
    await expect(log.readFrom(1, 0)).rejects.toThrow(RangeError);
    await expect(log.readFrom(1, 10_001)).rejects.toThrow(RangeError);
  });

  it("keeps concurrent appends atomic, ordered and gap-free", async () => {
    const log = await make();
    const receipts = await Promise.all(
      Array.from({ length: 20 }, (_, w) => log.append([0, 1, 2].map((i) => ({ type: "w", data: { w, i } })))),
    );
    const seqs = receipts.flatMap((r) => Array.from({ length: r.lastSeq - r.firstSeq + 1 }, (_, i) => r.firstSeq + i));
    expect(seqs.sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    const events = await log.readFrom(1);
    for (const [w, r] of receipts.entries()) {
      // each append's three events are contiguous and in the order given
      expect(events.slice(r.firstSeq - 1, r.lastSeq).map((e) => e.data)).toEqual([0, 1, 2].map((i) => ({ w, i })));
    }
  });

  it("round-trips JSON exactly: decimal strings, unicode, nesting, key order", async () => {
    const log = await make();
    const data = {
      amount: "12345678901234567890.123456789012345678",
      tiny: "0.000000000000000001",
      name: "ünïcødé 🚀 \"quoted\" \\ back\nslash",
      nested: { z: [1, -2.5, true, null, { deep: "x" }], a: {} },
      count: 42,
    };
    await log.append([{ type: "t", data }]);
    const [e] = await log.readFrom(1);
    expect(e!.data).toEqual(data);
    expect(JSON.stringify(e!.data)).toBe(JSON.stringify(data));
  });

  it("refuses invalid events without consuming a seq", async () => {
    const log = await make();
    const bad: unknown[] = [
      [],
      [{ type: "", data: 1 }],
      [{ type: "x".repeat(201), data: 1 }],
      [{ type: "t", data: undefined }],
      [{ type: "t", data: Number.NaN }],
      [{ type: "t", data: { f: () => 1 } }],
      [{ type: "t", data: new Date() }],
      [{ type: "t", data: "nul \u0000 inside" }],
      [{ type: "t", data: "lone \ud800 surrogate" }],
      [{ type: "t", data: { ["k\u0000"]: 1 } }],
      [{ type: "t", data: 10n }],
    ];
    for (const events of bad) {
      const err = await log.append(events as NewEvent[]).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err instanceof TypeError || err instanceof RangeError, `${String(err)}`).toBe(true);
    }
    expect(log.lastSeq()).toBe(0);
    expect(await log.append([{ type: "ok", data: 1 }])).toMatchObject({ firstSeq: 1, lastSeq: 1 });
  });

  it("isolates stored events from callers' objects", async () => {
    const log = await make();
    const data = { list: [1, 2] };
    await log.append([{ type: "t", data }]);
    data.list.push(3);
    const first = await log.readFrom(1);
    (first[0]!.data as { list: number[] }).list.push(4);
    expect((await log.readFrom(1))[0]!.data).toEqual({ list: [1, 2] });
  });

  it("saves and loads the latest snapshot, and refuses one beyond lastSeq", async () => {
    const log = await make();
    await log.append([{ type: "a", data: 1 }, { type: "b", data: 2 }]);
    await log.saveSnapshot(1, { balance: "1.0" });
    await log.saveSnapshot(2, { balance: "3.0", books: { "BTC-USD": [] } });
    const snap = await log.loadSnapshot();
    expect(snap).toMatchObject({ seq: 2, state: { balance: "3.0", books: { "BTC-USD": [] } } });
    expect(new Date(snap!.at).toISOString()).toBe(snap!.at);
    await expect(log.saveSnapshot(3, {})).rejects.toThrow(RangeError);
    await expect(log.saveSnapshot(2, { bad: Number.POSITIVE_INFINITY })).rejects.toThrow(TypeError);
    expect((await log.loadSnapshot())?.seq).toBe(2);
  });
}
