import { expect, it } from "vitest";
import { escapeHelp, escapeLabelValue, joinLabelPairs, labelPairs } from "./escaping.js";

it("escapes backslash, double quote and line feed in label values", () => {
  expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
  expect(escapeLabelValue("plain /path")).toBe("plain /path");
  expect(escapeLabelValue("tab\tand\rcr")).toBe("tab\tand\rcr"); // only the three specials are escaped
});

it("escapes HELP per format: text 0.0.4 leaves double quotes alone, OpenMetrics escapes them", () => {
  const help = 'Say "hi"\nC:\\dir';
  expect(escapeHelp(help, false)).toBe('Say "hi"\\nC:\\\\dir');
  expect(escapeHelp(help, true)).toBe('Say \\"hi\\"\\nC:\\\\dir');
});

it("builds and joins label pairs", () => {
  expect(labelPairs(["a", "b"], ["x", 'y"'])).toBe('a="x",b="y\\""');
  expect(labelPairs([], [])).toBe("");
  expect(joinLabelPairs("", 'a="1"')).toBe('a="1"');
  expect(joinLabelPairs('a="1"', "")).toBe('a="1"');
  expect(joinLabelPairs('a="1"', 'b="2"')).toBe('a="1",b="2"');
});
