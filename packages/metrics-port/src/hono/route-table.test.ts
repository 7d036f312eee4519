import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import {
  type AppRouter,
  matchRoute,
  ROUTE_CACHE_ENTRIES,
  ROUTE_CACHE_MAX_PATH,
  RouteCache,
  routeLabelOf,
  routerMethod,
} from "./route-table.js";

const U = "_unmatched";

function app(): Hono {
  const a = new Hono();
  a.use("*", async (_c, next) => next());
  a.use("/api/*", async (_c, next) => next());
  a.use("/api/admin/*", async (c) => c.text("no", 401));
  a.get("/api/admin/stats", (c) => c.text("stats"));
  a.get("/users/:id", (c) => c.text("user"));
  a.get("/users/*", (c) => c.text("fallback"));
  a.all("/webhook", (c) => c.text("ok"));
  return a;
}

describe("matchRoute", () => {
  const label = (method: string, path: string, status: number) => routeLabelOf(matchRoute(app().router, method, path, U), status, U);

  it("names the first route registered for the method, whatever middleware answered and whatever the status", () => {
    expect(label("GET", "/users/1", 200)).toBe("/users/:id");
    expect(label("GET", "/users/1", 404)).toBe("/users/:id");
    expect(label("GET", "/users/a/b", 200)).toBe("/users/*");
    expect(label("GET", "/api/admin/stats", 401)).toBe("/api/admin/stats");
  });

  it("without such a route: unmatched for a 404, else the last non-catch-all middleware or all() route", () => {
    expect(label("GET", "/api/admin/nope", 401)).toBe("/api/admin/*");
    expect(label("GET", "/api/admin/nope", 404)).toBe(U);
    expect(label("POST", "/webhook", 200)).toBe("/webhook");
    expect(label("GET", "/elsewhere", 200)).toBe(U); // only the catch-all matched
    expect(label("POST", "/users/1", 404)).toBe(U);
  });

  it("routes HEAD with the GET routes, as Hono does", () => {
    expect(routerMethod("HEAD")).toBe("GET");
    expect(routerMethod("PATCH")).toBe("PATCH");
  });
});

/** The app's router with its match() calls counted: our own wrapper around a real router. */
function countingRouter(router: AppRouter): { router: AppRouter; calls: () => number } {
  let calls = 0;
  return {
    router: {
      name: router.name,
      add: (...a) => router.add(...a),
      match: (m, p) => {
        calls++;
        return router.match(m, p);
      },
    },
    calls: () => calls,
  };
}

describe("RouteCache", () => {
  it("asks the router once per path, then answers from the cache", () => {
    const { router, calls } = countingRouter(app().router);
    const cache = new RouteCache(router, "GET", U);
    for (let i = 0; i < 100; i++) expect(cache.get("/users/1").endpoint).toBe("/users/:id");
    expect(cache.get("/users/2").endpoint).toBe("/users/:id");
    expect(calls()).toBe(2);
  });

  it("stays bounded: oldest entries go, long paths are never kept", () => {
    const { router, calls } = countingRouter(app().router);
    const cache = new RouteCache(router, "GET", U);
    for (let i = 0; i < ROUTE_CACHE_ENTRIES * 3; i++) cache.get(`/users/${i}`);
    expect(cache.size).toBe(ROUTE_CACHE_ENTRIES);
    const before = calls();
    cache.get(`/users/${ROUTE_CACHE_ENTRIES * 3 - 1}`); // the newest is still there
    expect(calls()).toBe(before);
    cache.get("/users/0"); // the oldest was evicted
    expect(calls()).toBe(before + 1);

    const long = `/users/${"x".repeat(ROUTE_CACHE_MAX_PATH)}`;
    const size = cache.size;
    expect(cache.get(long).endpoint).toBe("/users/:id");
    expect(cache.get(long).endpoint).toBe("/users/:id");
    expect(calls()).toBe(before + 3);
    expect(cache.size).toBe(size);
  });
});
