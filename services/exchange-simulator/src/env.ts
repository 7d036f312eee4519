/**
 * The exchange simulator's environment: service-kit's base variables (identity, ports, storage URLs, chaos,
 * …) with this service's local port defaults, plus the symbols it lists. The README's variable table is
 * generated from this schema (readme.test.ts keeps it fresh). Storage tuning (STORAGE_JOURNAL_DIR, …) is read
 * by @tse/storage itself and documented in its README.
 */
import { baseEnvSchema, envInt, envPort, envText } from "@tse/service-kit";
import { z } from "zod";
import { DEFAULT_CONFIG, Exchange, type ExchangeConfig } from "./domain/index.js";

const exchangeConfigShape = z
  .object({
    assets: z.array(z.object({ code: z.string(), decimals: z.number().int() }).strict()),
    symbols: z.array(
      z
        .object({
          symbol: z.string(),
          base: z.string(),
          quote: z.string(),
          tickSize: z.string(),
          lotSize: z.string(),
          minQuantity: z.string(),
          makerFeeBps: z.number().int(),
          takerFeeBps: z.number().int(),
        })
        .strict(),
    ),
  })
  .strict();

/** JSON → a configuration the engine accepts (the engine's own checks run here, at start-up, not later). */
export function parseExchangeConfig(text: string): { ok: true; config: ExchangeConfig } | { ok: false; message: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, message: `expected JSON ({"assets":[…],"symbols":[…]}): ${(err as Error).message}` };
  }
  const shape = exchangeConfigShape.safeParse(json);
  if (!shape.success) {
    const first = shape.error.issues[0]!;
    return { ok: false, message: `${first.path.join(".") || "(root)"}: ${first.message}` };
  }
  try {
    new Exchange({ config: shape.data }).engine.close();
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
  return { ok: true, config: shape.data };
}

const exchangeSymbols = z
  .preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z
      .string()
      .transform((text, ctx) => {
        const r = parseExchangeConfig(text);
        if (r.ok) return r.config;
        ctx.addIssue({ code: "custom", message: r.message });
        return z.NEVER;
      })
      .optional(),
  )
  .meta({
    description:
      'Assets and symbols as JSON: {"assets":[{"code","decimals"}],"symbols":[{"symbol","base","quote","tickSize","lotSize","minQuantity","makerFeeBps","takerFeeBps"}]}. Unset: USD/BTC/ETH with BTC-USD, ETH-USD, ETH-BTC. Must not change between restarts of one instance (the log replays against it).',
  });

export const envSchema = baseEnvSchema.extend({
  HTTP_PORT: envPort({ default: 8081, description: "HTTP listen port; 0 picks a free port." }),
  GRPC_PORT: envPort({ default: 50061, description: "gRPC listen port; 0 picks a free port." }),
  ADVERTISE_HOST: envText({
    optional: true,
    pattern: /^[A-Za-z0-9.:[\]-]{1,253}$/,
    rule: "expected a host name or IP address",
    description: "Host others reach this instance at, published in service discovery. Defaults to HTTP_HOST (the host name when that is 0.0.0.0).",
  }),
  EXCHANGE_SYMBOLS: exchangeSymbols,
  SNAPSHOT_INTERVAL_EVENTS: envInt({
    default: 100_000,
    min: 0,
    description:
      "Save an engine snapshot every this many journal events (at the soonest: under sustained load snapshots are spaced so they take at most 5% of the time), so a restart replays only the events after the latest one; 0 disables snapshots.",
  }),
});

export type ExchangeEnv = z.output<typeof envSchema>;

/** The configuration the engine runs with. */
export const exchangeConfigOf = (env: ExchangeEnv): ExchangeConfig => env.EXCHANGE_SYMBOLS ?? DEFAULT_CONFIG;
