/**
 * pino JSON logs. Every line carries `service`, `instance_name` and `version` — the same three values the
 * metrics carry as constant labels — so a log line and a series of one instance join on equal terms.
 */
import { type DestinationStream, type Logger, pino } from "pino";
import type { LogLevel } from "../config/base-env.js";

export type { Logger } from "pino";

export interface LoggerOptions {
  service: string;
  instanceName: string;
  version: string;
  level: LogLevel;
  /** Where lines go; stdout when omitted (synchronous, so nothing is lost on process.exit). */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: options.service, instance_name: options.instanceName, version: options.version },
      timestamp: pino.stdTimeFunctions.isoTime,
      // "level":"info" rather than 30: readable without a pino-aware viewer.
      formatters: { level: (label) => ({ level: label }) },
      // Stack traces belong in logs (never in HTTP responses); pino's err serializer keeps type/message/stack.
      serializers: { err: pino.stdSerializers.err },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
