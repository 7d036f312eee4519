import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { captureLogs } from "../test-support/log-capture.js";
import { ShutdownHooks } from "./lifecycle.js";

describe("ShutdownHooks", () => {
  it("runs closers newest first, once, isolating failures and hangs", async () => {
    const logs = captureLogs();
    const hooks = new ShutdownHooks(pino({ level: "debug" }, logs.stream));
    const order: string[] = [];
    hooks.onShutdown("pool", () => {
      order.push("pool");
    });
    hooks.onShutdown("hangs", () => new Promise(() => {}));
    hooks.onShutdown("throws", () => {
      order.push("throws");
      throw new Error("nope");
    });
    hooks.onShutdown("consumer", async () => {
      order.push("consumer");
    });
    expect(hooks.stopping.aborted).toBe(false);
    hooks.beginShutdown();
    expect(hooks.stopping.aborted).toBe(true);
    expect(await hooks.runClosers(50)).toBe(false);
    expect(order).toEqual(["consumer", "throws", "pool"]);
    const failures = logs.lines().filter((l) => l.msg === "shutdown closer failed").map((l) => l.closer);
    expect(failures).toEqual(["throws", "hangs"]);
    expect(await hooks.runClosers(50)).toBe(true); // second run: nothing to do
    expect(order).toHaveLength(3);
    expect(() => hooks.onShutdown("late", () => {})).toThrow(/already ran/);
  });
});
