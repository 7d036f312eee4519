import { fileURLToPath } from "node:url";
import { stringPrototypeFastAfterImport } from "@tse/testkit";
import { describe, expect, it } from "vitest";

const cwd = fileURLToPath(new URL("../..", import.meta.url));

describe("ioredis and String.prototype", () => {
  it("ioredis alone leaves String.prototype in slow (dictionary) mode — the reason ioredis.ts exists", () => {
    expect(stringPrototypeFastAfterImport("ioredis", { viaTsx: false, cwd })).toBe(false);
  });

  it("after loading @tse/storage (which loads ioredis through ioredis.ts) String.prototype is fast again", () => {
    expect(stringPrototypeFastAfterImport(fileURLToPath(new URL("../index.ts", import.meta.url)), { viaTsx: true, cwd })).toBe(true);
  });
});
