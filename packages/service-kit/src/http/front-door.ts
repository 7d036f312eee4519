/**
 * What every HTTP request passes on its way into the Hono app, outermost first:
 *
 *   1. request log   one line per request: method, path, route template, status, duration (probe paths at debug)
 *   2. 405           a 404 on a path that other methods serve becomes 405 + Allow
 *   3. body limit    413 before any handler reads an oversized body
 *   4. chaos         injected latency / errors / downtime (exempt paths spared)
 *
 * Why around `app.fetch` and not as `app.use()` middleware: any app-wide middleware sends every request
 * through Hono's compose() — an async layer per middleware, plus a Promise per `next()` — and takes a route
 * with a single handler off Hono's direct call. On the exchange's POST /api/v1/orders that was about 15 % of
 * the server's CPU per order. Here the common request costs a few header lookups and one router match more
 * than the app itself.
 *
 * Behaviour is that of the middleware it replaced (hono's methodNotAllowed, the body limit, chaos, the
 * request log): front-door.test.ts pins it. Responses made here for HEAD requests carry no body, as Hono's
 * own HEAD handling would have left them.
 */
import type { Hono } from "hono";
import { TrieRouter } from "hono/router/trie-router";
import type { Logger } from "pino";
import { BODY_COUNT, type BodyVerdict, bodyVerdict, countedBody } from "./body-size-limit.js";

type Fetch = Hono["fetch"];
type Answer = Response | Promise<Response>;

export interface FrontDoorOptions {
  logger: Logger;
  /** Paths logged at debug (health, readiness, scrapes). */
  isQuiet: (path: string) => boolean;
  bodyLimitBytes: number;
  onTooLarge: () => Response;
  onMethodNotAllowed: (method: string, path: string, allowed: string[]) => Response;
  /** True for responses the app's onError made: never turned into 405 (hono's methodNotAllowed skips `c.error`). */
  isErrorResponse: (res: Response) => boolean;
  /** The injected fault's answer for a request (a Promise while a latency runs), or undefined: go on. */
  chaos?: (request: Request, path: string) => Response | Promise<Response | undefined> | undefined;
}

/** The template of the first route registered for the request's method that matches `path` (HEAD routes as GET). */
export function endpointRoute(app: Hono, method: string, path: string): string | undefined {
  for (const [[, route]] of app.router.match(method === "HEAD" ? "GET" : method, path)[0]) {
    if (route.method !== "ALL") return route.path;
  }
  return undefined;
}

/** Methods the app serves on a path (GET implies HEAD), from its route table as the first 404 found it. */
function allowedMethods(app: Hono): (path: string) => Set<string> {
  let byPath: TrieRouter<string[]> | undefined;
  return (path) => {
    if (!byPath) {
      const methodsByPath = new Map<string, Set<string>>();
      for (const route of app.routes) {
        if (route.method === "ALL" || route.method === "HEAD") continue;
        const methods = methodsByPath.get(route.path) ?? new Set<string>();
        methods.add(route.method);
        if (route.method === "GET") methods.add("HEAD");
        methodsByPath.set(route.path, methods);
      }
      byPath = new TrieRouter();
      for (const [p, methods] of methodsByPath) byPath.add("ALL", p, [...methods]);
    }
    const allowed = new Set<string>();
    for (const [methods] of byPath.match("ALL", path)[0]) for (const m of methods) allowed.add(m);
    return allowed;
  };
}

/** `fetch` (the app's own) behind the front door. Keeps a synchronous answer synchronous. */
export function frontDoor(app: Hono, fetch: Fetch, o: FrontDoorOptions): Fetch {
  const allowedOn = allowedMethods(app);
  const { logger } = o;
  /** Made here rather than by the app: for HEAD, without the body Hono would have dropped. */
  const own = (request: Request, res: Response) => (request.method === "HEAD" ? new Response(null, res) : res);

  /** The path is looked up only when needed: most requests never do (no 404, request log off). */
  function finish(request: Request, env: unknown, start: number, answered: Response): Response {
    let res = answered;
    let path: string | undefined;
    if (res.status === 404 && !o.isErrorResponse(res)) {
      path ??= app.getPath(request, { env });
      const allowed = allowedOn(path);
      if (allowed.size > 0 && !allowed.has(request.method)) res = own(request, o.onMethodNotAllowed(request.method, path, [...allowed]));
    }
    const status = res.status;
    // Debug (quiet paths) implies info and error: when the level of a loud line is off, nothing is logged.
    if (!logger.isLevelEnabled(status >= 500 ? "error" : "info")) return res;
    path ??= app.getPath(request, { env });
    const quiet = o.isQuiet(path);
    if (quiet && !logger.isLevelEnabled("debug")) return res;
    const fields = {
      method: request.method,
      path,
      route: endpointRoute(app, request.method, path),
      status,
      duration_ms: Math.round((performance.now() - start) * 10) / 10,
    };
    if (quiet) logger.debug(fields, "request");
    else if (status >= 500) logger.error(fields, "request");
    else logger.info(fields, "request");
    return res;
  }

  /** Chaos, then the app. */
  function inner(request: Request, env: unknown, ctx: unknown): Answer {
    const injected = o.chaos?.(request, app.getPath(request, { env }));
    if (injected === undefined) return fetch(request, env, ctx as never);
    if (injected instanceof Promise) {
      return injected.then((r) => (r === undefined ? fetch(request, env, ctx as never) : own(request, r)));
    }
    return own(request, injected);
  }

  function limited(request: Request, env: unknown, ctx: unknown, verdict: BodyVerdict): Answer {
    if (verdict === true) return own(request, o.onTooLarge());
    if (verdict !== BODY_COUNT) return inner(request, env, ctx);
    // No usable Content-Length: count the bytes (reading the whole body, as hono's bodyLimit does).
    return countedBody(request, o.bodyLimitBytes).then((buffered) =>
      buffered === undefined ? own(request, o.onTooLarge()) : inner(buffered, env, ctx),
    );
  }

  return (request, env, ctx) => {
    const start = performance.now();
    const res = limited(request, env, ctx, bodyVerdict(request, o.bodyLimitBytes));
    return res instanceof Promise ? res.then((r) => finish(request, env, start, r)) : finish(request, env, start, res);
  };
}
