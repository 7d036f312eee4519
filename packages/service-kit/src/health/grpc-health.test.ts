import * as grpc from "@grpc/grpc-js";
import { waitFor } from "@tse/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { healthClient } from "../test-support/grpc-clients.js";
import { GrpcHealth, healthService } from "./grpc-health.js";

const servers: grpc.Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.forceShutdown();
});

async function serve(health: GrpcHealth): Promise<string> {
  const server = new grpc.Server();
  servers.push(server);
  server.addService(healthService as unknown as grpc.ServiceDefinition, health.implementation());
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return `127.0.0.1:${port}`;
}

describe("GrpcHealth", () => {
  it("Check answers known names, NOT_FOUND for others; Watch hears changes only", async () => {
    const health = new GrpcHealth();
    health.setStatus("", "SERVING");
    health.setStatus("pkg.Svc", "SERVING");
    const client = healthClient(await serve(health));
    try {
      expect(await client.check("")).toBe("SERVING");
      await expect(client.check("nope")).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });

      const watch = client.watch("pkg.Svc");
      const unknown = client.watch("later");
      await waitFor(() => watch.statuses.length === 1 && unknown.statuses.length === 1, { what: "initial Watch messages" });
      expect(unknown.statuses).toEqual(["SERVICE_UNKNOWN"]);
      health.setAll("SERVING"); // no change: no message
      health.setAll("NOT_SERVING");
      health.setStatus("later", "SERVING");
      await waitFor(() => watch.statuses.length === 2 && unknown.statuses.length === 2, { what: "change messages" });
      expect(watch.statuses).toEqual(["SERVING", "NOT_SERVING"]);
      expect(unknown.statuses).toEqual(["SERVICE_UNKNOWN", "SERVING"]);

      health.shutdown();
      await waitFor(() => watch.ended() !== undefined, { what: "Watch to end on shutdown" });
      expect(watch.ended()?.code).toBe(grpc.status.UNAVAILABLE);
      expect(await client.check("later")).toBe("NOT_SERVING");
      health.setStatus("", "SERVING"); // ignored after shutdown
      expect(await client.check("")).toBe("NOT_SERVING");
    } finally {
      client.close();
    }
  });
});
