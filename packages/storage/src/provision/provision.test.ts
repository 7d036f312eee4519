import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveIdentity } from "@tse/service-kit/identity";
import { describe, expect, it } from "vitest";
import { type CliIo, runProvisionCli } from "./cli.js";
import { instanceStatements } from "./postgres-sql.js";
import { redisAclRules } from "./redis-acl.js";
import { redisPasswordHash, scramSha256Verifier } from "./scram.js";
import { readSecret, secretVariable } from "./secrets.js";

const binance = resolveIdentity("exchange-simulator", "exchange-binance");
const PG_PW = "pg-secret-0123456789abcdef";
const REDIS_PW = "redis-secret-0123456789abcdef";
const env = { TSE_PG_PASSWORD_EXCHANGE_BINANCE: PG_PW, TSE_REDIS_PASSWORD_EXCHANGE_BINANCE: REDIS_PW };

function io(e: Record<string, string | undefined> = env): CliIo & { out: string; err: string } {
  const r = {
    env: e,
    out: "",
    err: "",
    write(t: string) {
      r.out += t;
    },
    error(t: string) {
      r.err += t;
    },
  };
  return r;
}

describe("provisioning SQL and ACL", () => {
  it("makes the instance's role own its schema, connect to the database and nothing more", () => {
    const sql = instanceStatements(binance, "trading", "SCRAM-SHA-256$4096:c2FsdA==$a:b").join("\n");
    expect(sql).toContain('ALTER ROLE "exchange_binance" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS');
    expect(sql).toContain('CREATE SCHEMA IF NOT EXISTS "exchange_binance" AUTHORIZATION "exchange_binance";');
    expect(sql).toContain('GRANT CONNECT ON DATABASE "trading" TO "exchange_binance";');
    expect(sql).toContain('REVOKE ALL ON SCHEMA "exchange_binance" FROM PUBLIC;');
    expect(sql).not.toMatch(/GRANT (ALL|CREATE)/);
  });

  it("limits the Redis user to its prefix, reading discovery, writing only its own record", () => {
    const rules = redisAclRules(binance, redisPasswordHash(REDIS_PW));
    expect(rules).toEqual(
      expect.arrayContaining(["~exchange-binance:*", "%R~discovery:*", "%W~discovery:exchange-simulator:exchange-binance"]),
    );
    expect(rules.indexOf("-@dangerous")).toBeGreaterThan(rules.indexOf("+@keyspace"));
    expect(rules.join(" ")).not.toContain(REDIS_PW);
    expect(() => redisAclRules(binance, "plaintext")).toThrow(RangeError);
  });

  it("computes SCRAM verifiers in PostgreSQL's format, salted per call", () => {
    const salt = Buffer.from("0123456789abcdef");
    const v = scramSha256Verifier(PG_PW, salt);
    expect(v).toMatch(/^SCRAM-SHA-256\$4096:MDEyMzQ1Njc4OWFiY2RlZg==\$[A-Za-z0-9+/]{43}=:[A-Za-z0-9+/]{43}=$/);
    expect(scramSha256Verifier(PG_PW, salt)).toBe(v);
    expect(scramSha256Verifier(PG_PW)).not.toBe(scramSha256Verifier(PG_PW));
  });

  it("reads secrets from the environment or a file, and says which variable is missing", () => {
    expect(secretVariable("PG", binance)).toBe("TSE_PG_PASSWORD_EXCHANGE_BINANCE");
    expect(readSecret("PG", binance, env)).toBe(PG_PW);
    const dir = mkdtempSync(join(tmpdir(), "tse-secret-"));
    try {
      writeFileSync(join(dir, "pw"), `${PG_PW}\n`);
      expect(readSecret("PG", binance, { TSE_PG_PASSWORD_EXCHANGE_BINANCE_FILE: join(dir, "pw") })).toBe(PG_PW);
    } finally {
      rmSync(dir, { recursive: true });
    }
    expect(() => readSecret("REDIS", binance, {})).toThrow(/TSE_REDIS_PASSWORD_EXCHANGE_BINANCE/);
    expect(() => readSecret("PG", binance, { TSE_PG_PASSWORD_EXCHANGE_BINANCE: "short" })).toThrow(/at least 16/);
  });
});

describe("tse-provision CLI", () => {
  it("--print emits the SQL and the ACL lines, with verifiers instead of passwords", async () => {
    const r = io();
    expect(await runProvisionCli(["--print", "--instance", "exchange-simulator/exchange-binance"], r)).toBe(0);
    expect(r.out).toContain('REVOKE ALL ON DATABASE "postgres" FROM PUBLIC;');
    expect(r.out).toContain("PASSWORD 'SCRAM-SHA-256$4096:");
    expect(r.out).toMatch(/^ACL SETUSER exchange-binance reset on #[0-9a-f]{64} resetchannels ~exchange-binance:\* /m);
    expect(r.out).not.toContain(PG_PW);
    expect(r.out).not.toContain(REDIS_PW);
    expect(r.err).toBe("");
  });

  it("--print for one server prints only its part, for the URL's database", async () => {
    const r = io({ TSE_PG_PASSWORD_EXCHANGE_BINANCE: PG_PW });
    const code = await runProvisionCli(
      ["--print", "--postgres-url", "postgres://admin@db/trading", "--instance", "exchange-simulator/exchange-binance"],
      r,
    );
    expect(code).toBe(0);
    expect(r.out).toContain('GRANT CONNECT ON DATABASE "trading"');
    expect(r.out).not.toContain("ACL SETUSER");
  });

  it.each([
    [[], /at least one --instance/],
    [["--instance", "exchange-simulator/Exchange Binance"], /SERVICE_INSTANCE_NAME="Exchange Binance" is invalid/],
    [["--instance", "a/b/c", "--print"], /expected <service>\/<instance>/],
    [["--instance", "exchange-simulator/exchange-binance"], /--postgres-url and\/or --redis-url, or --print/],
    [["--bogus"], /Unknown option/],
    [["--print", "--instance", "exchange-simulator/public"], /reserved/],
    [["--print", "--instance", "x/exchange-binance", "--instance", "y/exchange-binance"], /listed twice/],
    [["--postgres-url", "::", "--instance", "exchange-simulator/exchange-binance"], /not a URL/],
  ])("refuses %j with exit code 2", async (argv, message) => {
    const r = io({ ...env, TSE_PG_PASSWORD_PUBLIC: PG_PW, TSE_REDIS_PASSWORD_PUBLIC: REDIS_PW });
    expect(await runProvisionCli(argv, r)).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.out).toBe("");
  });

  it("names the missing secret", async () => {
    const r = io({});
    expect(await runProvisionCli(["--print", "--instance", "trading-engine/trading-engine-lh"], r)).toBe(2);
    expect(r.err).toContain("TSE_PG_PASSWORD_TRADING_ENGINE_LH");
  });
});
