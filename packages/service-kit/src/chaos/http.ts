/**
 * Chaos over HTTP: the middleware that injects faults into requests, and the API that switches them on.
 *
 *   GET    /api/v1/chaos          registered faults and what is active (with expiry)
 *   DELETE /api/v1/chaos          clear everything
 *   POST   /api/v1/chaos/<fault>  activate (body: the fault's parameters + duration_ms)
 *   DELETE /api/v1/chaos/<fault>  clear one
 *
 * The API exists only when CHAOS_ENABLED=true (otherwise those paths are plain 404s) and every call needs
 * `Authorization: Bearer <CHAOS_TOKEN>`.
 */
import type { Hono, MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { z } from "zod";
import { errorResponse, HttpError, validationError } from "../http/errors.js";
import { validate } from "../http/validate.js";
import { bearerAuth } from "./bearer-auth.js";
import { FaultValidationError, type ChaosRegistry, UnknownFaultError } from "./registry.js";

export const CHAOS_BASE_PATH = "/api/v1/chaos";

/** Header on every response whose error was injected, so a test coordinator can tell it from a real one. */
export const CHAOS_FAULT_HEADER = "x-chaos-fault";

/** Waits `ms`, or less if the client goes away (then the response is moot). Never rejects. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}

/**
 * Applies active built-in faults to every request except those `isExempt` spares (health, readiness,
 * metrics and the chaos API itself: the instruments used to observe a fault must not suffer it).
 */
export function chaosMiddleware(chaos: ChaosRegistry, isExempt: (path: string) => boolean): MiddlewareHandler {
  return async (c, next) => {
    if (isExempt(c.req.path)) return next();
    // The endpoint's template (first method route), so a pattern can name `/api/v1/orders/:id`.
    const route = matchedRoutes(c).find((r) => r.method !== "ALL")?.path;
    const injection = chaos.decide({ protocol: "http", method: c.req.method, path: c.req.path, route });
    if (injection) {
      if (injection.delayMs > 0) await pause(injection.delayMs, c.req.raw.signal);
      const reject = injection.reject;
      if (reject) {
        const code = reject.fault === "downtime" ? "unavailable" : "injected_fault";
        return errorResponse(reject.httpStatus as ContentfulStatusCode, code, reject.message, { fault: reject.fault }, {
          [CHAOS_FAULT_HEADER]: reject.fault,
        });
      }
    }
    await next();
  };
}

const anyObject = z.record(z.string(), z.unknown());

// biome-ignore lint/suspicious/noExplicitAny: any app, whatever its Env
export function mountChaosRoutes(app: Hono<any>, chaos: ChaosRegistry, token: string): void {
  const auth = bearerAuth(token, "chaos");
  app.use(CHAOS_BASE_PATH, auth);
  app.use(`${CHAOS_BASE_PATH}/*`, auth);

  app.get(CHAOS_BASE_PATH, (c) => c.json({ enabled: chaos.enabled, faults: chaos.faults(), active: chaos.active() }));
  app.delete(CHAOS_BASE_PATH, async (c) => c.json({ cleared: await chaos.clearAll() }));

  app.post(`${CHAOS_BASE_PATH}/:fault`, validate("json", anyObject), async (c) => {
    try {
      return c.json(await chaos.activate(c.req.param("fault"), c.req.valid("json")));
    } catch (err) {
      throw toHttpError(err);
    }
  });
  app.delete(`${CHAOS_BASE_PATH}/:fault`, async (c) => {
    const fault = c.req.param("fault");
    try {
      return c.json({ cleared: (await chaos.deactivate(fault)) ? [fault] : [] });
    } catch (err) {
      throw toHttpError(err);
    }
  });
}

function toHttpError(err: unknown): unknown {
  if (err instanceof UnknownFaultError) return new HttpError(404, "unknown_fault", err.message, { known: err.known });
  if (err instanceof FaultValidationError) return validationError(err.zodError, `parameters for fault "${err.fault}"`);
  return err;
}
