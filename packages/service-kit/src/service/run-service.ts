/**
 * The body of every service's main.ts: create, start, and own the process.
 *
 *  - Bad configuration (ConfigError, InvalidInstanceNameError) or a port that cannot be opened: one line per
 *    problem on stderr, prefixed with the service name, exit 1. No stack trace — it is not a bug.
 *  - SIGTERM / SIGINT: graceful stop (see Service.stop), exit 0 when clean, 1 otherwise. A second signal
 *    while stopping exits at once (128 + signal number, as a shell reports it).
 *  - Uncaught exceptions and unhandled rejections: logged (fatal, with stack), exit 1. The process state is
 *    unknown at that point, so there is no attempt at a graceful stop.
 */
import type { z } from "zod";
import type { BaseEnv, baseEnvSchema } from "../config/base-env.js";
import { ConfigError } from "../config/load-config.js";
import { InvalidInstanceNameError } from "../identity.js";
import { type CreateServiceOptions, createService, type Service } from "./create-service.js";
import { ListenError } from "./listen.js";

const SIGNAL_EXIT: Record<"SIGTERM" | "SIGINT", number> = { SIGINT: 130, SIGTERM: 143 };

/** Errors that are the operator's to fix: reported as plain lines, not stack traces. */
export function isStartupProblem(err: unknown): err is Error {
  return err instanceof ConfigError || err instanceof InvalidInstanceNameError || err instanceof ListenError;
}

export interface RunServiceOptions<S extends z.ZodObject> extends CreateServiceOptions<S> {
  /** process.exit by default; injectable for tests of this function itself. */
  exit?: (code: number) => void;
}

export async function runService<S extends z.ZodObject = typeof baseEnvSchema>(
  options: RunServiceOptions<S>,
): Promise<Service<z.output<S> & BaseEnv> | undefined> {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let service: Service<z.output<S> & BaseEnv>;
  try {
    service = await createService(options);
    await service.start();
  } catch (err) {
    if (isStartupProblem(err)) {
      for (const line of err.message.split("\n")) process.stderr.write(`${options.name}: ${line}\n`);
    } else {
      process.stderr.write(`${options.name}: failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
    }
    exit(1);
    return undefined;
  }

  const { logger } = service;
  let stopping = false;
  const onSignal = (signal: "SIGTERM" | "SIGINT") => {
    if (stopping) {
      logger.warn({ signal }, "second signal while stopping: exiting now");
      exit(SIGNAL_EXIT[signal]);
      return;
    }
    stopping = true;
    logger.info({ signal }, "signal received");
    service.stop().then(
      (clean) => exit(clean ? 0 : 1),
      (err) => {
        logger.fatal({ err }, "shutdown failed");
        exit(1);
      },
    );
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
  process.on("uncaughtException", (err) => {
    logger.fatal({ err }, "uncaught exception");
    exit(1);
  });
  process.on("unhandledRejection", (reason) => {
    logger.fatal({ err: reason }, "unhandled promise rejection");
    exit(1);
  });
  return service;
}
