/**
 * What `pnpm start` brings up natively: every instance with its service, name and ports. Ports are fixed
 * per instance so bookmarks, Prometheus targets and the trading engine's config stay stable across restarts;
 * override any of them with the instance's environment (LOCAL_<INSTANCE>_HTTP_PORT, e.g.
 * LOCAL_EXCHANGE_BINANCE_HTTP_PORT=9001).
 */
export interface LocalInstance {
  readonly service: string;
  readonly instanceName: string;
  /** Entry point, relative to the repository root. */
  readonly main: string;
  readonly httpPort: number;
  readonly grpcPort: number;
}

export const LOCAL_TOPOLOGY: readonly LocalInstance[] = [
  { service: "exchange-simulator", instanceName: "exchange-binance", main: "services/exchange-simulator/src/main.ts", httpPort: 8081, grpcPort: 50061 },
  { service: "exchange-simulator", instanceName: "exchange-coinbase", main: "services/exchange-simulator/src/main.ts", httpPort: 8082, grpcPort: 50062 },
];

const envKey = (instanceName: string, what: string) => `LOCAL_${instanceName.toUpperCase().replaceAll("-", "_")}_${what}`;

/** Applies LOCAL_<INSTANCE>_HTTP_PORT / _GRPC_PORT overrides; a non-numeric override is an error naming the variable. */
export function resolveTopology(env: NodeJS.ProcessEnv, topology = LOCAL_TOPOLOGY): LocalInstance[] {
  return topology.map((i) => {
    const port = (what: "HTTP_PORT" | "GRPC_PORT", fallback: number) => {
      const key = envKey(i.instanceName, what);
      const raw = env[key];
      if (raw === undefined || raw === "") return fallback;
      const n = Number(raw);
      if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${key}=${JSON.stringify(raw)} is invalid: expected an integer 0-65535`);
      return n;
    };
    return { ...i, httpPort: port("HTTP_PORT", i.httpPort), grpcPort: port("GRPC_PORT", i.grpcPort) };
  });
}
