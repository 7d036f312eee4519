/**
 * GET /api/v1/health — liveness: the process answers; no I/O, so it never fails because a dependency did.
 * GET /api/v1/ready  — readiness: runs every dependency check; 200 when all pass, 503 naming what failed.
 */
import type { Hono } from "hono";
import type { Readiness } from "./readiness.js";

export const HEALTH_PATH = "/api/v1/health";
export const READY_PATH = "/api/v1/ready";

export interface HealthInfo {
  service: string;
  instanceName: string;
  version: string;
  environment: string;
}

const NO_STORE = { "Cache-Control": "no-store" };

// biome-ignore lint/suspicious/noExplicitAny: any app, whatever its Env
export function mountHealthRoutes(app: Hono<any>, info: HealthInfo, readiness: Readiness): void {
  const startedAt = performance.now();
  app.get(HEALTH_PATH, (c) =>
    c.json(
      {
        status: "ok",
        service: info.service,
        instance_name: info.instanceName,
        version: info.version,
        environment: info.environment,
        uptime_seconds: Math.round((performance.now() - startedAt) / 100) / 10,
        timestamp: new Date().toISOString(),
      },
      200,
      NO_STORE,
    ),
  );
  app.get(READY_PATH, async (c) => {
    const report = await readiness.evaluate();
    return c.json(report, report.status === "ready" ? 200 : 503, NO_STORE);
  });
}
