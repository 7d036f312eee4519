/** The logging this package needs: a pino-compatible subset, so a service passes its pino logger as is. */
export interface StorageLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

const line = (level: string) => (fields: Record<string, unknown>, message: string) =>
  console.error(JSON.stringify({ level, msg: message, component: "storage", ...fields }));

/** Default when no logger is given: one JSON line per warning/error on stderr; info is dropped. */
export const consoleLogger: StorageLogger = { info() {}, warn: line("warn"), error: line("error") };

export const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));
