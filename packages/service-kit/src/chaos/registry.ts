/**
 * The chaos registry: every fault a service can inject (the built-in latency/errors/downtime plus the
 * service's domain faults), which of them are active, and until when. Each activation is bounded
 * (≤ MAX_FAULT_DURATION_MS) and expires by itself; a re-post replaces the previous activation.
 *
 * Metrics: `chaos_active{fault}` (1 while active) and `chaos_injections_total{fault}` (every delayed call,
 * injected error and downtime rejection; domain faults count theirs with `recordInjection`).
 */
import { type Counter, defineCounter, defineGauge, type Gauge, type MetricsPort } from "@tse/metrics-port";
import type { Logger } from "pino";
import { z } from "zod";
import { BuiltinFaults, type Injection } from "./builtin-faults.js";
import type { ActiveFault, FaultDefinition } from "./fault.js";
import type { CallTarget } from "./target.js";

export const MAX_FAULT_DURATION_MS = 3_600_000;

export const chaosInjectionsTotal = defineCounter({
  name: "chaos_injections_total",
  help: "Faults injected into calls by the chaos API: delayed calls, injected errors, downtime rejections, domain faults",
  labelNames: ["fault"],
});

export const chaosActive = defineGauge({
  name: "chaos_active",
  help: "1 while the chaos fault is active, 0 otherwise",
  labelNames: ["fault"],
});

const FAULT_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

const durationShape = {
  duration_ms: z
    .number()
    .int()
    .min(1)
    .max(MAX_FAULT_DURATION_MS)
    .describe(`How long the fault stays active (1 ms … ${MAX_FAULT_DURATION_MS / 60_000} min); it then clears itself`),
};

export class UnknownFaultError extends Error {
  constructor(
    readonly fault: string,
    readonly known: readonly string[],
  ) {
    super(`unknown chaos fault "${fault}" (known: ${known.join(", ")})`);
    this.name = "UnknownFaultError";
  }
}

export class FaultValidationError extends Error {
  constructor(
    readonly fault: string,
    readonly zodError: z.ZodError,
  ) {
    super(`invalid parameters for chaos fault "${fault}"`);
    this.name = "FaultValidationError";
  }
}

interface Activation {
  params: Record<string, unknown>;
  durationMs: number;
  startedAt: number;
  expiresAt: number;
  timer: NodeJS.Timeout;
}

interface Entry {
  def: FaultDefinition;
  body: z.ZodType<Record<string, unknown>>;
  active: Activation | undefined;
  /** Serialises apply/clear of one fault, so a quick DELETE after a POST cannot interleave with it. */
  queue: Promise<unknown>;
}

export interface ChaosRegistryOptions {
  /** When false the HTTP API is not mounted; activation still works for in-process tests. */
  enabled: boolean;
  metrics: MetricsPort;
  logger?: Logger;
  /** Readiness hold for downtime (see Readiness.hold). */
  holdReadiness?: (reason: string) => () => void;
  /** [0, 1); Math.random by default. */
  random?: () => number;
}

export class ChaosRegistry {
  readonly enabled: boolean;
  private readonly entries = new Map<string, Entry>();
  private readonly injections: Counter<"fault">;
  private readonly activeGauge: Gauge<"fault">;
  private readonly builtins: BuiltinFaults;
  private closed = false;

  constructor(private readonly options: ChaosRegistryOptions) {
    this.enabled = options.enabled;
    this.injections = options.metrics.counter(chaosInjectionsTotal);
    this.activeGauge = options.metrics.gauge(chaosActive);
    this.builtins = new BuiltinFaults({
      random: options.random ?? Math.random,
      holdReadiness: options.holdReadiness,
      count: (fault) => this.recordInjection(fault),
    });
    for (const def of this.builtins.definitions()) this.registerFault(def);
  }

  /** Adds a fault; its body schema is `def.schema` plus `duration_ms`, strict. */
  registerFault<S extends z.ZodObject>(def: FaultDefinition<S>): void {
    if (!FAULT_NAME.test(def.name) || def.name.length > 48) {
      throw new TypeError(`chaos fault name "${def.name}" must be kebab-case (it is a URL segment): lower-case letters and digits in words joined by single "-", at most 48 characters`);
    }
    if (this.entries.has(def.name)) throw new Error(`chaos fault "${def.name}" is already registered`);
    if ("duration_ms" in def.schema.shape) {
      throw new TypeError(`chaos fault "${def.name}": duration_ms is added by the registry; remove it from the schema`);
    }
    const body = def.schema.safeExtend(durationShape).strict() as unknown as z.ZodType<Record<string, unknown>>;
    this.entries.set(def.name, { def: def as unknown as FaultDefinition, body, active: undefined, queue: Promise.resolve() });
    this.activeGauge.set({ fault: def.name }, 0);
  }

