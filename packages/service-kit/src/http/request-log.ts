/**
 * One log line per HTTP request: method, path, route template, status, duration. Probe and scrape paths
 * (health, readiness, metrics) log at debug, so a 1 s scrape interval does not drown the log.
 */
import type { MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import type { Logger } from "pino";

export function requestLog(logger: Logger, isQuiet: (path: string) => boolean): MiddlewareHandler {
  return async (c, next) => {
    const start = performance.now();
    await next();
    const status = c.res.status;
    const quiet = isQuiet(c.req.path);
    if (quiet && !logger.isLevelEnabled("debug")) return;
    const fields = {
      method: c.req.method,
      path: c.req.path,
      route: matchedRoutes(c).find((r) => r.method !== "ALL")?.path,
      status,
      duration_ms: Math.round((performance.now() - start) * 10) / 10,
    };
    if (quiet) logger.debug(fields, "request");
    else if (status >= 500) logger.error(fields, "request");
    else logger.info(fields, "request");
  };
}
