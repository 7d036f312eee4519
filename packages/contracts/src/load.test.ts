import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { MAX_ORDER_ENTRY_BATCH } from "./limits.js";
import { EXCHANGE_PROTO_FILE, loadExchangeProto, PROTO_ROOT } from "./load.js";

const pkgRoot = fileURLToPath(new URL("..", import.meta.url));

describe("exchange contract", () => {
  it("loads tse.exchange.v1.ExchangeService with every operation of the API", () => {
    const v1 = loadExchangeProto();
    const methods = Object.keys(v1.ExchangeService.service).sort();
    expect(methods).toEqual(
      [
        "AmendOrder",
        "CancelOrder",
        "CreateAccount",
        "Deposit",
        "Withdraw",
        "GetBalances",
        "GetOrder",
        "GetOrderBook",
        "GetTrades",
        "ListSymbols",
        "PlaceOrder",
        "StreamMarketData",
        "SubmitOrderBatches",
        "SubmitOrders",
      ].sort(),
    );
    expect(v1.ExchangeService.service.StreamMarketData.responseStream).toBe(true);
    expect(v1.ExchangeService.service.SubmitOrders.requestStream).toBe(true);
    expect(v1.ExchangeService.service.SubmitOrders.responseStream).toBe(true);
    expect(v1.ExchangeService.service.SubmitOrderBatches.requestStream).toBe(true);
    expect(v1.ExchangeService.service.SubmitOrderBatches.responseStream).toBe(true);
  });

  it("states the order-entry batch limit in the .proto that MAX_ORDER_ENTRY_BATCH exports", () => {
    const proto = readFileSync(join(PROTO_ROOT, EXCHANGE_PROTO_FILE), "utf8");
    expect(proto).toContain(`At most ${MAX_ORDER_ENTRY_BATCH} requests per batch`);
  });

  it("round-trips a message with the loader options the generated types assume", () => {
    const v1 = loadExchangeProto();
    const method = v1.ExchangeService.service.PlaceOrder;
    const bytes = method.requestSerialize({ accountId: "a1", symbol: "BTC-USD", side: "BUY", type: "LIMIT", quantity: "1.5", price: "30000.5" });
    const decoded = method.requestDeserialize(bytes);
    expect(decoded).toMatchObject({ accountId: "a1", side: "BUY", type: "LIMIT", timeInForce: "TIME_IN_FORCE_UNSPECIFIED", postOnly: false });
  });

  it("has generated types that are up to date with the .proto files", () => {
    const out = mkdtempSync(join(tmpdir(), "tse-contracts-"));
    try {
      execFileSync("node", ["scripts/generate.mjs", out], { cwd: pkgRoot, stdio: "pipe", env: { ...process.env, PATH: `${join(pkgRoot, "node_modules/.bin")}:${process.env.PATH}` } });
      const walk = (d: string): string[] =>
        readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [join(d, f)]));
      const committed = join(pkgRoot, "src/generated");
      const fresh = walk(out).map((f) => relative(out, f)).sort();
      expect(walk(committed).map((f) => relative(committed, f)).sort()).toEqual(fresh);
      for (const f of fresh) {
        expect(readFileSync(join(committed, f), "utf8"), `${f} is stale: run pnpm --filter @tse/contracts generate`).toBe(
          readFileSync(join(out, f), "utf8"),
        );
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
