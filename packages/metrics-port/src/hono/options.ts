/**
 * Options of `httpMetrics()` and `instrumentedFetch()`, their defaults, and their validation. Everything is
 * checked once when the instrumentation is built, so a typo fails at start-up instead of silently producing
 * odd labels.
 */

export interface HttpMetricsOptions {
  /**
   * Request paths that are never measured, compared with `c.req.path` (the raw path, before routing).
   * Strings match exactly (so `/metrics/` is not `/metrics`); regular expressions are tested (their `g`/`y`
   * flags are dropped, since those make `test()` stateful). Default: `["/metrics", "/api/v1/metrics"]`,
   * the paths `mountMetricsRoutes()` uses: scrapes must not count themselves.
   */
  excludePaths?: readonly (string | RegExp)[];
  /**
   * The one `route` value for requests that no route handled (404s, and non-404 answers from catch-all
   * middleware such as a CORS preflight). Default `"_unmatched"`: it cannot collide with a route template
   * (templates start with `/`) and reads like the other sentinel values (`_OTHER`, `_overflow`).
   * Must not start with `/`.
   */
  unmatchedRoute?: string;
  /**
   * Methods used verbatim as the `method` label; any other method (including a lowercase `patch`, which the
   * Fetch API does not normalise) becomes `"_OTHER"`, as the OpenTelemetry HTTP conventions require.
   * Default: the nine methods of RFC 9110 and RFC 5789.
   */
  knownMethods?: readonly string[];
  /** Bucket upper bounds (seconds) of `http_request_duration_seconds`. Default `DEFAULT_LATENCY_BUCKETS` (5 ms … 10 s). */
  durationBuckets?: readonly number[];
  /** Also record `http_request_size_bytes` / `http_response_size_bytes` (labels `method`, `route`). Default false. */
  sizeHistograms?: boolean;
}

export const DEFAULT_EXCLUDE_PATHS: readonly string[] = Object.freeze(["/metrics", "/api/v1/metrics"]);
export const DEFAULT_UNMATCHED_ROUTE = "_unmatched";
export const OTHER_METHOD = "_OTHER";
export const DEFAULT_KNOWN_METHODS: readonly string[] = Object.freeze([
  "GET",
  "HEAD",
  "POST",
  "PUT",
  "DELETE",
  "CONNECT",
  "OPTIONS",
  "TRACE",
  "PATCH",
]);

/** RFC 9110 `token`: what a request method may consist of. */
const METHOD_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export interface ResolvedOptions {
  /** Undefined when nothing is excluded, so the hot path skips the check entirely. */
  readonly isExcluded: ((path: string) => boolean) | undefined;
  readonly unmatchedRoute: string;
  readonly knownMethods: readonly string[];
  readonly durationBuckets: readonly number[] | undefined;
  readonly sizeHistograms: boolean;
}

/** `caller` is the public function the options were given to, so the error names what the user called. */
function fail(caller: string, option: string, why: string): never {
  throw new TypeError(`${caller}: option "${option}" ${why}`);
}

/** Builds one predicate from exact paths (a Set lookup) and patterns (tested in order). */
export function pathMatcher(
  entries: readonly (string | RegExp)[],
  caller = "httpMetrics",
): ((path: string) => boolean) | undefined {
  const exact = new Set<string>();
  const patterns: RegExp[] = [];
  entries.forEach((entry, i) => {
    if (typeof entry === "string") {
      if (!entry.startsWith("/")) fail(caller, "excludePaths", `entry ${i} ("${entry}") must be a path starting with "/"`);
      exact.add(entry);
    } else if (entry instanceof RegExp) {
      patterns.push(/[gy]/.test(entry.flags) ? new RegExp(entry.source, entry.flags.replace(/[gy]/g, "")) : entry);
    } else {
      fail(caller, "excludePaths", `entry ${i} must be a string or a RegExp (got ${typeof entry})`);
    }
  });
  if (exact.size === 0 && patterns.length === 0) return undefined;
  if (patterns.length === 0) return (path) => exact.has(path);
  return (path) => {
    if (exact.has(path)) return true;
    for (const re of patterns) if (re.test(path)) return true;
    return false;
  };
}

export function resolveOptions(options: HttpMetricsOptions = {}, caller = "httpMetrics"): ResolvedOptions {
  const invalid: (option: string, why: string) => never = (option, why) => fail(caller, option, why);
  if (options === null || typeof options !== "object") invalid("options", "must be an object");
  const { excludePaths = DEFAULT_EXCLUDE_PATHS, unmatchedRoute = DEFAULT_UNMATCHED_ROUTE } = options;
  const { knownMethods = DEFAULT_KNOWN_METHODS, durationBuckets, sizeHistograms = false } = options;

  if (!Array.isArray(excludePaths)) invalid("excludePaths", "must be an array of strings or RegExps");
  if (typeof unmatchedRoute !== "string" || unmatchedRoute === "") invalid("unmatchedRoute", "must be a non-empty string");
  if (unmatchedRoute.startsWith("/")) {
    invalid("unmatchedRoute", `("${unmatchedRoute}") must not start with "/": it could collide with a real route template`);
  }
  if (!Array.isArray(knownMethods)) invalid("knownMethods", "must be an array of method names");
  for (const m of knownMethods) {
    if (typeof m !== "string" || !METHOD_TOKEN.test(m)) invalid("knownMethods", `contains "${String(m)}", which is not an HTTP method token`);
    if (m === OTHER_METHOD) invalid("knownMethods", `must not contain "${OTHER_METHOD}", the value for unknown methods`);
  }
  if (durationBuckets !== undefined && !Array.isArray(durationBuckets)) invalid("durationBuckets", "must be an array of numbers");
  if (typeof sizeHistograms !== "boolean") invalid("sizeHistograms", "must be a boolean");

  return {
    isExcluded: pathMatcher(excludePaths, caller),
    unmatchedRoute,
    knownMethods: [...new Set(knownMethods)],
    durationBuckets,
    sizeHistograms,
  };
}
