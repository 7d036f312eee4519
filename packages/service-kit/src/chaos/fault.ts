import type { z } from "zod";

/**
 * A fault that can be switched on through `POST /api/v1/chaos/<name>` for a bounded time. The request body
 * is `schema`'s fields plus `duration_ms`; unknown fields are rejected. `apply` runs on activation (again,
 * after `clear`, when the fault is re-posted while active); `clear` runs on expiry, DELETE, or shutdown.
 *
 *   chaos.registerFault({
 *     name: "stale-book",
 *     description: "The order book stops accepting updates",
 *     schema: z.object({ symbol: z.string() }),
 *     apply: ({ symbol }) => book.freeze(symbol),
 *     clear: () => book.unfreezeAll(),
 *   });
 */
export interface FaultDefinition<S extends z.ZodObject = z.ZodObject> {
  /** kebab-case (e.g. "reject-orders"); becomes the URL segment and the `fault` label of chaos_* metrics. */
  name: string;
  description?: string;
  schema: S;
  apply(params: z.output<S>, durationMs: number): void | Promise<void>;
  clear(): void | Promise<void>;
}

/** An active fault, as GET /api/v1/chaos reports it. */
export interface ActiveFault {
  fault: string;
  params: Record<string, unknown>;
  duration_ms: number;
  started_at: string;
  expires_at: string;
  remaining_ms: number;
}
