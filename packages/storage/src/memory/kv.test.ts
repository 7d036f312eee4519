import { describe, expect, it } from "vitest";
import { kvContract } from "../test-support/kv-contract.js";
import { globToRegExp } from "./glob.js";
import { MemoryKv } from "./kv.js";

describe("MemoryKv", () => {
  kvContract(async () => new MemoryKv("t:"));
});

describe("globToRegExp (Redis MATCH semantics)", () => {
  it.each([
    ["orders:*", "orders:1:x", true],
    ["orders:?", "orders:12", false],
    ["h[ae]llo", "hallo", true],
    ["h[^e]llo", "hello", false],
    ["h[a-c]llo", "hbllo", true],
    ["a\\*b", "a*b", true],
    ["a\\*b", "axb", false],
    ["x.y", "xzy", false],
    ["[", "[", true],
  ])("%s matches %s: %s", (pattern, key, expected) => {
    expect(globToRegExp(pattern).test(key)).toBe(expected);
  });
});
