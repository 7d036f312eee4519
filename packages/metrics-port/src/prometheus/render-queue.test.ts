import { setImmediate as nextTurn } from "node:timers/promises";
import { expect, it } from "vitest";
import type { ExpositionFormat } from "./negotiation.js";
import { RenderQueue } from "./render-queue.js";

function tracked() {
  let running = 0;
  let maxRunning = 0;
  const started: ExpositionFormat[] = [];
  const render = async (format: ExpositionFormat) => {
    running++;
    maxRunning = Math.max(maxRunning, running);
    started.push(format);
    await nextTurn();
    await nextTurn();
    running--;
    return [`${format} #${started.length}`];
  };
  return { render, started, maxRunning: () => maxRunning };
}

it("runs renders one at a time, in arrival order", async () => {
  const t = tracked();
  const q = new RenderQueue(t.render);
  const first = q.run("text");
  await Promise.resolve();
  await Promise.resolve(); // text is running now
  const results = await Promise.all([first, q.run("openmetrics"), q.run("text")]);
  expect(t.maxRunning()).toBe(1);
  expect(results.map((r) => r[0])).toEqual(["text #1", "openmetrics #2", "text #3"]);
});

it("shares one queued render between requests for the same format, but never a render already running", async () => {
  const t = tracked();
  const q = new RenderQueue(t.render);
  const first = q.run("text"); // starts at once (after a microtask)
  await Promise.resolve();
  await Promise.resolve();
  const second = q.run("text"); // first is running: queue a fresh render
  const third = q.run("text"); // second is still queued: share it
  const [a, b, c] = await Promise.all([first, second, third]);
  expect(a).not.toBe(b);
  expect(b).toBe(c);
  expect(t.started).toEqual(["text", "text"]);
});

it("keeps working after a render fails", async () => {
  let calls = 0;
  const q = new RenderQueue(async () => {
    calls++;
    if (calls === 1) throw new Error("boom");
    return ["ok"];
  });
  await expect(q.run("text")).rejects.toThrow("boom");
  await expect(q.run("text")).resolves.toEqual(["ok"]);
});
