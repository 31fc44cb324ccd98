import { z } from "zod";

/**
 * One risk vocabulary shared by CloudTrail events and parsed agent commands.
 * - read: no state change
 * - write: creates or changes state
 * - destructive: deletes, terminates, stops, disables or irreversibly changes state
 * - privilege: IAM/STS/Organizations/KMS grants and policy changes
 */
export const RiskClass = z.enum(["read", "write", "destructive", "privilege"]);
export type RiskClass = z.infer<typeof RiskClass>;

export const RISK_ORDER: Record<RiskClass, number> = { read: 0, write: 1, privilege: 2, destructive: 3 };

/** The more severe of two risk classes. */
export function maxRisk(a: RiskClass, b: RiskClass): RiskClass {
  return RISK_ORDER[a] >= RISK_ORDER[b] ? a : b;
}
