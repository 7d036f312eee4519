/**
 * The environment table of a service README, generated from the same schema that parses the environment,
 * so documentation and behaviour cannot drift apart. Descriptions come from zod metadata (`.describe()` or
 * `.meta({ description })`); defaults and optionality from the schema itself.
 */
import type { z } from "zod";

export interface EnvVarDoc {
  name: string;
  /** The default rendered as text; undefined when there is none. */
  default: string | undefined;
  /** True when the variable must be set (no default, not optional). */
  required: boolean;
  description: string;
}

interface Walked {
  default?: unknown;
  optional: boolean;
}

/** Looks through preprocess pipes, optionals and defaults to find what an unset variable yields. */
function walk(schema: z.ZodType): Walked {
  const def = schema.def as unknown as { type: string; in?: z.ZodType; out?: z.ZodType; innerType?: z.ZodType; defaultValue?: unknown };
  switch (def.type) {
    case "default":
    case "prefault":
      return { default: def.defaultValue, optional: true };
    case "optional":
      return { ...walk(def.innerType!), optional: true };
    case "nullable":
    case "readonly":
    case "catch":
      return walk(def.innerType!);
    case "pipe": {
      // A preprocess step is a pipe whose `in` is a transform; what matters is the schema it feeds.
      const inner = walk(def.out!);
      if (inner.optional || "default" in inner) return inner;
      return walk(def.in!);
    }
    default:
      return { optional: false };
  }
}

const describeDefault = (value: unknown): string =>
  typeof value === "string" ? value : value === undefined ? "" : JSON.stringify(value);

/** One entry per variable of `schema`, in declaration order. */
export function describeEnv(schema: z.ZodObject): EnvVarDoc[] {
  return Object.entries(schema.shape).map(([name, fieldSchema]) => {
    const s = fieldSchema as z.ZodType;
    const w = walk(s);
    return {
      name,
      default: "default" in w ? describeDefault(w.default) : undefined,
      required: !w.optional,
      description: s.description ?? s.meta()?.description ?? "",
    };
  });
}

const cell = (text: string) => text.replaceAll("|", "\\|").replaceAll("\n", " ");
const code = (text: string) => (text === "" ? '`""`' : `\`${text.replaceAll("`", "'")}\``);

/** A markdown table: Variable | Default | Description. `exclude` drops variables documented elsewhere. */
export function renderEnvTable(
  schema: z.ZodObject,
  options: { exclude?: readonly string[] } = {},
): string {
  const rows = describeEnv(schema)
    .filter((v) => !options.exclude?.includes(v.name))
    .map((v) => {
      const shown = v.default !== undefined ? code(v.default) : v.required ? "**required**" : "(unset)";
      return `| \`${v.name}\` | ${cell(shown)} | ${cell(v.description)} |`;
    });
  return ["| Variable | Default | Description |", "| --- | --- | --- |", ...rows].join("\n");
}

export const ENV_TABLE_START = "<!-- env-table:start (generated from the env schema; do not edit by hand) -->";
export const ENV_TABLE_END = "<!-- env-table:end -->";

/**
 * Replaces the table between ENV_TABLE_START and ENV_TABLE_END in a README. A README test can then assert
 * `injectEnvTable(readme, schema) === readme`, and a script can write the result back.
 */
export function injectEnvTable(markdown: string, schema: z.ZodObject, options: { exclude?: readonly string[] } = {}): string {
  const start = markdown.indexOf(ENV_TABLE_START);
  const end = markdown.indexOf(ENV_TABLE_END);
  if (start < 0 || end < start) {
    throw new Error(`markdown has no env table markers: add the lines\n${ENV_TABLE_START}\n${ENV_TABLE_END}`);
  }
  const before = markdown.slice(0, start + ENV_TABLE_START.length);
  return `${before}\n${renderEnvTable(schema, options)}\n${markdown.slice(end)}`;
}
