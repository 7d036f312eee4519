import { fileURLToPath } from "node:url";
import { stringPrototypeFastAfterImport } from "@tse/testkit";
import { expect, it } from "vitest";

// The order-entry hot paths call string methods per character; a dependency that subclasses String would make
// them ~4× slower process-wide (see packages/storage/src/redis/ioredis.ts). This pins the whole module graph.
it("the service's complete module graph leaves String.prototype in V8's fast mode", () => {
  const compose = fileURLToPath(new URL("./compose.ts", import.meta.url));
  expect(stringPrototypeFastAfterImport(compose, { viaTsx: true, cwd: fileURLToPath(new URL("..", import.meta.url)) })).toBe(true);
});
