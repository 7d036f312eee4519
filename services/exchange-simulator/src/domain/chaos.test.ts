import { describe, expect, it } from "vitest";
import { RejectionInjector, seededRandom } from "./chaos.js";
import { expectRejectedWithoutChange, fixture, P30K } from "./test-support/engine-fixture.js";

describe("seededRandom", () => {
  it("is deterministic per seed and roughly uniform in [0, 1)", () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const xs = Array.from({ length: 10_000 }, () => a());
    expect(Array.from({ length: 10_000 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.02);
    expect(seededRandom(43)()).not.toBe(seededRandom(42)());
  });
});

describe("RejectionInjector", () => {
  it("draws nothing while off and never consumes randomness then", () => {
    let calls = 0;
    const inj = new RejectionInjector(() => {
      calls++;
      return 0;
    });
    expect(inj.draw()).toBeUndefined();
    expect(calls).toBe(0);
    inj.set({ probability: 0.5 });
    expect(inj.draw()).toBe("EXCHANGE_BUSY");
    expect(inj.current).toEqual({ probability: 0.5, reason: "EXCHANGE_BUSY" });
    inj.set(undefined);
    expect(inj.current).toBeUndefined();
  });
});

describe("trading halt", () => {
  it("rejects new orders with TRADING_HALTED, still allows cancels, and resumes", () => {
    const f = fixture();
    const o = f.accepted("bob", "buy", P30K, 1).order;
    expect(f.engine.haltTrading("BTC-USD")).toEqual({ ok: true, value: { changed: true } });
    expect(f.engine.haltTrading("BTC-USD")).toEqual({ ok: true, value: { changed: false } });
    expect(f.engine.isHalted("BTC-USD")).toBe(true);
    expectRejectedWithoutChange(f, () => f.place("alice", "sell", P30K, 1), "TRADING_HALTED");
    expect(f.place("alice", "sell", 5000, 1, { symbol: "ETH-USD" }).ok).toBe(true); // other symbols trade on
    expect(f.engine.cancelOrder("bob", o.id).ok).toBe(true);
    expect(f.engine.resumeTrading("BTC-USD").ok).toBe(true);
    expect(f.place("alice", "sell", P30K, 1).ok).toBe(true);
    expect(f.journal.events().filter((e) => e.type === "TradingHalted" || e.type === "TradingResumed").map((e) => e.type)).toEqual([
      "TradingHalted",
      "TradingResumed",
    ]);
    expect(f.engine.haltTrading("NOPE")).toMatchObject({ ok: false, reason: "UNKNOWN_SYMBOL" });
  });
});

describe("injected rejections", () => {
  it("reject the configured fraction with the configured reason, reproducibly from a seed", () => {
    const run = () => {
      const f = fixture({ random: seededRandom(7) });
      f.engine.injectRejections({ probability: 0.3, reason: "EXCHANGE_BUSY" });
      const outcomes = Array.from({ length: 400 }, (_, i) => f.place("bob", "buy", P30K - i, 1));
      return outcomes.map((r) => (r.ok ? "ok" : r.reason));
    };
    const a = run();
    const rejected = a.filter((x) => x === "EXCHANGE_BUSY").length;
    expect(rejected).toBeGreaterThan(80);
    expect(rejected).toBeLessThan(160);
    expect(a.every((x) => x === "ok" || x === "EXCHANGE_BUSY")).toBe(true);
    expect(run()).toEqual(a);
  });

  it("change nothing when they strike, and stop when cleared", () => {
    const f = fixture({ random: () => 0 });
    f.engine.injectRejections({ probability: 1, reason: "TRADING_HALTED" });
    expect(f.engine.rejectionFault).toEqual({ probability: 1, reason: "TRADING_HALTED" });
    expectRejectedWithoutChange(f, () => f.place("bob", "buy", P30K, 1), "TRADING_HALTED");
    f.engine.injectRejections(undefined);
    expect(f.place("bob", "buy", P30K, 1).ok).toBe(true);
    expect(() => f.engine.injectRejections({ probability: 2 })).toThrow(RangeError);
    expect(() => f.engine.injectRejections({ probability: 0.5, reason: "NOPE" as never })).toThrow(RangeError);
  });
});

