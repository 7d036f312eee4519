import { describe, expect, it } from "vitest";
import { BufferPool } from "./buffer-pool.js";

describe("BufferPool", () => {
  it("hands out a released chunk again instead of allocating", () => {
    const pool = new BufferPool(1024);
    const a = pool.take(10);
    expect(a.length).toBe(1024);
    pool.release(a);
    expect(pool.take(1024)).toBe(a);
  });

  it("allocates a one-off buffer for a larger request and does not keep it", () => {
    const pool = new BufferPool(1024);
    const big = pool.take(5000);
    expect(big.length).toBe(5000);
    pool.release(big);
    expect(pool.idle).toBe(0);
  });

  it("keeps at most `keep` idle chunks", () => {
    const pool = new BufferPool(64, 2);
    const taken = [pool.take(0), pool.take(0), pool.take(0)];
    for (const b of taken) pool.release(b);
    expect(pool.idle).toBe(2);
  });
});
