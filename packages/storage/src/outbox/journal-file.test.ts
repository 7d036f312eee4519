import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { frame, JournalCorruptError, JournalError, JournalFile } from "./journal-file.js";

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "tse-jf-"));
  path = join(dir, "sub", "x.journal");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("JournalFile", () => {
  it("creates the file and reads back appended entries after reopening", async () => {
    const { journal, entries } = await JournalFile.open(path, 1 << 20);
    expect(entries).toEqual([]);
    await journal.append(['{"a":1}', '{"b":"ü\\n"}']);
    await journal.append(['{"c":3}']);
    expect(journal.sizeBytes).toBe(statSync(path).size);
    // No close: what a crashed process leaves behind.
    const again = await JournalFile.open(path, 1 << 20);
    expect(again.entries).toEqual(['{"a":1}', '{"b":"ü\\n"}', '{"c":3}']);
    expect(again.truncatedBytes).toBe(0);
    await Promise.all([journal.close(), again.journal.close()]);
  });

  it("frames each entry as one checksummed line", async () => {
    const { journal } = await JournalFile.open(path, 1 << 20);
    await journal.append(['{"a":1}']);
    await journal.close();
    expect(readFileSync(path, "utf8")).toMatch(/^[0-9a-f]{8} \{"a":1\}\n$/);
  });

  it("cuts off a torn tail (partial line, zero-filled block) and keeps appending cleanly", async () => {
    const { journal } = await JournalFile.open(path, 1 << 20);
    await journal.append(['{"a":1}', '{"b":2}']);
    await journal.close();
    appendFileSync(path, frame('{"c":3}').slice(0, 12)); // crash mid-write
    appendFileSync(path, Buffer.alloc(64)); // and a zero-filled block after it
    const reopened = await JournalFile.open(path, 1 << 20);
    expect(reopened.entries).toEqual(['{"a":1}', '{"b":2}']);
    expect(reopened.truncatedBytes).toBe(12 + 64);
    await reopened.journal.append(['{"d":4}']);
    await reopened.journal.close();
    expect((await JournalFile.open(path, 1 << 20)).entries).toEqual(['{"a":1}', '{"b":2}', '{"d":4}']);
  });

  it("refuses to open a journal corrupted before intact entries", async () => {
    const { journal } = await JournalFile.open(path, 1 << 20);
    await journal.append(['{"a":1}', '{"b":2}', '{"c":3}']);
    await journal.close();
    const text = readFileSync(path, "utf8").replace('{"b":2}', '{"b":9}'); // bit rot in the middle
    writeFileSync(path, text);
    await expect(JournalFile.open(path, 1 << 20)).rejects.toThrow(JournalCorruptError);
    await expect(JournalFile.open(path, 1 << 20)).rejects.toThrow(/line 2/);
  });

  it("refuses appends beyond maxBytes with reason full, leaving the file intact", async () => {
    const { journal } = await JournalFile.open(path, 40);
    await journal.append(['{"a":1}']); // 17 bytes
    const err = await journal.append(['{"bbbbbbbbbbbbbbbb":1}']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JournalError);
    expect((err as JournalError).reason).toBe("full");
    await journal.close();
    expect((await JournalFile.open(path, 40)).entries).toEqual(['{"a":1}']);
  });

  it("empties on reset", async () => {
    const { journal } = await JournalFile.open(path, 1 << 20);
    await journal.append(['{"a":1}']);
    await journal.reset();
    expect(journal.sizeBytes).toBe(0);
    await journal.append(['{"b":2}']);
    await journal.close();
    expect((await JournalFile.open(path, 1 << 20)).entries).toEqual(['{"b":2}']);
  });

  it("reports a closed journal as unwritable", async () => {
    const { journal } = await JournalFile.open(path, 1 << 20);
    await journal.close();
    await expect(journal.append(["{}"])).rejects.toMatchObject({ reason: "unwritable" });
  });
});
