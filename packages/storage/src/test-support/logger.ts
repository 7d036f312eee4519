import type { StorageLogger } from "../logger.js";

export interface LogLine {
  readonly level: "info" | "warn" | "error";
  readonly message: string;
  readonly fields: Record<string, unknown>;
}

/** A logger that keeps what it is told, so tests can assert on warnings instead of printing them. */
export function recordingLogger(): StorageLogger & { readonly lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: LogLine["level"]) => (fields: Record<string, unknown>, message: string) => {
    lines.push({ level, message, fields });
  };
  return { lines, info: at("info"), warn: at("warn"), error: at("error") };
}
