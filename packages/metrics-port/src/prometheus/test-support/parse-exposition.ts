/**
 * A small, strict reader of our own expositions for tests: every line must be a known comment or a sample
 * with a well-formed (escaped) label set, so a rendering bug shows up as a parse error, not a silent pass.
 */

export interface ParsedSample {
  name: string;
  labels: Record<string, string>;
  value: string;
  line: string;
}

export interface ParsedFamily {
  name: string;
  type?: string;
  help?: string;
  unit?: string;
}

export interface ParsedExposition {
  families: ParsedFamily[];
  samples: ParsedSample[];
  eof: boolean;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;

function unescapeValue(s: string): string {
  return s.replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c));
}

function parseLabels(line: string, start: number): { labels: Record<string, string>; end: number } {
  const labels: Record<string, string> = {};
  let i = start + 1; // after "{"
  while (line[i] !== "}") {
    const name = NAME.exec(line.slice(i))?.[0];
    if (!name) throw new Error(`bad label name at ${i}: ${line}`);
    i += name.length;
    if (line[i] !== "=" || line[i + 1] !== '"') throw new Error(`expected ="…" after ${name}: ${line}`);
    i += 2;
    let raw = "";
    while (line[i] !== '"') {
      if (i >= line.length) throw new Error(`unterminated label value: ${line}`);
      if (line[i] === "\\") {
        raw += line.slice(i, i + 2);
        i += 2;
      } else {
        raw += line[i];
        i++;
      }
    }
    i++;
    if (name in labels) throw new Error(`duplicate label ${name}: ${line}`);
    labels[name] = unescapeValue(raw);
    if (line[i] === ",") i++;
    else if (line[i] !== "}") throw new Error(`expected , or } at ${i}: ${line}`);
  }
  return { labels, end: i + 1 };
}

export function parseExposition(text: string): ParsedExposition {
  const families: ParsedFamily[] = [];
  const samples: ParsedSample[] = [];
  let eof = false;
  if (text !== "" && !text.endsWith("\n")) throw new Error("exposition must end with a line feed");
  const lines = text === "" ? [] : text.slice(0, -1).split("\n");
  const family = (name: string) => {
    let f = families.find((x) => x.name === name);
    if (!f) {
      f = { name };
      families.push(f);
    }
    return f;
  };
  for (const line of lines) {
    if (eof) throw new Error(`content after # EOF: ${line}`);
    if (line === "# EOF") {
      eof = true;
      continue;
    }
    const meta = /^# (HELP|TYPE|UNIT) ([a-zA-Z_:][a-zA-Z0-9_:]*) ?(.*)$/.exec(line);
    if (meta) {
      const [, kind, name, rest = ""] = meta;
      const f = family(name!);
      if (kind === "HELP") f.help = unescapeValue(rest);
      else if (kind === "TYPE") f.type = rest;
      else f.unit = rest;
      continue;
    }
    if (line.startsWith("#") || line === "") throw new Error(`unexpected line: ${JSON.stringify(line)}`);
    const name = NAME.exec(line)?.[0];
    if (!name) throw new Error(`bad sample line: ${line}`);
    let i = name.length;
    let labels: Record<string, string> = {};
    if (line[i] === "{") ({ labels, end: i } = parseLabels(line, i));
    if (line[i] !== " ") throw new Error(`expected a space before the value: ${line}`);
    const value = line.slice(i + 1);
    if (!/^(?:[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?|NaN|[+-]Inf)$/i.test(value)) {
      throw new Error(`bad value ${JSON.stringify(value)}: ${line}`);
    }
    samples.push({ name, labels, value, line });
  }
  return { families, samples, eof };
}