  /** Registered faults with their descriptions, for GET /api/v1/chaos. */
  faults(): Array<{ name: string; description: string }> {
    return [...this.entries.values()].map((e) => ({ name: e.def.name, description: e.def.description ?? "" }));
  }

  /** Validates `body` and activates the fault for `duration_ms`, replacing an earlier activation. */
  async activate(name: string, body: unknown): Promise<ActiveFault> {
    const entry = this.entry(name);
    const parsed = entry.body.safeParse(body);
    if (!parsed.success) throw new FaultValidationError(name, parsed.error);
    const { duration_ms: durationMs, ...params } = parsed.data as { duration_ms: number } & Record<string, unknown>;
    return this.serialise(entry, async () => {
      if (this.closed) throw new Error("chaos registry is closed (service shutting down)");
      if (entry.active) await this.deactivateNow(entry, "replaced");
      await entry.def.apply(params, durationMs);
      const startedAt = Date.now();
      const timer = setTimeout(() => {
        void this.serialise(entry, () => this.deactivateNow(entry, "expired")).catch((err) =>
          this.options.logger?.error({ err, fault: name }, "clearing an expired chaos fault failed"),
        );
      }, durationMs);
      timer.unref();
      entry.active = { params, durationMs, startedAt, expiresAt: startedAt + durationMs, timer };
      this.activeGauge.set({ fault: name }, 1);
      this.options.logger?.warn({ fault: name, params, duration_ms: durationMs }, "chaos fault activated");
      return this.describe(entry.def.name, entry.active);
    });
  }

  /** Clears one fault now; false when it was not active. */
  async deactivate(name: string): Promise<boolean> {
    const entry = this.entry(name);
    return this.serialise(entry, () => this.deactivateNow(entry, "cleared"));
  }

  /** Clears every active fault; returns their names. */
  async clearAll(): Promise<string[]> {
    const cleared = await Promise.all(
      [...this.entries.values()].map((entry) =>
        this.serialise(entry, async () => ((await this.deactivateNow(entry, "cleared")) ? entry.def.name : undefined)),
      ),
    );
    return cleared.filter((n): n is string => n !== undefined);
  }

  /** Active faults with their expiry. */
  active(): ActiveFault[] {
    return [...this.entries.values()].flatMap((e) => (e.active ? [this.describe(e.def.name, e.active)] : []));
  }

  isActive(name: string): boolean {
    return this.entries.get(name)?.active !== undefined;
  }

  /** Counts one injection of a (domain) fault in chaos_injections_total. */
  recordInjection(fault: string): void {
    this.injections.inc({ fault });
  }

  /** What the built-in faults do to this call (undefined: nothing). Counts what it injects. */
  decide(target: CallTarget): Injection | undefined {
    return this.builtins.decide(target);
  }

  /** Clears everything and refuses new activations (shutdown). */
  async close(): Promise<void> {
    this.closed = true;
    await this.clearAll();
  }

  private entry(name: string): Entry {
    const entry = this.entries.get(name);
    if (!entry) throw new UnknownFaultError(name, [...this.entries.keys()]);
    return entry;
  }

  private serialise<T>(entry: Entry, fn: () => Promise<T>): Promise<T> {
    const run = entry.queue.then(fn, fn);
    entry.queue = run.catch(() => {});
    return run;
  }

  private async deactivateNow(entry: Entry, why: "expired" | "cleared" | "replaced"): Promise<boolean> {
    const active = entry.active;
    if (!active) return false;
    clearTimeout(active.timer);
    entry.active = undefined;
    this.activeGauge.set({ fault: entry.def.name }, 0);
    await entry.def.clear();
    if (why !== "replaced") this.options.logger?.warn({ fault: entry.def.name, reason: why }, "chaos fault cleared");
    return true;
  }

  private describe(name: string, a: Activation): ActiveFault {
    return {
      fault: name,
      params: a.params,
      duration_ms: a.durationMs,
      started_at: new Date(a.startedAt).toISOString(),
      expires_at: new Date(a.expiresAt).toISOString(),
      remaining_ms: Math.max(0, a.expiresAt - Date.now()),
    };
  }
}
