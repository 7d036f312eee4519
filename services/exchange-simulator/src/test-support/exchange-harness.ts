/**
 * An exchange simulator running in-process on ports 0, with helpers for real HTTP and gRPC clients. The
 * composition is the production one (compose.ts); only the environment differs.
 */
import * as grpc from "@grpc/grpc-js";
import { type exchangeV1, loadExchangeProto } from "@tse/contracts";
import { createService, type Service } from "@tse/service-kit";
import { announce, type Composition, exchangeServiceOptions } from "../compose.js";
import type { ExchangeEnv } from "../env.js";

/** Parsed JSON as tests read it: loosely typed on purpose (assertions check the shape). */
// biome-ignore lint/suspicious/noExplicitAny: test responses are checked by assertions, not by types
export type Json = any;

export const CHAOS_TOKEN = "test-chaos-token-0123456789";

export interface Harness {
  service: Service<ExchangeEnv>;
  composition: Composition;
  /** http://127.0.0.1:port */
  url: string;
  /** JSON request against /api/v1 + path (or an absolute path starting with "/api/" or "/metrics"). */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: Json }>;
  grpcClient(): exchangeV1.ExchangeServiceClient;
  stop(): Promise<void>;
}

export async function startExchange(env: Record<string, string> = {}): Promise<Harness> {
  const fullEnv = { HTTP_PORT: "0", GRPC_PORT: "0", LOG_LEVEL: "silent", ...env };
  const options = exchangeServiceOptions(fullEnv);
  const service = await createService(options);
  await service.start();
  await announce(service, fullEnv);
  const composition = await options.composed;
  const clients: grpc.Client[] = [];
  const url = service.httpUrl;
  return {
    service,
    composition,
    url,
    async call(method, path, body, headers = {}) {
      const target = path.startsWith("/api/") || path.startsWith("/metrics") ? path : `/api/v1${path}`;
      const res = await fetch(`${url}${target}`, {
        method,
        headers: body === undefined ? headers : { "content-type": "application/json", ...headers },
        body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {}
      return { status: res.status, body: parsed };
    },
    grpcClient() {
      const Client = loadExchangeProto().ExchangeService;
      const client = new Client(service.grpcAddress, grpc.credentials.createInsecure());
      clients.push(client);
      return client;
    },
    async stop() {
      for (const c of clients) c.close();
      await service.stop();
    },
  };
}

/** Promisified unary call on the exchange client. */
export function unaryCall<Req, Res>(
  client: exchangeV1.ExchangeServiceClient,
  method: keyof exchangeV1.ExchangeServiceClient,
  request: Req,
): Promise<Res> {
  return new Promise((resolve, reject) => {
    const fn = client[method] as unknown as (r: Req, cb: (err: grpc.ServiceError | null, res: Res) => void) => void;
    fn.call(client, request, (err, res) => (err ? reject(err) : resolve(res)));
  });
}

/** A funded account: 1,000,000 USD, 100 BTC, 1,000 ETH. */
export async function fundedAccount(h: Harness, accountId?: string): Promise<string> {
  const created = await h.call("POST", "/accounts", accountId === undefined ? undefined : { accountId });
  if (created.status !== 201) throw new Error(`account creation failed: ${JSON.stringify(created.body)}`);
  const id = created.body.accountId as string;
  for (const [asset, amount] of [["USD", "1000000"], ["BTC", "100"], ["ETH", "1000"]]) {
    const r = await h.call("POST", `/accounts/${id}/deposits`, { asset, amount });
    if (r.status !== 201) throw new Error(`deposit failed: ${JSON.stringify(r.body)}`);
  }
  return id;
}
