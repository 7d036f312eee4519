import { describe, expect, it } from "vitest";
import { z } from "zod";
import { baseEnvSchema } from "./base-env.js";
import { describeEnv, ENV_TABLE_END, ENV_TABLE_START, injectEnvTable, renderEnvTable } from "./env-table.js";
import { envInt, envPort } from "./env-vars.js";

describe("env table", () => {
  const schema = baseEnvSchema.extend({
    HTTP_PORT: envPort({ default: 8081, description: "HTTP port of the exchange" }),
    DEPTH: envInt({ min: 1, description: "required | with a pipe" }),
    NATIVE: z.enum(["a", "b"]).default("b").describe("plain zod enum"),
    NATIVE_OPT: z.string().optional().meta({ description: "plain zod optional" }),
  });

  it("describes defaults, optional and required variables from the schema", () => {
    const docs = Object.fromEntries(describeEnv(schema).map((d) => [d.name, d]));
    expect(docs.HTTP_PORT).toEqual({ name: "HTTP_PORT", default: "8081", required: false, description: "HTTP port of the exchange" });
    expect(docs.LOG_LEVEL?.default).toBe("info");
    expect(docs.CHAOS_ENABLED?.default).toBe("false");
    expect(docs.REDIS_URL).toMatchObject({ default: undefined, required: false });
    expect(docs.DEPTH).toMatchObject({ default: undefined, required: true });
    expect(docs.NATIVE).toMatchObject({ default: "b", required: false, description: "plain zod enum" });
    expect(docs.NATIVE_OPT).toMatchObject({ default: undefined, required: false, description: "plain zod optional" });
    // Every base variable is documented.
    for (const doc of describeEnv(baseEnvSchema)) expect(doc.description, doc.name).not.toBe("");
  });

  it("renders markdown rows in schema order, escaping pipes", () => {
    const table = renderEnvTable(schema, { exclude: ["SERVICE_VERSION"] });
    const lines = table.split("\n");
    expect(lines[0]).toBe("| Variable | Default | Description |");
    expect(lines[1]).toBe("| --- | --- | --- |");
    expect(lines[2]).toMatch(/^\| `SERVICE_INSTANCE_NAME` \| \(unset\) \| Instance name/);
    expect(table).toContain("| `HTTP_PORT` | `8081` | HTTP port of the exchange |");
    expect(table).toContain("| `DEPTH` | **required** | required \\| with a pipe |");
    expect(table).not.toContain("SERVICE_VERSION");
    expect(lines).toHaveLength(2 + Object.keys(schema.shape).length - 1);
  });

  it("injects the table between markers and is idempotent", () => {
    const readme = `# svc\n\n## Environment\n${ENV_TABLE_START}\nstale\n${ENV_TABLE_END}\n\nmore\n`;
    const once = injectEnvTable(readme, schema);
    expect(once).toContain(renderEnvTable(schema));
    expect(once).not.toContain("stale");
    expect(once.endsWith(`${ENV_TABLE_END}\n\nmore\n`)).toBe(true);
    expect(injectEnvTable(once, schema)).toBe(once);
    expect(() => injectEnvTable("# no markers", schema)).toThrow(/env table markers/);
  });
});
