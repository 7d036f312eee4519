import { describe, expect, it } from "vitest";
import { eventLogContract } from "../test-support/event-log-contract.js";
import { MemoryEventLog } from "./event-log.js";

describe("MemoryEventLog", () => {
  eventLogContract(async () => new MemoryEventLog(), "memory");

  it("keeps every event exactly across many appends, big ones and non-ASCII text included", async () => {
    const log = new MemoryEventLog();
    const events = Array.from({ length: 30_000 }, (_, i) => ({ type: i % 3 ? "t" : "ü", data: { i, text: `ünïcødé 🚀 ${"x".repeat(i % 400)}` } }));
    await log.append(events.slice(0, 12_345));
    const huge = { type: "huge", data: "€".repeat(2_000_000) };
    await log.append([huge]);
    await log.append(events.slice(12_345));
    expect(log.lastSeq()).toBe(30_001);
    const all = [];
    for (let from = 1; from <= log.lastSeq(); from += 10_000) all.push(...(await log.readFrom(from, 10_000)));
    expect(all.map((e) => e.seq)).toEqual(Array.from({ length: 30_001 }, (_, i) => i + 1));
    expect(all.map((e) => ({ type: e.type, data: e.data }))).toEqual([...events.slice(0, 12_345), huge, ...events.slice(12_345)]);
  });
});
