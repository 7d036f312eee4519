/**
 * A write acknowledged from the journal survives the process being killed (SIGKILL: no close, no flush, no
 * exit handler) and reaches PostgreSQL exactly once when the next process starts.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { postgresAvailable, postgresUrl, waitFor } from "@tse/testkit";
import { afterAll, describe, expect, it } from "vitest";
import { adminRows, dropSchema, testIdentity } from "../test-support/pg.js";
import { openTestStorage } from "../test-support/storage.js";

const available = await postgresAvailable();
const packageDir = fileURLToPath(new URL("../../", import.meta.url));

describe.skipIf(!available)("journal across a process crash (real PostgreSQL, child process)", () => {
  const identity = testIdentity();
  const journalDir = mkdtempSync(join(tmpdir(), "tse-crash-"));
  afterAll(async () => {
    await dropSchema(identity.schema);
    rmSync(journalDir, { recursive: true, force: true });
  });

  it("replays every acknowledged write of a killed process, once", async () => {
    const child = spawn(
      process.execPath,
      ["--conditions=source", "--import", "tsx", "src/test-support/crash-writer.ts"],
      {
        cwd: packageDir,
        env: {
          ...process.env,
          TSE_CRASH_PG_URL: postgresUrl(),
          TSE_CRASH_INSTANCE: identity.instanceName,
          TSE_CRASH_JOURNAL_DIR: journalDir,
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      err += d.toString();
    });
    const exited = new Promise((r) => child.once("exit", r));
    const acked = () => [...out.matchAll(/^ACK (\d+) (\w+)$/gm)].map((m) => ({ seq: Number(m[1]), durability: m[2] }));
    try {
      await waitFor(() => acked().length >= 50 || child.exitCode !== null, { timeoutMs: 20_000, what: "50 journaled acks" });
    } finally {
      child.kill("SIGKILL");
      await exited;
    }
    const acks = acked();
    expect(acks.length, `child output:\n${out.slice(-500)}\n${err.slice(-2000)}`).toBeGreaterThanOrEqual(50);
    expect(acks.every((a) => a.durability === "journal")).toBe(true);
    expect(await adminRows(identity.schema, "SELECT seq FROM event_log")).toEqual([]);

    // The next process (PostgreSQL reachable again) replays the journal at start.
    const next = await openTestStorage({ identity, config: { journalDir } });
    try {
      const rows = await adminRows<{ seq: string; i: number }>(
        identity.schema,
        "SELECT seq, (data->>'i')::int AS i FROM event_log ORDER BY seq",
      );
      const seqs = rows.map((r) => Number(r.seq));
      // Every acknowledged seq is there; appends acknowledged after the last line we read may be too.
      expect(seqs.length).toBeGreaterThanOrEqual(acks.length);
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, k) => k + 1));
      expect(rows.map((r) => r.i)).toEqual(seqs.map((s) => s - 1));
      expect(next.storage.events.lastSeq()).toBe(seqs.length);
      expect(await next.storage.events.append([{ type: "after", data: null }])).toMatchObject({
        firstSeq: seqs.length + 1,
        durability: "postgres",
      });
    } finally {
      await next.close();
    }
  });
});
