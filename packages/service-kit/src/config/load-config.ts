/**
 * Reads a service's environment through its zod schema. Anything invalid fails the start with one line per
 * offending variable — `HTTP_PORT="abc" is invalid: expected an integer 0-65535` — so an operator sees every
 * mistake at once and never a stack trace. Secrets never appear in these lines.
 */
import type { z } from "zod";
import { BASE_ENV_RULES, type ConfigProblem, type ConfigRule } from "./base-env.js";
import type { Sensitivity } from "./env-vars.js";

export type Env = Readonly<Record<string, string | undefined>>;

export interface ConfigIssue extends ConfigProblem {
  /** The raw value as shown to humans (redacted when the field is sensitive); undefined when unset. */
  shownValue: string | undefined;
}

export class ConfigError extends Error {
  constructor(readonly issues: readonly ConfigIssue[]) {
    super(issues.map(formatIssue).join("\n"));
    this.name = "ConfigError";
  }
}

const MAX_SHOWN = 120;

function formatIssue({ variable, shownValue, message }: ConfigIssue): string {
  if (shownValue === undefined) return message.startsWith("is ") ? `${variable} ${message}` : `${variable} is unset: ${message}`;
  return `${variable}=${shownValue} is invalid: ${message}`;
}

/** Shows a value on one line: quoted (newlines escaped), truncated, and redacted per the field's sensitivity. */
export function showValue(value: string | undefined, sensitivity?: Sensitivity): string | undefined {
  if (value === undefined) return undefined;
  if (sensitivity === "secret") return `<redacted, ${value.length} characters>`;
  let shown = value;
  // user:password@ → user:***@ (also for strings that are not valid URLs: the password is what matters).
  if (sensitivity === "url-credentials") shown = shown.replace(/(\/\/[^/:@\s]*:)[^@/\s]*@/, "$1***@");
  if (shown.length > MAX_SHOWN) shown = `${shown.slice(0, MAX_SHOWN)}…`;
  return JSON.stringify(shown);
}

function sensitivityOf(schema: z.ZodObject, variable: string): Sensitivity | undefined {
  const fieldSchema = schema.shape[variable] as z.ZodType | undefined;
  const meta = fieldSchema?.meta();
  const s = meta?.sensitive;
  return s === "secret" || s === "url-credentials" ? s : undefined;
}

/**
 * Parses `env` with `schema` (unknown variables are ignored: the environment holds PATH, HOME, …) and then
 * applies `rules` relating several variables. Throws ConfigError naming every bad variable.
 */
export function loadConfig<S extends z.ZodObject>(
  schema: S,
  env: Env = process.env,
  rules: readonly ConfigRule[] = BASE_ENV_RULES,
): Readonly<z.output<S>> {
  const issue = (problem: ConfigProblem): ConfigIssue => ({
    ...problem,
    shownValue: showValue(env[problem.variable], sensitivityOf(schema, problem.variable)),
  });
  const result = schema.safeParse(env);
  if (!result.success) {
    const seen = new Set<string>();
    const issues: ConfigIssue[] = [];
    for (const zodIssue of result.error.issues) {
      const variable = String(zodIssue.path[0] ?? "(environment)");
      if (seen.has(variable)) continue; // the first problem per variable is the useful one
      seen.add(variable);
      issues.push(issue({ variable, message: zodIssue.message }));
    }
    // zod reports in the order its checks ran; operators read the schema's (= the README table's) order.
    const order = Object.keys(schema.shape);
    issues.sort((a, b) => order.indexOf(a.variable) - order.indexOf(b.variable));
    throw new ConfigError(issues);
  }
  const config = result.data as Record<string, unknown>;
  const problems = rules.flatMap((rule) => rule(config));
  if (problems.length > 0) throw new ConfigError(problems.map(issue));
  return Object.freeze(result.data) as Readonly<z.output<S>>;
}
