/**
 * Readiness checks for the storage dependencies, in the shape service-kit's readiness registry consumes
 * (`{ name, check(signal) }`, throwing on failure). They are cheap round trips, they honour the abort signal
 * (the registry aborts on its timeout), and they recover by themselves: each call uses a fresh or pooled
 * connection, so a check fails while the server is away and passes as soon as it is back.
 */
import type pg from "pg";
import type { Outbox } from "./outbox/outbox.js";

export interface DependencyCheck {
  readonly name: string;
  check(signal?: AbortSignal): Promise<void>;
}

/** Settles with `work`, or rejects as soon as `signal` aborts (the work is left to finish on its own). */
export function abortable<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) {
    work.catch(() => {});
    return Promise.reject(signal.reason ?? new Error("aborted"));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      work.catch(() => {});
      reject(signal.reason ?? new Error("aborted"));
    };
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (err) => {
        signal.removeEventListener("abort", onAbort);
        reject(err);
      },
    );
  });
}

/** `SELECT 1` through the instance's pool (so it also proves the pool can connect). */
export function postgresReadiness(pool: pg.Pool, name = "postgres"): DependencyCheck {
  return {
    name,
    async check(signal) {
      await abortable(pool.query("SELECT 1"), signal);
    },
  };
}

/** PING through the instance's (prefixed) connection. */
export function redisReadiness(store: { ping(): Promise<void> }, name = "redis"): DependencyCheck {
  return {
    name,
    check: (signal) => abortable(store.ping(), signal),
  };
}

/**
 * Whether acknowledged writes can be taken: fails while the backlog is full, the journal cannot be written
 * while PostgreSQL is away, or a journaled write is refused on replay. A PostgreSQL outage alone does not fail
 * it — the journal covers that; the "postgres" check reports the outage itself.
 */
export function outboxReadiness(outbox: Pick<Outbox, "health">, name = "storage_outbox"): DependencyCheck {
  return {
    name,
    async check() {
      const h = outbox.health();
      if (!h.ok) throw new Error(`${h.reason}: ${h.message}`);
    },
  };
}
