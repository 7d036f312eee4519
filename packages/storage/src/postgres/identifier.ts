/**
 * Quoting for the few places SQL text must contain a name (schema, role, database) or a literal (a password
 * verifier). Values never go through here — they are query parameters.
 */

/** A double-quoted identifier: safe for any name PostgreSQL accepts. */
export function quoteIdent(name: string): string {
  if (name.length === 0 || name.length > 63 || name.includes("\u0000")) {
    throw new RangeError(`${JSON.stringify(name)} is not a valid PostgreSQL identifier (1-63 characters, no NUL)`);
  }
  return `"${name.replaceAll('"', '""')}"`;
}

/** A standard-conforming string literal. */
export function quoteLiteral(value: string): string {
  if (value.includes("\u0000")) throw new RangeError("a PostgreSQL literal cannot contain NUL");
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * Refuses schema names an instance must not own: `public` (shared by everyone), `information_schema`, and
 * `pg_*` (reserved by PostgreSQL: CREATE SCHEMA refuses them). Instance names map to these only by accident
 * (`public`, `pg-stats`), so the error says which instance name to change.
 */
export function assertInstanceSchema(schema: string): void {
  if (!/^[a-z0-9_]{1,63}$/.test(schema)) {
    throw new RangeError(`schema ${JSON.stringify(schema)} must be lower-case letters, digits and '_' (1-63)`);
  }
  if (schema === "public" || schema === "information_schema" || schema.startsWith("pg_")) {
    throw new RangeError(
      `instance schema ${JSON.stringify(schema)} is reserved by PostgreSQL; choose another SERVICE_INSTANCE_NAME`,
    );
  }
}
