/**
 * The SCRAM verifier we compute must be one PostgreSQL authenticates against. The shared server trusts every
 * loopback connection, so this runs on a private cluster that requires scram-sha-256 passwords.
 */
import { resolveIdentity } from "@tse/service-kit/identity";
import { privatePostgresAvailable, startPrivatePostgres } from "@tse/testkit";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { runProvisionCli } from "./cli.js";

describe.skipIf(!privatePostgresAvailable())("SCRAM verifiers (private cluster with password authentication)", () => {
  it("a provisioned role logs in with its password and is refused with another", async () => {
    const server = await startPrivatePostgres({ authHost: "scram-sha-256" });
    const id = resolveIdentity("exchange-simulator", "scram-check");
    const password = "correct-horse-battery-staple-42";
    try {
      let err = "";
      const code = await runProvisionCli(["--postgres-url", server.url, "--instance", "exchange-simulator/scram-check"], {
        env: { TSE_PG_PASSWORD_SCRAM_CHECK: password },
        write: () => {},
        error: (t) => (err += t),
      });
      expect(err).toBe("");
      expect(code).toBe(0);
      const login = async (pw: string) => {
        const u = new URL(server.url);
        u.username = id.schema;
        u.password = pw;
        const c = new pg.Client({ connectionString: u.toString() });
        try {
          await c.connect();
          return (await c.query<{ who: string; path: string }>("SELECT current_user AS who, current_setting('search_path') AS path")).rows[0];
        } finally {
          await c.end().catch(() => {});
        }
      };
      expect(await login(password)).toEqual({ who: "scram_check", path: "scram_check" }); // ALTER ROLE … SET search_path
      await expect(login("wrong-password-0123456789")).rejects.toMatchObject({ code: "28P01" });
    } finally {
      await server.destroy();
    }
  });
});
