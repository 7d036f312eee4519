import { describe, expect, it } from "vitest";
import { captureLogs } from "../test-support/log-capture.js";
import { createLogger } from "./logger.js";

describe("createLogger", () => {
  const identity = { service: "exchange-simulator", instanceName: "exchange-sim-001", version: "1.2.3" };

  it("writes JSON lines carrying service, instance_name and version", () => {
    const { stream, lines } = captureLogs();
    const logger = createLogger({ ...identity, level: "info", destination: stream });
    logger.info({ order_id: "o-1" }, "order accepted");
    logger.child({ component: "matching" }).warn("slow match");
    const [first, second] = lines();
    expect(first).toMatchObject({
      level: "info",
      service: "exchange-simulator",
      instance_name: "exchange-sim-001",
      version: "1.2.3",
      order_id: "o-1",
      msg: "order accepted",
    });
    expect(Date.parse(String(first?.time))).not.toBeNaN();
    expect(second).toMatchObject({ level: "warn", component: "matching", instance_name: "exchange-sim-001" });
  });

  it("honours LOG_LEVEL", () => {
    const { stream, lines } = captureLogs();
    const logger = createLogger({ ...identity, level: "warn", destination: stream });
    logger.info("hidden");
    logger.debug("hidden");
    logger.error("shown");
    expect(lines().map((l) => l.msg)).toEqual(["shown"]);

    const silent = captureLogs();
    createLogger({ ...identity, level: "silent", destination: silent.stream }).fatal("nothing");
    expect(silent.lines()).toEqual([]);
  });

  it("serialises errors with their stack (logs only, never responses)", () => {
    const { stream, lines } = captureLogs();
    createLogger({ ...identity, level: "info", destination: stream }).error({ err: new TypeError("boom") }, "failed");
    const err = lines()[0]?.err as Record<string, unknown>;
    expect(err).toMatchObject({ type: "TypeError", message: "boom" });
    expect(String(err.stack)).toContain("logger.test.ts");
  });
});
