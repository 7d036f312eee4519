/**
 * Readiness: "can this instance do its job right now?" — every registered dependency check passes and
 * nothing holds the instance out of service (injected downtime, shutdown in progress).
 *
 * Checks run with a timeout that does not trust the check to honour its AbortSignal, concurrent
 * evaluations share one run (a burst of probes costs one round of I/O), and every evaluation mirrors
 * each dependency into `service_dependency_ready{dependency}`. A background loop keeps the state fresh
 * for consumers that must not do I/O themselves (gRPC health Watch/Check).
 */
import { defineGauge, type MetricsPort } from "@tse/metrics-port";
import type { Logger } from "pino";

/** A dependency probe: resolves when the dependency is usable, throws (or rejects) when it is not. */
export interface DependencyCheck {
  readonly name: string;
  check(signal: AbortSignal): Promise<void>;
}

export interface CheckResult {
  name: string;
  healthy: boolean;
  latency_ms: number;
  /** Why the check failed; null when healthy. */
  error: string | null;
}

export interface ReadinessReport {
  status: "ready" | "not_ready";
  checks: CheckResult[];
}

export const serviceDependencyReady = defineGauge({
  name: "service_dependency_ready",
  help: "1 when the dependency's readiness check passed at the last evaluation, 0 when it failed or timed out",
  labelNames: ["dependency"],
});

export interface ReadinessOptions {
  metrics: MetricsPort;
  /** Time each check may take before it counts as failed. */
  timeoutMs: number;
  logger?: Logger;
}

type ChangeListener = (ready: boolean) => void;

const MAX_ERROR_LENGTH = 300;

function errorText(err: unknown): string {
  const text = err instanceof Error ? err.message || err.name : String(err);
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > MAX_ERROR_LENGTH ? `${oneLine.slice(0, MAX_ERROR_LENGTH)}…` : oneLine;
}

async function runCheck(check: DependencyCheck, timeoutMs: number): Promise<CheckResult> {
  const controller = new AbortController();
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new Error(`timed out after ${timeoutMs} ms`);
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  let error: string | null = null;
  try {
    // `then` turns a synchronous throw into a rejection.
    await Promise.race([Promise.resolve().then(() => check.check(controller.signal)), timedOut]);
  } catch (err) {
    error = errorText(err);
  } finally {
    clearTimeout(timer);
  }
  const latency = Math.round((performance.now() - started) * 10) / 10;
  return { name: check.name, healthy: error === null, latency_ms: latency, error };
}

export class Readiness {
  private readonly checks = new Map<string, DependencyCheck>();
  private readonly holds = new Map<string, string>();
  private readonly listeners = new Set<ChangeListener>();
  private readonly gauge;
  private lastResults: CheckResult[] = [];
  private evaluated = false;
  private lastReady: boolean | undefined;
  private inflight: Promise<ReadinessReport> | undefined;
  private poller: NodeJS.Timeout | undefined;

  constructor(private readonly options: ReadinessOptions) {
    this.gauge = options.metrics.gauge(serviceDependencyReady);
  }

  /** Adds a dependency check; returns a function that removes it (and its gauge series). */
  register(check: DependencyCheck): () => void {
    if (typeof check.name !== "string" || check.name === "") throw new TypeError("a dependency check needs a name");
    if (this.checks.has(check.name)) throw new Error(`dependency check "${check.name}" is already registered`);
    this.checks.set(check.name, check);
    // 0 until the first evaluation says otherwise: an unchecked dependency is not known to be ready.
    this.gauge.set({ dependency: check.name }, 0);
    return () => {
      if (this.checks.get(check.name) !== check) return;
      this.checks.delete(check.name);
      this.gauge.remove({ dependency: check.name });
      this.lastResults = this.lastResults.filter((r) => r.name !== check.name);
      this.emitIfChanged();
    };
  }

  /**
   * Holds the instance out of service until the returned function is called: readiness fails with
   * `reason`, whatever the checks say. Used for injected downtime and while shutting down.
   */
  hold(name: string, reason: string): () => void {
    this.holds.set(name, reason);
    this.emitIfChanged();
    return () => {
      if (this.holds.get(name) !== reason) return;
      this.holds.delete(name);
      this.emitIfChanged();
    };
  }

  /** Runs every check now (joining a run already in progress) and returns the report. */
  evaluate(): Promise<ReadinessReport> {
    this.inflight ??= this.runAll().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /** The last known state, without I/O: false until the first evaluation. */
  get ready(): boolean {
    return this.evaluated && this.holds.size === 0 && this.lastResults.every((r) => r.healthy);
  }

  /** Called with the new state whenever readiness flips (checks or holds). */
  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Re-evaluates every `intervalMs` in the background (timer does not keep the process alive). */
  startPolling(intervalMs: number): void {
    this.stopPolling();
    this.poller = setInterval(() => {
      this.evaluate().catch((err) => this.options.logger?.error({ err }, "readiness evaluation failed"));
    }, intervalMs);
    this.poller.unref();
  }

  stopPolling(): void {
    if (this.poller) clearInterval(this.poller);
    this.poller = undefined;
  }

  private async runAll(): Promise<ReadinessReport> {
    const checks = [...this.checks.values()];
    const results = await Promise.all(checks.map((c) => runCheck(c, this.options.timeoutMs)));
    for (const result of results) {
      // A check removed while it ran must not resurrect its series.
      if (this.checks.has(result.name)) this.gauge.set({ dependency: result.name }, result.healthy ? 1 : 0);
      this.logTransition(result);
    }
    this.lastResults = results.filter((r) => this.checks.has(r.name));
    this.evaluated = true;
    this.emitIfChanged();
    return this.report(results);
  }

  private report(results: CheckResult[]): ReadinessReport {
    const held: CheckResult[] = [...this.holds].map(([name, reason]) => ({
      name,
      healthy: false,
      latency_ms: 0,
      error: reason,
    }));
    const checks = [...held, ...results];
    return { status: checks.every((c) => c.healthy) ? "ready" : "not_ready", checks };
  }

  private logTransition(result: CheckResult): void {
    const before = this.lastResults.find((r) => r.name === result.name);
    const wasHealthy = before?.healthy;
    if (wasHealthy === result.healthy) return;
    const logger = this.options.logger;
    if (!result.healthy) logger?.warn({ dependency: result.name, error: result.error }, "dependency not ready");
    else if (wasHealthy === false) logger?.info({ dependency: result.name }, "dependency ready again");
  }

  private emitIfChanged(): void {
    const ready = this.ready;
    if (ready === this.lastReady) return;
    this.lastReady = ready;
    for (const listener of this.listeners) {
      try {
        listener(ready);
      } catch (err) {
        this.options.logger?.error({ err }, "readiness listener failed");
      }
    }
  }
}
