/**
 * The Redis ACL user that confines an instance (Redis ≥ 7: %R/%W key permissions):
 *  - keys: read/write `<instance>:*`, read `discovery:*`, write only `discovery:<service>:<instance>`;
 *  - commands: data-type reads and writes, keyspace (SCAN, EXPIRE, DEL…), transactions (WATCH/MULTI) and
 *    connection commands — minus @dangerous (KEYS, FLUSHALL, CONFIG, INFO…), @admin and @scripting
 *    (a script or FUNCTION could touch keys the rules never see written down);
 *  - no pub/sub channels.
 * The password is given as its SHA-256 (`#…`), so the plaintext never reaches the server's config or logs.
 */
import type { InstanceIdentity } from "@tse/service-kit/identity";

/** The user an instance authenticates as: its instance name. */
export const redisUserFor = (identity: InstanceIdentity): string => identity.instanceName;

export function redisAclRules(identity: InstanceIdentity, passwordSha256: string): string[] {
  if (!/^[0-9a-f]{64}$/.test(passwordSha256)) throw new RangeError("passwordSha256 must be 64 lower-case hex digits");
  return [
    "reset",
    "on",
    `#${passwordSha256}`,
    "resetchannels",
    `~${identity.redisPrefix}*`,
    "%R~discovery:*",
    `%W~${identity.discoveryKey}`,
    "-@all",
    "+@read",
    "+@write",
    "+@keyspace",
    "+@transaction",
    "+@connection",
    "-@dangerous",
    "-@admin",
    "-@scripting",
  ];
}

/** One line for redis-cli: `ACL SETUSER <user> <rules…>` (no token needs quoting). */
export const aclSetUserLine = (identity: InstanceIdentity, passwordSha256: string): string =>
  ["ACL", "SETUSER", redisUserFor(identity), ...redisAclRules(identity, passwordSha256)].join(" ");
