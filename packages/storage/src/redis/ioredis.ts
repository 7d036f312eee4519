/**
 * ioredis, loaded with String.prototype put back into V8's fast mode.
 *
 * ioredis declares `class VerbatimString extends String`. Subclassing String makes V8 turn String.prototype
 * into a dictionary-mode ("slow") object for the whole process, and from then on every string method call —
 * `s.charCodeAt(i)`, `s.endsWith(x)`, … in any package — looks its method up in a hash table: ~4× slower
 * (measured 2.5 → 10 ns per charCodeAt on Node 20). Storage's own string checks and the exchange's order entry
 * call such methods millions of times a second.
 *
 * V8 makes a dictionary-mode prototype fast again when a property load through an object that inherits from it
 * runs in an inline cache (that is what an IC miss does with prototypes "in setup mode"). An IC only exists
 * once the function has a feedback vector, which V8 allocates lazily after a few calls, hence the loop.
 * string-prototype.test.ts checks the result with %HasFastProperties in a fresh process.
 *
 * Every module of this package that needs ioredis at run time imports it from here.
 */
import { Redis } from "ioredis";

export function restoreFastStringPrototype(): void {
  const probe: { charCodeAt: unknown } = Object.create(String.prototype);
  const load = (o: { charCodeAt: unknown }) => o.charCodeAt;
  for (let i = 0; i < 100; i++) load(probe);
}

restoreFastStringPrototype();

export { Redis };
