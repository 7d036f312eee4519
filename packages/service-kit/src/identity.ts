/**
 * Instance identity — the one rule (architecture §4). Every per-instance name in the ecosystem (PostgreSQL
 * schema, Redis key prefix, discovery key, metric label) is derived here and nowhere else.
 *
 *   SERVICE_INSTANCE_NAME: letters, digits and '-', 1–63 chars, alphanumeric at both ends; lower-cased.
 *   schema  = name with '-' → '_'      (exchange-sim-001 → exchange_sim_001)
 *   prefix  = name + ':'               (exchange-sim-001:orders:…)
 *
 * Both maps are injective: the accepted names contain no '_' and no ':', so '-' → '_' can be undone and the
 * first ':' of a key always ends the prefix. (The seeds' `exchange:sim:001:` form was not: `exchange-sim` +
 * key `001:x` collided with `exchange-sim-001` + key `x`.)
 */

export const INSTANCE_NAME_RULE =
  "letters, digits and '-' only, 1-63 characters, starting and ending with a letter or digit (it is lower-cased)";

const INSTANCE_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

export interface InstanceIdentity {
  /** Fixed per service: exchange-simulator, trading-engine, test-coordinator. */
  readonly service: string;
  /** Lower-cased SERVICE_INSTANCE_NAME (defaults to the service name). */
  readonly instanceName: string;
  /** PostgreSQL schema of this instance. */
  readonly schema: string;
  /** Prefix of every Redis key this instance owns (ends in ':'). */
  readonly redisPrefix: string;
  /** This instance's service-discovery record key (outside the instance prefix on purpose). */
  readonly discoveryKey: string;
}

export class InvalidInstanceNameError extends Error {
  constructor(
    readonly variable: string,
    readonly value: string,
  ) {
    super(`${variable}=${JSON.stringify(value)} is invalid: ${INSTANCE_NAME_RULE}`);
    this.name = "InvalidInstanceNameError";
  }
}

/** Validates and normalises an instance name; throws InvalidInstanceNameError naming the variable. */
export function normalizeInstanceName(value: string, variable = "SERVICE_INSTANCE_NAME"): string {
  if (!INSTANCE_NAME.test(value)) throw new InvalidInstanceNameError(variable, value);
  return value.toLowerCase();
}

export const schemaFor = (instanceName: string): string => instanceName.replaceAll("-", "_");
export const redisPrefixFor = (instanceName: string): string => `${instanceName}:`;
export const discoveryKeyFor = (service: string, instanceName: string): string =>
  `discovery:${service}:${instanceName}`;

/**
 * Resolves the identity of a service instance. An empty or unset SERVICE_INSTANCE_NAME means the singleton
 * instance, named after the service.
 */
export function resolveIdentity(service: string, instanceNameValue?: string | null): InstanceIdentity {
  const service_ = normalizeInstanceName(service, "SERVICE_NAME");
  const raw = instanceNameValue === undefined || instanceNameValue === null || instanceNameValue === "" ? service_ : instanceNameValue;
  const instanceName = normalizeInstanceName(raw);
  return Object.freeze({
    service: service_,
    instanceName,
    schema: schemaFor(instanceName),
    redisPrefix: redisPrefixFor(instanceName),
    discoveryKey: discoveryKeyFor(service_, instanceName),
  });
}
