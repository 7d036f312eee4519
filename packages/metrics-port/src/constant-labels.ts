import { CONSTANT_LABEL_NAMES, MetricDeclarationError } from "./names.js";

/**
 * Labels every series carries, so one dashboard can tell instances apart without relying on Prometheus's
 * target labels (`instance` and `job` are never emitted: a clash would produce `exported_instance`).
 */
export interface ConstantLabels {
  readonly service: string;
  readonly instance_name: string;
  readonly version: string;
}

export function validateConstantLabels(labels: ConstantLabels): ConstantLabels {
  for (const name of CONSTANT_LABEL_NAMES) {
    const value = (labels as unknown as Record<string, unknown>)[name];
    if (typeof value !== "string" || value === "") {
      throw new MetricDeclarationError("<constant labels>", `constant label "${name}" must be a non-empty string`);
    }
  }
  const extra = Object.keys(labels).filter((k) => !(CONSTANT_LABEL_NAMES as readonly string[]).includes(k));
  if (extra.length > 0) {
    throw new MetricDeclarationError("<constant labels>", `unknown constant labels: ${extra.join(", ")}`);
  }
  return Object.freeze({ service: labels.service, instance_name: labels.instance_name, version: labels.version });
}
