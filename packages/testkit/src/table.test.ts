import { describe, expect, it } from "vitest";
import { formatMarkdownTable, formatNumber, formatTable, median } from "./table.js";

describe("tables", () => {
  it("left-aligns text columns", () => {
    expect(formatTable(["name", "url"], [["a", "http://x"], ["bb", "y"]])).toBe(["name  url", "----  --------", "a     http://x", "bb    y"].join("\n"));
  });
  it("right-aligns numeric columns", () => {
    expect(formatTable(["case", "req/s"], [["bare", 26000], ["ours", 950.5]])).toBe(
      ["case   req/s", "----  ------", "bare  26,000", "ours     951"].join("\n"),
    );
  });
  it("renders markdown with right-aligned numeric columns", () => {
    expect(formatMarkdownTable(["a", "b"], [["x", 0.5]])).toBe("| a | b |\n|---|---:|\n| x | 0.500 |");
  });
  it("formats numbers and medians", () => {
    expect(formatNumber(1234567.8)).toBe("1,234,568");
    expect(formatNumber(0.0001234)).toBe("0.000123");
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(() => median([])).toThrow(RangeError);
  });
});
