/** Helpers for this folder's tests and the package's integration tests (excluded from the build). */
import { Hono } from "hono";
import type { RecordingMetrics } from "../../testing/index.js";

/** A promise plus the function that resolves it: lets a test hold a handler at a known point, no sleeps. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** `"METHOD route code"` for every http_requests_total series with a non-zero count, sorted. */
export function recordedRequests(metrics: RecordingMetrics): string[] {
  return metrics
    .series("http_requests_total")
    .filter((s) => s.value > 0)
    .map((s) => `${s.labels["method"]} ${s.labels["route"]} ${s.labels["code"]}`)
    .sort();
}

/** Distinct values of one label across a metric's series. */
export function distinctLabelValues(metrics: RecordingMetrics, metric: string, label: string): Set<string> {
  return new Set(metrics.series(metric).map((s) => s.labels[label]!));
}

/** A sub-app with its own auth middleware (401 without `Bearer ok` under /admin), for mounting under /api. */
export function authGuardedApi(): Hono {
  const api = new Hono();
  api.use("/admin/*", async (c, next) => {
    if (c.req.header("authorization") !== "Bearer ok") return c.json({ error: "unauthorized" }, 401);
    await next();
  });
  api.get("/users/:id", (c) => c.json({ id: c.req.param("id") }));
  api.get("/admin/stats", (c) => c.json({ ok: true }));
  return api;
}

/**
 * Adds GET /slow and POST /slow-throw (which throws → 500 via onError) to `app`; both wait until `release` is
 * resolved, and `allEntered` resolves once three requests are inside them — for the in-flight gauge tests.
 */
export function addSlowRoutes(app: Hono): { release: () => void; allEntered: Promise<void> } {
  const release = deferred();
  const allEntered = deferred();
  let entered = 0;
  const slow = async () => {
    if (++entered === 3) allEntered.resolve();
    await release.promise;
  };
  app.get("/slow", async (c) => {
    await slow();
    return c.text("slow");
  });
  app.post("/slow-throw", async () => {
    await slow();
    throw new Error("late failure");
  });
  app.onError((_err, c) => c.text("failed", 500));
  return { release: () => release.resolve(), allEntered: allEntered.promise };
}
