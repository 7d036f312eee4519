import { describe, expect, it } from "vitest";
import { LOCAL_TOPOLOGY, resolveTopology } from "./topology.js";

describe("local topology", () => {
  it("gives every instance distinct ports and a distinct name", () => {
    const ports = LOCAL_TOPOLOGY.flatMap((i) => [i.httpPort, i.grpcPort]);
    expect(new Set(ports).size).toBe(ports.length);
    expect(new Set(LOCAL_TOPOLOGY.map((i) => i.instanceName)).size).toBe(LOCAL_TOPOLOGY.length);
  });
  it("applies per-instance port overrides and names a bad one", () => {
    const t = resolveTopology({ LOCAL_EXCHANGE_BINANCE_HTTP_PORT: "9001" });
    expect(t.find((i) => i.instanceName === "exchange-binance")?.httpPort).toBe(9001);
    expect(() => resolveTopology({ LOCAL_EXCHANGE_COINBASE_GRPC_PORT: "x" })).toThrow("LOCAL_EXCHANGE_COINBASE_GRPC_PORT=\"x\" is invalid");
  });
});
