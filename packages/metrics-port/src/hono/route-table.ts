/**
 * Route labels read from the app's route table, for `instrumentedFetch()`. It runs outside the app, so it
 * cannot see which route answered (the middleware reads that from the Context, route-label.ts); instead it
 * asks the app's router the question Hono itself asks — `app.router.match(method, path)`, with the path
 * from `app.getPath()` — and labels the request with the route that handles such requests:
 *
 *  1. the first matching route registered for the method (`get`, `post`, `on(…)`): the endpoint. Also when
 *     a middleware in front of it answered instead (a 401 from auth is labelled with the route it guarded),
 *     and whatever the status, so a route's own 404 ("no such order") stays on the route;
 *  2. no such route: a 404 is `unmatched`; any other answer came from a middleware, an `all()` route, a
 *     `mount()` or the not-found handler, and is labelled with the last matching one of those registered
 *     for a path other than the catch-all (`/api/admin/*` rejecting `/api/admin/nope`, `app.all("/webhook")`),
 *     or `unmatched` when only catch-all middleware (a CORS preflight) matched.
 *
 * Hono runs matching routes in registration order, so with middleware registered before the routes (the
 * usual layout) this is the route the middleware names after watching the request. They differ only when a
 * route falls through with `next()` to a later one, or when no method route matches and a middleware or
 * `all()` route other than the last matching one answers (e.g. `/api/*` auth rejecting a path that a later
 * `use("/api/admin/*")` also matches): the middleware then names the one that really answered. Either way
 * every value is a registered template or `unmatched`, so the label set stays bounded by the route table.
 *
 * The router's answer depends only on (method, path), so it is cached per method in a bounded Map: a
 * request to a static route costs one lookup. Paths with parameters fill the cache with one entry per
 * distinct path; past the bound the oldest entry goes (a miss costs one `router.match`, as Hono pays anyway).
 * Routes added after requests were served are not seen for paths already cached (Hono's default router
 * refuses them then anyway).
 */
import type { Hono } from "hono";

/** Hono's method for routes registered with `use()`, `all()` and `mount()`. */
const ALL = "ALL";

/** Paths per method kept in the cache. */
export const ROUTE_CACHE_ENTRIES = 1000;
/** Longer paths are resolved every time, so clients cannot fill memory with long URLs: 1000 × 256 chars per method at most. */
export const ROUTE_CACHE_MAX_PATH = 256;

const isCatchAll = (path: string) => path === "/*" || path === "*";

/** What the route table says about one (method, path). */
export interface RouteMatch {
  /** Rule 1: the first matching route registered for the method, if any. */
  readonly endpoint: string | undefined;
  /** Rule 2: the label of a non-404 answer when there is no endpoint. */
  readonly fallback: string;
}

/** The label of a request whose route-table entry is `match` and that was answered with `status`. */
export const routeLabelOf = (match: RouteMatch, status: number, unmatched: string): string =>
  match.endpoint ?? (status === 404 ? unmatched : match.fallback);

// biome-ignore lint/suspicious/noExplicitAny: any app, whatever its Env and schema
export type AnyHono = Hono<any, any, any>;
/** The app's router (`app.router`), shared by every `basePath()` / `route()` view of the app. */
export type AppRouter = AnyHono["router"];

/** Hono answers HEAD with its GET routes (and drops the body). */
export const routerMethod = (method: string) => (method === "HEAD" ? "GET" : method);

/** Asks the router, uncached. `method` as the router sees it (see `routerMethod`). */
export function matchRoute(router: AppRouter, method: string, path: string, unmatched: string): RouteMatch {
  const matched = router.match(method, path)[0];
  let fallback = unmatched;
  for (const [[, route]] of matched) {
    if (route.method !== ALL) return { endpoint: route.path, fallback };
    if (!isCatchAll(route.path)) fallback = route.path;
  }
  return { endpoint: undefined, fallback };
}

/** `matchRoute` for one request method, cached by path. */
export class RouteCache {
  readonly #byPath = new Map<string, RouteMatch>();

  constructor(
    private readonly router: AppRouter,
    private readonly method: string,
    private readonly unmatched: string,
  ) {}

  get(path: string): RouteMatch {
    const cached = this.#byPath.get(path);
    if (cached !== undefined) return cached;
    const match = matchRoute(this.router, this.method, path, this.unmatched);
    if (path.length <= ROUTE_CACHE_MAX_PATH) {
      if (this.#byPath.size >= ROUTE_CACHE_ENTRIES) this.#byPath.delete(this.#byPath.keys().next().value!);
      this.#byPath.set(path, match);
    }
    return match;
  }

  /** Entries held now (for tests of the bound). */
  get size(): number {
    return this.#byPath.size;
  }
}
