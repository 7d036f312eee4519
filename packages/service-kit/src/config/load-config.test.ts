import { describe, expect, it } from "vitest";
import { z } from "zod";
import { INSTANCE_NAME_RULE } from "../identity.js";
import { baseEnvSchema } from "./base-env.js";
import { envBool, envEnum, envInt, envPort, envText, envUrl } from "./env-vars.js";
import { ConfigError, loadConfig } from "./load-config.js";

const TOKEN = "0123456789abcdef-token";

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig(baseEnvSchema)", () => {
  it("applies defaults to an empty environment", () => {
    expect(loadConfig(baseEnvSchema, {})).toEqual({
      SERVICE_INSTANCE_NAME: undefined,
      SERVICE_VERSION: undefined,
      ENVIRONMENT: "development",
      LOG_LEVEL: "info",
      HTTP_HOST: "127.0.0.1",
      HTTP_PORT: 8080,
      GRPC_HOST: "127.0.0.1",
      GRPC_PORT: 50051,
      POSTGRES_URL: undefined,
      REDIS_URL: undefined,
      CHAOS_ENABLED: false,
      CHAOS_TOKEN: undefined,
      SHUTDOWN_TIMEOUT_MS: 10_000,
      BODY_LIMIT_BYTES: 1_048_576,
      READINESS_TIMEOUT_MS: 2_000,
      READINESS_INTERVAL_MS: 5_000,
    });
  });

  it("parses typed values and ignores unrelated variables", () => {
    const config = loadConfig(baseEnvSchema, {
      PATH: "/usr/bin",
      SERVICE_INSTANCE_NAME: "Exchange-Sim-001",
      HTTP_PORT: " 0 ",
      GRPC_PORT: "50061",
      CHAOS_ENABLED: "TRUE",
      CHAOS_TOKEN: TOKEN,
      POSTGRES_URL: "postgresql://app:secret@127.0.0.1:5432/tse",
      LOG_LEVEL: "debug",
    });
    expect(config.SERVICE_INSTANCE_NAME).toBe("exchange-sim-001");
    expect(config.HTTP_PORT).toBe(0);
    expect(config.GRPC_PORT).toBe(50061);
    expect(config.CHAOS_ENABLED).toBe(true);
    expect(config.POSTGRES_URL).toBe("postgresql://app:secret@127.0.0.1:5432/tse");
    expect(config).not.toHaveProperty("PATH");
    expect(Object.isFrozen(config)).toBe(true);
  });

  it("treats blank values as unset (compose's `REDIS_URL=`)", () => {
    const config = loadConfig(baseEnvSchema, { REDIS_URL: "", HTTP_PORT: "  ", SERVICE_INSTANCE_NAME: "" });
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.HTTP_PORT).toBe(8080);
    expect(config.SERVICE_INSTANCE_NAME).toBeUndefined();
  });

  it.each([
    ["HTTP_PORT", "abc", 'HTTP_PORT="abc" is invalid: expected an integer 0-65535'],
    ["HTTP_PORT", "65536", 'HTTP_PORT="65536" is invalid: expected an integer 0-65535'],
    ["GRPC_PORT", "80.5", 'GRPC_PORT="80.5" is invalid: expected an integer 0-65535'],
    ["LOG_LEVEL", "loud", 'LOG_LEVEL="loud" is invalid: expected one of fatal, error, warn, info, debug, trace, silent'],
    ["CHAOS_ENABLED", "maybe", 'CHAOS_ENABLED="maybe" is invalid: expected true or false'],
    ["SHUTDOWN_TIMEOUT_MS", "-1", 'SHUTDOWN_TIMEOUT_MS="-1" is invalid: expected an integer 0-600000'],
    ["SERVICE_INSTANCE_NAME", "bad_name", `SERVICE_INSTANCE_NAME="bad_name" is invalid: ${INSTANCE_NAME_RULE}`],
    ["REDIS_URL", "localhost:6379", 'REDIS_URL="localhost:6379" is invalid: expected a redis:// or rediss:// URL'],
  ])("%s=%j fails with exactly one line naming variable, value and rule", (variable, value, line) => {
    const error = configError(() => loadConfig(baseEnvSchema, { [variable]: value }));
    expect(error.message).toBe(line);
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]?.variable).toBe(variable);
  });

  it("reports every bad variable, one line each, in schema order", () => {
    const error = configError(() => loadConfig(baseEnvSchema, { HTTP_PORT: "x", GRPC_PORT: "y", LOG_LEVEL: "z" }));
    expect(error.message.split("\n").map((l) => l.split("=")[0])).toEqual(["LOG_LEVEL", "HTTP_PORT", "GRPC_PORT"]);
  });

  it("requires CHAOS_TOKEN when chaos is enabled, and a long enough one", () => {
    expect(configError(() => loadConfig(baseEnvSchema, { CHAOS_ENABLED: "true" })).message).toBe(
      "CHAOS_TOKEN is required when CHAOS_ENABLED=true (at least 16 characters)",
    );
    expect(loadConfig(baseEnvSchema, { CHAOS_ENABLED: "true", CHAOS_TOKEN: TOKEN }).CHAOS_TOKEN).toBe(TOKEN);
    expect(loadConfig(baseEnvSchema, { CHAOS_ENABLED: "false" }).CHAOS_TOKEN).toBeUndefined();
  });

  it("never prints secrets: tokens are redacted, URL passwords masked", () => {
    const short = configError(() => loadConfig(baseEnvSchema, { CHAOS_TOKEN: "hunter2" }));
    expect(short.message).toBe("CHAOS_TOKEN=<redacted, 7 characters> is invalid: expected at least 16 characters");
    const url = configError(() => loadConfig(baseEnvSchema, { POSTGRES_URL: "mysql://app:s3cret@db/tse" }));
    expect(url.message).toBe(
      'POSTGRES_URL="mysql://app:***@db/tse" is invalid: expected a postgres:// or postgresql:// URL',
    );
    expect(url.message).not.toContain("s3cret");
  });

  it("keeps a hostile value on one line", () => {
    const error = configError(() => loadConfig(baseEnvSchema, { HTTP_HOST: "ok", HTTP_PORT: "1\n2" }));
    expect(error.message).toBe('HTTP_PORT="1\\n2" is invalid: expected an integer 0-65535');
  });
});

