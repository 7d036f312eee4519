/**
 * The environment every service reads. Services extend it with their own variables (and their own port
 * defaults, so that services started side by side on one machine do not collide):
 *
 *   const envSchema = baseEnvSchema.extend({
 *     HTTP_PORT: envPort({ default: 8081, description: "HTTP listen port" }),
 *     BOOK_DEPTH: envInt({ default: 50, min: 1, max: 1000, description: "Levels kept per side" }),
 *   });
 *
 * The schema is a plain zod object (no object-level refinement) because zod refuses to `.extend()` refined
 * objects; rules that relate two variables live in `BASE_ENV_RULES`, which `loadConfig` applies.
 */
import { z } from "zod";
import { envBool, envEnum, envInstanceName, envInt, envPort, envText, envUrl } from "./env-vars.js";

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Shortest CHAOS_TOKEN accepted: long enough that guessing it is not a plan. */
export const CHAOS_TOKEN_MIN_LENGTH = 16;

export const baseEnvSchema = z.object({
  SERVICE_INSTANCE_NAME: envInstanceName(
    "Instance name: letters, digits, '-'; 1-63 chars; lower-cased. Derives the PostgreSQL schema and Redis prefix. Defaults to the service name.",
  ),
  SERVICE_VERSION: envText({
    optional: true,
    pattern: /^[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}$/,
    rule: "expected a version such as 1.2.3 (letters, digits, '.', '+', '_', '-'; at most 64 characters)",
    description: "Version reported in logs, health and the `version` metric label. Defaults to the package version.",
  }),
  ENVIRONMENT: envText({
    default: "development",
    pattern: /^[a-z][a-z0-9-]{0,31}$/,
    rule: "expected a lower-case word such as development, testing, production",
    description: "Deployment environment, reported by /api/v1/health.",
  }),
  LOG_LEVEL: envEnum(LOG_LEVELS, { default: "info", description: `Log level: ${LOG_LEVELS.join(", ")}.` }),
  HTTP_HOST: envText({ default: "127.0.0.1", description: "HTTP listen address (containers: 0.0.0.0)." }),
  HTTP_PORT: envPort({ default: 8080, description: "HTTP listen port; 0 picks a free port." }),
  GRPC_HOST: envText({ default: "127.0.0.1", description: "gRPC listen address (containers: 0.0.0.0)." }),
  GRPC_PORT: envPort({ default: 50051, description: "gRPC listen port; 0 picks a free port." }),
  POSTGRES_URL: envUrl({
    optional: true,
    protocols: ["postgres:", "postgresql:"],
    description: "PostgreSQL connection URL. Unset: in-memory storage.",
  }),
  REDIS_URL: envUrl({
    optional: true,
    protocols: ["redis:", "rediss:"],
    description: "Redis connection URL. Unset: in-memory storage.",
  }),
  CHAOS_ENABLED: envBool({ default: false, description: "Enables the /api/v1/chaos fault-injection API." }),
  CHAOS_TOKEN: envText({
    optional: true,
    minLength: CHAOS_TOKEN_MIN_LENGTH,
    sensitive: "secret",
    description: `Bearer token for the chaos API; required when CHAOS_ENABLED=true (at least ${CHAOS_TOKEN_MIN_LENGTH} characters).`,
  }),
  SHUTDOWN_TIMEOUT_MS: envInt({
    default: 10_000,
    min: 0,
    max: 600_000,
    description: "How long SIGTERM waits for in-flight HTTP and gRPC calls before cutting them.",
  }),
  BODY_LIMIT_BYTES: envInt({
    default: 1_048_576,
    min: 1,
    max: 1_073_741_824,
    description: "Largest HTTP request body accepted; larger ones get 413.",
  }),
  READINESS_TIMEOUT_MS: envInt({
    default: 2_000,
    min: 1,
    max: 60_000,
    description: "Time each dependency check may take before it counts as failed.",
  }),
  READINESS_INTERVAL_MS: envInt({
    default: 5_000,
    min: 10,
    max: 600_000,
    description: "How often dependency checks run in the background (gRPC health Watch, dependency gauge).",
  }),
});

export type BaseEnv = z.output<typeof baseEnvSchema>;

/** A rule relating several variables; returns one problem per offending variable. */
export type ConfigRule = (config: Readonly<Record<string, unknown>>) => ConfigProblem[];

export interface ConfigProblem {
  variable: string;
  message: string;
}

/** CHAOS_TOKEN is required when CHAOS_ENABLED=true. No-op for schemas without these variables. */
export const requireChaosToken: ConfigRule = (config) =>
  config.CHAOS_ENABLED === true && (config.CHAOS_TOKEN === undefined || config.CHAOS_TOKEN === "")
    ? [
        {
          variable: "CHAOS_TOKEN",
          message: `is required when CHAOS_ENABLED=true (at least ${CHAOS_TOKEN_MIN_LENGTH} characters)`,
        },
      ]
    : [];

export const BASE_ENV_RULES: readonly ConfigRule[] = Object.freeze([requireChaosToken]);
