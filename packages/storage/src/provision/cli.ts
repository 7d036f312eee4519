/**
 * tse-provision — creates (or prints) what isolates instances on shared servers.
 *
 *   tse-provision --postgres-url postgres://admin@db/trading --redis-url redis://default@cache:6379 \
 *     --instance exchange-simulator/exchange-binance --instance exchange-simulator/exchange-okx
 *   tse-provision --print --instance trading-engine/trading-engine-lh     # SQL + ACL lines, no connection
 *
 * Passwords: TSE_PG_PASSWORD_<SCHEMA> / TSE_REDIS_PASSWORD_<SCHEMA> (or *_FILE), see secrets.ts.
 */
import { parseArgs } from "node:util";
import { InvalidInstanceNameError, type InstanceIdentity, resolveIdentity } from "@tse/service-kit/identity";
import { applyPostgres, applyRedis } from "./apply.js";
import { planProvisioning, renderPlan } from "./plan.js";
import { MissingSecretError } from "./secrets.js";

export const USAGE = `usage: tse-provision --instance <service>[/<instance>] [--instance …]
                     [--postgres-url <admin url>] [--redis-url <admin url>] [--print] [--acl-save]

  --instance      an instance to provision; repeatable (exchange-simulator/exchange-binance)
  --postgres-url  admin connection; its database is the one provisioned (default database for --print: postgres)
  --redis-url     admin connection (a user allowed ACL SETUSER)
  --print         print the SQL and the ACL lines instead of applying (for the servers given, or both)
  --acl-save      run ACL SAVE after applying (servers with an aclfile)

passwords come from TSE_PG_PASSWORD_<SCHEMA> and TSE_REDIS_PASSWORD_<SCHEMA> (or <name>_FILE),
e.g. TSE_PG_PASSWORD_EXCHANGE_BINANCE; at least 16 printable ASCII characters.`;

export interface CliIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  write(text: string): void;
  error(text: string): void;
}

class UsageError extends Error {}

function parseInstance(spec: string): InstanceIdentity {
  const [service, instance, ...rest] = spec.split("/");
  if (!service || rest.length > 0) throw new UsageError(`--instance ${JSON.stringify(spec)}: expected <service>/<instance>`);
  return resolveIdentity(service, instance);
}

function databaseOf(url: string | undefined): string {
  if (!url) return "postgres";
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError("--postgres-url is not a URL");
  }
  const name = decodeURIComponent(parsed.pathname.replace(/^\//, ""));
  return name || "postgres";
}

/** Runs the CLI; resolves the exit code (0 ok, 1 failed to apply, 2 bad usage or input). */
export async function runProvisionCli(argv: readonly string[], io: CliIo): Promise<number> {
  let plan: ReturnType<typeof planProvisioning>;
  let values: { instance?: string[]; "postgres-url"?: string; "redis-url"?: string; print?: boolean; "acl-save"?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        instance: { type: "string", multiple: true },
        "postgres-url": { type: "string" },
        "redis-url": { type: "string" },
        print: { type: "boolean" },
        "acl-save": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
    if (values.help) {
      io.write(`${USAGE}\n`);
      return 0;
    }
    const identities = (values.instance ?? []).map(parseInstance);
    if (identities.length === 0) throw new UsageError("at least one --instance is required");
    const pgUrl = values["postgres-url"];
    const redisUrl = values["redis-url"];
    if (!values.print && !pgUrl && !redisUrl) throw new UsageError("give --postgres-url and/or --redis-url, or --print");
    const both = values.print && !pgUrl && !redisUrl;
    plan = planProvisioning({
      identities,
      database: databaseOf(pgUrl),
      postgres: Boolean(pgUrl) || Boolean(both),
      redis: Boolean(redisUrl) || Boolean(both),
      env: io.env,
    });
  } catch (err) {
    const usage = err instanceof UsageError || String((err as { code?: unknown }).code).startsWith("ERR_PARSE_ARGS");
    const input = err instanceof InvalidInstanceNameError || err instanceof MissingSecretError || err instanceof RangeError;
    if (!usage && !input) throw err;
    io.error(`tse-provision: ${(err as Error).message}\n${usage ? `\n${USAGE}\n` : ""}`);
    return 2;
  }
  if (values.print) {
    io.write(renderPlan(plan));
    return 0;
  }
  try {
    if (values["postgres-url"]) {
      await applyPostgres(values["postgres-url"], plan);
      io.write(`postgres: provisioned roles ${plan.postgres!.roles.join(", ")} in database ${plan.database}\n`);
    }
    if (values["redis-url"]) {
      await applyRedis(values["redis-url"], plan, { aclSave: values["acl-save"] });
      io.write(`redis: provisioned ACL users ${plan.redis!.users.map((u) => u.user).join(", ")}\n`);
    }
    return 0;
  } catch (err) {
    io.error(`tse-provision: applying failed: ${(err as Error).message}\n`);
    return 1;
  }
}
