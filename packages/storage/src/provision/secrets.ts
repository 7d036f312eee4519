/**
 * Where provisioning passwords come from: the environment or files, never the repository.
 *   TSE_PG_PASSWORD_<SCHEMA>      or TSE_PG_PASSWORD_<SCHEMA>_FILE      (e.g. TSE_PG_PASSWORD_EXCHANGE_BINANCE)
 *   TSE_REDIS_PASSWORD_<SCHEMA>   or TSE_REDIS_PASSWORD_<SCHEMA>_FILE
 * The same values go into that instance's POSTGRES_URL / REDIS_URL (or POSTGRES_PASSWORD_FILE / REDIS_PASSWORD_FILE).
 */
import { readFileSync } from "node:fs";
import type { InstanceIdentity } from "@tse/service-kit/identity";
import { checkPassword } from "./scram.js";

export type SecretKind = "PG" | "REDIS";

export const secretVariable = (kind: SecretKind, identity: InstanceIdentity): string =>
  `TSE_${kind}_PASSWORD_${identity.schema.toUpperCase()}`;

export class MissingSecretError extends Error {
  override name = "MissingSecretError";
}

export function readSecret(kind: SecretKind, identity: InstanceIdentity, env: Readonly<Record<string, string | undefined>>): string {
  const name = secretVariable(kind, identity);
  let value = env[name];
  const file = env[`${name}_FILE`];
  if (!value && file) {
    try {
      value = readFileSync(file, "utf8").replace(/\r?\n$/, "");
    } catch (err) {
      throw new MissingSecretError(`${name}_FILE=${file} cannot be read: ${(err as Error).message}`);
    }
  }
  if (!value) throw new MissingSecretError(`set ${name} (or ${name}_FILE) to the ${kind === "PG" ? "PostgreSQL" : "Redis"} password of ${identity.instanceName}`);
  checkPassword(value, name);
  return value;
}
