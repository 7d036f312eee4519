/**
 * What provisioning a list of instances means, as data: the SQL for one database and the ACL rules per
 * user. `--print` renders it; apply.ts executes it. Secrets are read here and turned into verifiers at once.
 */
import type { InstanceIdentity } from "@tse/service-kit/identity";
import { databaseStatements, instanceStatements, postgresRoleFor } from "./postgres-sql.js";
import { aclSetUserLine, redisAclRules, redisUserFor } from "./redis-acl.js";
import { redisPasswordHash, scramSha256Verifier } from "./scram.js";
import { readSecret } from "./secrets.js";

export interface ProvisionPlan {
  readonly database: string;
  readonly postgres: { readonly statements: readonly string[]; readonly roles: readonly string[] } | undefined;
  readonly redis: { readonly users: readonly { readonly user: string; readonly rules: readonly string[]; readonly line: string }[] } | undefined;
}

export interface PlanOptions {
  readonly identities: readonly InstanceIdentity[];
  readonly database: string;
  readonly postgres: boolean;
  readonly redis: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export function planProvisioning(o: PlanOptions): ProvisionPlan {
  const seen = new Set<string>();
  for (const id of o.identities) {
    if (seen.has(id.instanceName)) throw new RangeError(`instance ${id.instanceName} is listed twice`);
    seen.add(id.instanceName);
  }
  return {
    database: o.database,
    postgres: o.postgres
      ? {
          roles: o.identities.map(postgresRoleFor),
          statements: [
            ...databaseStatements(o.database),
            ...o.identities.flatMap((id) => instanceStatements(id, o.database, scramSha256Verifier(readSecret("PG", id, o.env)))),
          ],
        }
      : undefined,
    redis: o.redis
      ? {
          users: o.identities.map((id) => {
            const hash = redisPasswordHash(readSecret("REDIS", id, o.env));
            return { user: redisUserFor(id), rules: redisAclRules(id, hash), line: aclSetUserLine(id, hash) };
          }),
        }
      : undefined,
  };
}

/**
 * The `--print` form: a psql script, then redis-cli lines. With only one server, the output can be piped
 * as is (`| psql -v ON_ERROR_STOP=1 -1`, `| redis-cli`); with both, each part is headed by a comment line.
 */
export function renderPlan(plan: ProvisionPlan): string {
  const out: string[] = [];
  if (plan.postgres) {
    out.push(`-- PostgreSQL: run against database ${JSON.stringify(plan.database)} with psql -v ON_ERROR_STOP=1 -1`);
    out.push(...plan.postgres.statements, "");
  }
  if (plan.redis) {
    if (plan.postgres) out.push("# Redis ACL: pipe these lines into redis-cli (then ACL SAVE if the server uses an aclfile)");
    out.push(...plan.redis.users.map((u) => u.line), "");
  }
  return out.join("\n");
}
