export { dependencyAvailable, findBinary, isCI } from "./dependencies.js";
export { waitFor } from "./poll.js";
export { freePort } from "./ports.js";
export {
  type PromSample,
  prometheusAvailable,
  prometheusBinary,
  promtoolAvailable,
  promtoolBinary,
  promtoolCheckMetrics,
  type RunningPrometheus,
  type ScrapeTarget,
  startPrometheus,
} from "./prometheus.js";
export { formatMarkdownTable, formatNumber, formatTable, median } from "./table.js";
export {
  type PrivatePostgres,
  type PrivatePostgresOptions,
  postgresAvailable,
  postgresBinDir,
  postgresReachable,
  postgresUrl,
  privatePostgresAvailable,
  startPrivatePostgres,
  uniqueName,
} from "./postgres.js";
export {
  type PrivateRedis,
  privateRedisAvailable,
  redisAvailable,
  redisReachable,
  redisServerBinary,
  redisUrl,
  startPrivateRedis,
} from "./redis.js";
export { stringPrototypeFastAfterImport } from "./v8-modes.js";
