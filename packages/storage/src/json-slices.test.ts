import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EncodedJson, encodeJsonInSlices, isEncodedJson } from "./json-slices.js";
import { encodeJson } from "./json.js";

const storableString = fc.string({ unit: "grapheme", maxLength: 12 }).filter((s) => !s.includes("\u0000"));
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    storableString,
    fc.array(tie("value"), { maxLength: 12 }),
    fc.dictionary(storableString, tie("value"), { maxKeys: 6 }),
  ),
})).value;

describe("encodeJsonInSlices", () => {
  it("produces exactly JSON.stringify's text, whatever the slice size", async () => {
    await fc.assert(
      fc.asyncProperty(json, fc.integer({ min: 1, max: 5 }), async (value, sliceElements) => {
        const { json: encoded } = await encodeJsonInSlices(value, "v", { sliceElements, yieldToLoop: async () => {} });
        expect(encoded.text).toBe(JSON.stringify(value));
      }),
      { numRuns: 300 },
    );
  });

  it("yields to the event loop between the slices of a long array and counts only the busy time", async () => {
    let yields = 0;
    let clock = 0;
    const value = { orders: Array.from({ length: 10 }, (_, i) => [i, `acct-${i}`]), n: 1 };
    const r = await encodeJsonInSlices(value, "state", {
      sliceElements: 3,
      yieldToLoop: async () => {
        yields++;
        clock += 1000; // time passing while others run: not the encoding's
      },
      now: () => (clock += 1),
    });
    expect(yields).toBe(4); // slices of 3, 3, 3, 1
    expect(r.busyMs).toBeLessThan(1000);
    expect(r.json.text).toBe(JSON.stringify(value));
  });

  it("refuses what encodeJson refuses, naming the slice", async () => {
    const bad = { orders: [1, 2, 3, 4, Number.NaN, 6] };
    await expect(encodeJsonInSlices(bad, "state", { sliceElements: 2 })).rejects.toThrow(/state\.orders\[4\.\.5\].*not a finite number/);
    await expect(encodeJsonInSlices({ a: undefined }, "state")).rejects.toThrow(/state\.a: undefined is not a JSON value/);
    await expect(encodeJsonInSlices({ "k\u0000": 1 }, "state")).rejects.toThrow(/NUL/);
    expect(() => encodeJson({ "k\u0000": 1 })).toThrow(/NUL/); // the same rule as a whole-value encoding
  });

  it("EncodedJson comes from encodeJsonInSlices only; look-alikes are not taken for one", async () => {
    const { json: real } = await encodeJsonInSlices([1], "v");
    expect(isEncodedJson(real)).toBe(true);
    expect(isEncodedJson({ text: "[1]" })).toBe(false);
    expect(() => new EncodedJson("[1]", new WeakSet())).toThrow(/encodeJsonInSlices only/);
  });
});
