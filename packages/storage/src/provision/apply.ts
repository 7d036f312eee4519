/** Executes a provisioning plan against the servers (as an admin: a superuser / the Redis default user). */
import { Redis } from "../redis/ioredis.js";
import pg from "pg";
import type { ProvisionPlan } from "./plan.js";

/** All statements in one transaction: the database ends up fully provisioned or untouched. */
export async function applyPostgres(adminUrl: string, plan: ProvisionPlan): Promise<void> {
  if (!plan.postgres) return;
  const client = new pg.Client({ connectionString: adminUrl });
  client.on("error", () => {});
  await client.connect();
  try {
    const db = await client.query<{ db: string }>("SELECT current_database() AS db");
    if (db.rows[0]?.db !== plan.database) {
      throw new Error(`connected to database ${db.rows[0]?.db}, but the plan is for ${plan.database}`);
    }
    await client.query("BEGIN");
    for (const statement of plan.postgres.statements) {
      if (!statement.startsWith("--")) await client.query(statement);
    }
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    await client.end().catch(() => {});
  }
}

export async function applyRedis(adminUrl: string, plan: ProvisionPlan, options: { aclSave?: boolean } = {}): Promise<void> {
  if (!plan.redis) return;
  const redis = new Redis(adminUrl, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  redis.on("error", () => {});
  await redis.connect();
  try {
    for (const u of plan.redis.users) await redis.call("ACL", "SETUSER", u.user, ...u.rules);
    if (options.aclSave) await redis.call("ACL", "SAVE");
  } finally {
    redis.disconnect();
  }
}
