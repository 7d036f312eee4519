/**
 * The SQL that isolates instances inside one PostgreSQL database:
 *  - database, once: nobody but granted roles may connect or create temporary tables; nobody may create in or
 *    use `public` (every instance works in its own schema only);
 *  - per instance: a LOGIN role named like its schema (no superuser, no CREATEDB/CREATEROLE/REPLICATION/
 *    BYPASSRLS), CONNECT on the database and nothing else on it, owner of its own schema, with PUBLIC's
 *    default rights on that schema revoked — other instances' roles get "permission denied".
 * Idempotent: running it again only resets passwords and re-asserts the grants.
 */
import type { InstanceIdentity } from "@tse/service-kit/identity";
import { assertInstanceSchema, quoteIdent, quoteLiteral } from "../postgres/identifier.js";

/** The role an instance logs in as: its schema's name. */
export const postgresRoleFor = (identity: InstanceIdentity): string => identity.schema;

export function databaseStatements(database: string): string[] {
  const db = quoteIdent(database);
  return [
    `REVOKE ALL ON DATABASE ${db} FROM PUBLIC;`,
    "REVOKE ALL ON SCHEMA public FROM PUBLIC;",
  ];
}

export function instanceStatements(identity: InstanceIdentity, database: string, passwordVerifier: string): string[] {
  assertInstanceSchema(identity.schema);
  const role = quoteIdent(postgresRoleFor(identity));
  const schema = quoteIdent(identity.schema);
  const db = quoteIdent(database);
  return [
    `-- ${identity.service}/${identity.instanceName}`,
    // CREATE ROLE has no IF NOT EXISTS; the exception keeps the script re-runnable.
    `DO $tse$ BEGIN CREATE ROLE ${role}; EXCEPTION WHEN duplicate_object THEN NULL; END $tse$;`,
    `ALTER ROLE ${role} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${quoteLiteral(passwordVerifier)};`,
    `ALTER ROLE ${role} IN DATABASE ${db} SET search_path TO ${schema};`,
    `GRANT CONNECT ON DATABASE ${db} TO ${role};`,
    `CREATE SCHEMA IF NOT EXISTS ${schema} AUTHORIZATION ${role};`,
    `ALTER SCHEMA ${schema} OWNER TO ${role};`,
    `REVOKE ALL ON SCHEMA ${schema} FROM PUBLIC;`,
  ];
}
