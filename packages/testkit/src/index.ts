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