describe("service schemas extend the base", () => {
  const schema = baseEnvSchema.extend({
    HTTP_PORT: envPort({ default: 8081, description: "HTTP port" }),
    BOOK_DEPTH: envInt({ default: 50, min: 1, max: 1000, description: "levels" }),
    VENUE: envEnum(["okx", "binance"] as const, { description: "venue" }),
    FEATURE_X: envBool({ optional: true, description: "x" }),
    LABEL: envText({ default: "a", pattern: /^[a-z]+$/, rule: "expected lower-case letters", description: "l" }),
    UPSTREAM: envUrl({ optional: true, protocols: ["http:", "https:"], description: "u" }),
    PLAIN: z.string().default("zod-native").describe("a field written with plain zod"),
  });

  it("overrides base defaults and adds typed fields", () => {
    const config = loadConfig(schema, { VENUE: "okx" });
    expect(config.HTTP_PORT).toBe(8081);
    expect(config.BOOK_DEPTH).toBe(50);
    expect(config.VENUE).toBe("okx");
    expect(config.FEATURE_X).toBeUndefined();
    expect(config.PLAIN).toBe("zod-native");
    // Type-level: the config is typed from the schema.
    const depth: number = config.BOOK_DEPTH;
    const venue: "okx" | "binance" = config.VENUE;
    expect([depth, venue]).toEqual([50, "okx"]);
  });

  it("names a missing required variable", () => {
    expect(configError(() => loadConfig(schema, {})).message).toBe("VENUE is required");
  });

  it("uses the field's own rule text", () => {
    const e = configError(() => loadConfig(schema, { VENUE: "okx", LABEL: "A1", BOOK_DEPTH: "0", UPSTREAM: "ftp://x" }));
    expect(e.message.split("\n")).toEqual([
      'BOOK_DEPTH="0" is invalid: expected an integer 1-1000',
      'LABEL="A1" is invalid: expected lower-case letters',
      'UPSTREAM="ftp://x" is invalid: expected a http:// or https:// URL',
    ]);
  });
});
