/**
 * Which route template a finished request is labelled with. Hono gives us the list of routes that matched
 * the request (`matchedRoutes(c)`: middleware and handlers, in execution order, already filtered to the
 * request's method or `ALL`; HEAD uses GET routes) and `c.req.routeIndex`, the index of the last one that
 * was dispatched — the one that answered, threw, or called `next()` into the not-found handler.
 *
 * `routePath(c)` alone (what @hono/prometheus reads) is that last-dispatched route, so a 401 from
 * `use("/api/*", auth)` is labelled `/api/*` and a 404 is labelled with whatever catch-all ran last.
 * `routePath(c, -1)` (the deepest match) is wrong too: with a trailing `app.get("*", spaFallback)` every
 * request would be labelled `/*`. We therefore pick, in order:
 *
 *  1. the last-dispatched route, if it was registered for a method (`get`, `post`, `on(…)`) — the
 *     endpoint that answered or threw;
 *  2. otherwise the first method route after it — the endpoint that *would* have answered had the
 *     middleware (auth, rate limit, validation) let the request through; failing that, the last method
 *     route before it (an endpoint that called `next()`);
 *  3. no method route matched at all, so no endpoint exists for this method and path:
 *     - a 404, or an answer from the not-found handler (nothing after this middleware ran), or from a
 *       catch-all (`/*`) middleware (e.g. a CORS preflight) → the single unmatched value;
 *     - otherwise the pattern of the middleware or `all()` route that answered (`/api/*` auth rejecting
 *       `/api/nope`, `app.all("/webhook")`, a `mount("/legacy")`): a registered template, so still bounded.
 *
 * Every value returned is a registered template or `unmatched`, so the label set is bounded by the app's
 * route table, whatever paths clients send.
 */
import type { Context } from "hono";
import { matchedRoutes } from "hono/route";

/** Hono's method for routes registered with `use()`, `all()` and `mount()`. */
const ALL = "ALL";

const isCatchAll = (path: string) => path === "/*" || path === "*";

/**
 * @param ownIndex `c.req.routeIndex` when the metrics middleware was entered: its own position, excluded
 *   from the search and used to tell that nothing after it ran.
 */
export function routeLabel(c: Context, ownIndex: number, status: number, unmatched: string): string {
  const routes = matchedRoutes(c);
  const last = c.req.routeIndex;
  const responder = routes[last];
  if (responder !== undefined && last !== ownIndex && responder.method !== ALL) return responder.path;

  for (let i = last + 1; i < routes.length; i++) {
    const r = routes[i]!;
    if (i !== ownIndex && r.method !== ALL) return r.path;
  }
  for (let i = last - 1; i >= 0; i--) {
    const r = routes[i]!;
    if (i !== ownIndex && r.method !== ALL) return r.path;
  }

  if (status === 404 || last === ownIndex || responder === undefined || isCatchAll(responder.path)) return unmatched;
  return responder.path;
}
