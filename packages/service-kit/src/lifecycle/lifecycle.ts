/**
 * Shutdown hooks. Resources register a closer when they open (`lifecycle.onShutdown("postgres", () =>
 * pool.end())`); on shutdown closers run in reverse registration order — last opened, first closed, so a
 * component never outlives what it depends on. Each closer is bounded by a timeout; a failing or hanging
 * closer is logged and does not stop the others.
 */
import type { Logger } from "pino";

export type Closer = () => void | Promise<void>;

/** What `configure` gets: register closers, and learn when shutdown starts. */
export interface Lifecycle {
  onShutdown(name: string, close: Closer): void;
  /** Aborted when shutdown begins: stop background loops, refuse new long work. */
  readonly stopping: AbortSignal;
}

export class ShutdownHooks implements Lifecycle {
  private readonly closers: Array<{ name: string; close: Closer }> = [];
  private readonly controller = new AbortController();
  private ran = false;

  constructor(private readonly logger: Logger) {}

  get stopping(): AbortSignal {
    return this.controller.signal;
  }

  onShutdown(name: string, close: Closer): void {
    if (this.ran) throw new Error(`cannot register closer "${name}": shutdown already ran`);
    this.closers.push({ name, close });
  }

  /** Signals `stopping` (idempotent). */
  beginShutdown(): void {
    if (!this.controller.signal.aborted) this.controller.abort(new Error("service is shutting down"));
  }

  /** Runs every closer once, newest first; true when all succeeded within `timeoutMs` each. */
  async runClosers(timeoutMs: number): Promise<boolean> {
    if (this.ran) return true;
    this.ran = true;
    let allOk = true;
    for (const { name, close } of this.closers.reverse()) {
      const started = performance.now();
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          Promise.resolve().then(close),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`did not finish within ${timeoutMs} ms`)), timeoutMs);
          }),
        ]);
        this.logger.debug({ closer: name, duration_ms: Math.round(performance.now() - started) }, "closed");
      } catch (err) {
        allOk = false;
        this.logger.error({ closer: name, err }, "shutdown closer failed");
      } finally {
        clearTimeout(timer);
      }
    }
    return allOk;
  }
}
