/**
 * A complete sample service on @tse/service-kit, run as a real child process by the kit's tests. It is also
 * the model for services' main.ts: everything below is domain wiring, none of it is plumbing.
 */
import { createConnection } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { baseEnvSchema, envPort, envText, runService, validate } from "../../index.js";
import { loadSampleProto } from "./proto.js";

const envSchema = baseEnvSchema.extend({
  HTTP_PORT: envPort({ default: 18080, description: "HTTP listen port" }),
  GRPC_PORT: envPort({ default: 58080, description: "gRPC listen port" }),
  SAMPLE_DEPENDENCY_ADDR: envText({ optional: true, description: "host:port that must accept TCP for readiness" }),
});

/** A real dependency check: can we open a TCP connection? */
const tcpCheck = (address: string) => ({
  name: "upstream",
  check: (signal: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      const [host, port] = address.split(":");
      const socket = createConnection({ host, port: Number(port), signal }, () => {
        socket.end();
        resolve();
      });
      socket.once("error", reject);
    }),
});

await runService({
  name: "sample-service",
  version: "0.0.1",
  envSchema,
  configure: ({ app, grpc, config, readiness, lifecycle, logger, chaos }) => {
    app.get("/api/v1/slow", async (c) => {
      const ms = Number(c.req.query("ms") ?? 0);
      await sleep(ms);
      return c.json({ slept_ms: ms });
    });
    app.post("/api/v1/echo", validate("json", z.strictObject({ message: z.string().max(100) })), (c) =>
      c.json({ message: c.req.valid("json").message }),
    );
    app.get("/api/v1/frozen", (c) => c.json({ frozen: chaos.isActive("freeze") }));
    app.post("/api/v1/crash", (c) => {
      const error = new Error("crash requested");
      const crash = () => {
        throw error;
      };
      if (c.req.query("kind") === "rejection") void Promise.reject(error);
      else setImmediate(crash);
      return c.json({ crashing: true }, 202);
    });

    grpc.addService(loadSampleProto().service, {
      Echo: (call: { request: { message: string; delay_ms: number } }, callback: (e: null, r: object) => void) => {
        setTimeout(() => callback(null, { message: call.request.message }), call.request.delay_ms);
      },
    });

    if (config.SAMPLE_DEPENDENCY_ADDR) readiness.register(tcpCheck(config.SAMPLE_DEPENDENCY_ADDR));
    chaos.registerFault({
      name: "freeze",
      schema: z.object({ reason: z.string() }),
      apply: ({ reason }) => logger.warn({ reason }, "frozen"),
      clear: () => logger.info("thawed"),
    });
    lifecycle.onShutdown("first", () => logger.info({ closer: "first" }, "closer ran"));
    lifecycle.onShutdown("second", () => logger.info({ closer: "second" }, "closer ran"));
  },
});
