/**
 * Chaos over HTTP: the gate the front door asks for faults to inject into requests, and the API that switches them on.
 *
 *   GET    /api/v1/chaos          registered faults and what is active (with expiry)
 *   DELETE /api/v1/chaos          clear everything
 *   POST   /api/v1/chaos/<fault>  activate (body: the fault's parameters + duration_ms)
 *   DELETE /api/v1/chaos/<fault>  clear one
 *
 * The API exists only when CHAOS_ENABLED=true (otherwise those paths are plain 404s) and every call needs
 * `Authorization: Bearer <CHAOS_TOKEN>`.
 */
import type { Hono } from "hono";
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
 * The answer of the built-in faults active for a request: undefined to go on (nothing active, or an `isExempt`
 * path — health, readiness, metrics and the chaos API itself: the instruments used to observe a fault must not
 * suffer it), the injected error, or a Promise while an injected latency runs (then the error, or undefined).
 * `routeOf` gives the endpoint's template (first method route), so a pattern can name `/api/v1/orders/:id`.
 */
export function chaosGate(
  chaos: ChaosRegistry,
  isExempt: (path: string) => boolean,
  routeOf: (request: Request, path: string) => string | undefined,
): (request: Request, path: string) => Response | Promise<Response | undefined> | undefined {
  return (request, path) => {
    if (isExempt(path)) return undefined;
    const injection = chaos.decide({ protocol: "http", method: request.method, path, route: routeOf(request, path) });
    if (!injection) return undefined;
    const reject = injection.reject;
    const answer = reject
      ? errorResponse(reject.httpStatus as ContentfulStatusCode, reject.fault === "downtime" ? "unavailable" : "injected_fault", reject.message, { fault: reject.fault }, {
          [CHAOS_FAULT_HEADER]: reject.fault,
        })
      : undefined;
    return injection.delayMs > 0 ? pause(injection.delayMs, request.signal).then(() => answer) : answer;
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
