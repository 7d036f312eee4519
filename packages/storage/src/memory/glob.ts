/**
 * Redis glob patterns (as SCAN MATCH understands them: * ? [abc] [^a] [a-z] and \x escapes) compiled to a
 * RegExp, so the in-memory store filters keys exactly like Redis does.
 */
export function globToRegExp(pattern: string): RegExp {
  let out = "^";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "*") out += "[\\s\\S]*";
    else if (c === "?") out += "[\\s\\S]";
    else if (c === "\\" && i + 1 < pattern.length) out += escapeChar(pattern[++i]!);
    else if (c === "[") {
      const end = pattern.indexOf("]", i + 2);
      if (end === -1) {
        out += "\\[";
        continue;
      }
      let body = pattern.slice(i + 1, end);
      const negate = body.startsWith("^");
      if (negate) body = body.slice(1);
      const parts = body.replace(/\\(.)/g, "$1").split("");
      let cls = "";
      for (let j = 0; j < parts.length; j++) {
        if (parts[j + 1] === "-" && j + 2 < parts.length) {
          cls += `${escapeClass(parts[j]!)}-${escapeClass(parts[j + 2]!)}`;
          j += 2;
        } else cls += escapeClass(parts[j]!);
      }
      out += `[${negate ? "^" : ""}${cls}]`;
      i = end;
    } else out += escapeChar(c);
  }
  return new RegExp(`${out}$`);
}

const escapeChar = (c: string) => c.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
const escapeClass = (c: string) => c.replace(/[\]\\^-]/g, "\\$&");
