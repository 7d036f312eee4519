/**
 * The RED metrics of `httpMetrics()`, recorded around `app.fetch` instead of inside the app.
 *
 * Why a second entry point: any `app.use()` middleware, even one that only awaits `next()`, moves every
 * request from Hono's direct call of a lone matching handler onto `compose()`, and turns a synchronous
 * Response into a Promise, which also takes @hono/node-server off its fast write path. On a trivial route
 * that alone costs ~10% of requests/s. Wrapping `fetch` leaves the app exactly as it is: a synchronous
 * Response stays synchronous.
 *
 * Per request: `app.getPath()` (the path Hono routes on), one exclusion check, one method lookup, a gauge
 * inc/dec, two `performance.now()` calls, the route from a per-method cache (route-table.ts) and the shared
 * `record()` (http-recorder.ts).
 */
import type { MetricsPort } from "../port.js";
import { createHttpRecorder, type MethodSeries } from "./http-recorder.js";
import { type HttpMetricsOptions, OTHER_METHOD } from "./options.js";
import { type AnyHono, matchRoute, RouteCache, routeLabelOf, routerMethod } from "./route-table.js";

interface MethodState {
  readonly series: MethodSeries;
  /** Undefined for unknown methods: they share one `_OTHER` series but each routes differently, and are rare. */
  readonly routes: RouteCache | undefined;
}

function isHonoApp(app: unknown): app is AnyHono {
  const a = app as AnyHono | null | undefined;
  return (
    typeof a?.fetch === "function" && typeof a.getPath === "function" && typeof a.router?.match === "function"
  );
}

/**
 * Returns `app.fetch` instrumented with the RED metrics of `httpMetrics()` — the same series, labels and
 * options — for `serve({ fetch: instrumentedFetch(app, metrics) })` (or `export default { fetch }`):
 *
 * - `route` is the template of the route that handles such requests, looked up in the app's route table
 *   (route-table.ts): the same label the middleware gives, including sub-app prefixes, `basePath()`,
 *   requests rejected by a middleware in front of the route, and `_unmatched` for anything without a route.
 * - The status is the returned Response's: a handler that threw was already turned into a response by the
 *   app's `onError` (Hono's default: 500). An error that escapes `app.fetch` (non-Error throw, failing
 *   `onError`) is recorded as 500 and rethrown, synchronously if `app.fetch` threw synchronously.
 * - Duration runs from the call of `fetch` until `app.fetch` returned its Response (so it includes Hono's
 *   routing, which the middleware does not see); a streamed body's transfer is not included.
 * - Use it instead of the middleware for a whole app: it does not make the app pay for a middleware. Use
 *   the middleware to measure only part of an app, or when something else owns the app's `fetch`.
 *   Do not use both on one app: every request would be counted twice.
 *
 * Throws at construction on a non-Hono `app`, invalid options, or if the metrics are already registered
 * differently. Two instrumented apps on one port share their series, as with the middleware.
 */
export function instrumentedFetch<A extends AnyHono>(app: A, metrics: MetricsPort, options?: HttpMetricsOptions): A["fetch"] {
  if (!isHonoApp(app)) throw new TypeError("instrumentedFetch: app must be a Hono app (with fetch, getPath and router)");
  const recorder = createHttpRecorder("instrumentedFetch", metrics, options);
  const { isExcluded, unmatchedRoute } = recorder.options;
  const fetch = app.fetch;

  const byMethod = new Map<string, MethodState>(
    recorder.options.knownMethods.map((m) => [
      m,
      { series: recorder.methodSeries(m), routes: new RouteCache(app.router, routerMethod(m), unmatchedRoute) },
    ]),
  );
  const otherMethods: MethodState = { series: recorder.methodSeries(OTHER_METHOD), routes: undefined };

  /** Looked up after the app answered: Hono has routed the request by then (and built its router on the first). */
  function record(state: MethodState, request: Request, path: string, start: number, status: number, response: Response | undefined) {
    const seconds = (performance.now() - start) / 1000;
    state.series.inFlight.dec();
    const match = state.routes?.get(path) ?? matchRoute(app.router, routerMethod(request.method), path, unmatchedRoute);
    recorder.record(state.series, routeLabelOf(match, status, unmatchedRoute), status, seconds, request, response);
  }

  const instrumented = (request: Request, env?: unknown, executionCtx?: unknown): Response | Promise<Response> => {
    const path = app.getPath(request, { env });
    if (isExcluded?.(path)) return fetch(request, env, executionCtx as never);
    const state = byMethod.get(request.method) ?? otherMethods;
    state.series.inFlight.inc();
    const start = performance.now();
    let res: Response | Promise<Response>;
    try {
      res = fetch(request, env, executionCtx as never);
    } catch (err) {
      record(state, request, path, start, 500, undefined); // what the server adapter answers
      throw err;
    }
    if (res instanceof Promise) {
      return res.then(
        (response) => {
          record(state, request, path, start, response.status, response);
          return response;
        },
        (err: unknown) => {
          record(state, request, path, start, 500, undefined);
          throw err;
        },
      );
    }
    record(state, request, path, start, res.status, res);
    return res;
  };
  return instrumented as A["fetch"];
}
