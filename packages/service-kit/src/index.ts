/**
 * @tse/service-kit — service plumbing done once: instance identity, zod config, pino logging, health and
 * readiness (HTTP + grpc.health.v1), HTTP (Hono) + gRPC bootstrap with metrics, graceful shutdown, chaos hooks.
 *
 *   await runService({ name: "exchange-simulator", version, envSchema, configure: ({ app, grpc }) => { … } });
 */
export type { ActiveFault, FaultDefinition } from "./chaos/fault.js";
export { CHAOS_FAULT_METADATA_KEY } from "./chaos/grpc.js";
export { CHAOS_BASE_PATH, CHAOS_FAULT_HEADER } from "./chaos/http.js";
export {
  ChaosRegistry,
  type ChaosRegistryOptions,
  chaosActive,
  chaosInjectionsTotal,
  FaultValidationError,
  MAX_FAULT_DURATION_MS,
  UnknownFaultError,
} from "./chaos/registry.js";
export {
  BASE_ENV_RULES,
  type BaseEnv,
  baseEnvSchema,
  CHAOS_TOKEN_MIN_LENGTH,
  type ConfigProblem,
  type ConfigRule,
  LOG_LEVELS,
  type LogLevel,
  requireChaosToken,
} from "./config/base-env.js";
export {
  describeEnv,
  ENV_TABLE_END,
  ENV_TABLE_START,
  type EnvVarDoc,
  injectEnvTable,
  renderEnvTable,
} from "./config/env-table.js";
export {
  envBool,
  envEnum,
  envInstanceName,
  envInt,
  envPort,
  envText,
  envUrl,
  type Sensitivity,
} from "./config/env-vars.js";
export { ConfigError, type ConfigIssue, type Env, loadConfig } from "./config/load-config.js";
export { type GrpcRegistrar, serviceNameOf } from "./grpc/grpc-host.js";
export type { ServingStatus } from "./health/grpc-health.js";
export { HEALTH_PATH, READY_PATH } from "./health/http-routes.js";
export {
  type CheckResult,
  type DependencyCheck,
  Readiness,
  type ReadinessReport,
  serviceDependencyReady,
} from "./health/readiness.js";
export {
  type ErrorBody,
  errorBody,
  errorResponse,
  type FieldIssue,
  fieldIssues,
  HttpError,
  validationError,
} from "./http/errors.js";
export { validate } from "./http/validate.js";
export {
  discoveryKeyFor,
  INSTANCE_NAME_RULE,
  type InstanceIdentity,
  InvalidInstanceNameError,
  normalizeInstanceName,
  redisPrefixFor,
  resolveIdentity,
  schemaFor,
} from "./identity.js";
export type { Closer, Lifecycle } from "./lifecycle/lifecycle.js";
export { createLogger, type Logger, type LoggerOptions } from "./logging/logger.js";
export {
  type CreateServiceOptions,
  createService,
  type Service,
  type ServiceContext,
} from "./service/create-service.js";
export { ListenError } from "./service/listen.js";
export { isStartupProblem, type RunServiceOptions, runService } from "./service/run-service.js";
