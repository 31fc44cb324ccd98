/**
 * "A call a person made" over cloudtrail_event columns, as SQL text and as its JavaScript twin (pure). The SQL is
 * HUMAN_EVENT_CONDITION (lib/events/sql.ts: timeline lanes, reconstruction, impact) and the rollup's `human`
 * dimension (lib/rollup/sql.ts, recounted from the events); the twin counts the same dimension while the ingest builds
 * its COPY rows (lib/rollup/counts.ts), so the two must agree row for row: the rollup's recount check
 * (test/support/rollup-check.ts, written independently) compares them after every ingest test.
 *
 * It is a superset of lib/correlation/principals.ts isHumanEvent (which also reads the raw record).
 */

export const HUMAN_PRINCIPAL_TYPES: readonly string[] = [
  "Root",
  "IAMUser",
  "SAMLUser",
  "FederatedUser",
  "IdentityCenterUser",
  "WebIdentityUser",
];

/**
 * The condition on the row aliased `alias` (unqualified column names when omitted); never NULL (a NULL column makes
 * its OR branch false).
 */
export function humanCallSql(alias?: string): string {
  const c = (column: string) => (alias ? `${alias}.${column}` : column);
  const types = HUMAN_PRINCIPAL_TYPES.map((t) => `'${t}'`).join(",");
  return `coalesce(${c("human_name")} IS NOT NULL
  OR ${c("principal_type")} IN (${types})
  OR ${c("role_arn")} LIKE '%AWSReservedSSO\\_%' OR ${c("user_agent")} LIKE '%Mozilla/%' OR ${c("user_agent")} = 'AWS Internal', false)`;
}

export interface HumanCallFields {
  humanName: string | null;
  principalType: string | null;
  roleArn: string | null;
  userAgent: string | null;
}

/** The same condition on a normalized event. */
export function isHumanCall(e: HumanCallFields): boolean {
  return (
    e.humanName !== null ||
    (e.principalType !== null && HUMAN_PRINCIPAL_TYPES.includes(e.principalType)) ||
    (e.roleArn?.includes("AWSReservedSSO_") ?? false) ||
    (e.userAgent?.includes("Mozilla/") ?? false) ||
    e.userAgent === "AWS Internal"
  );
}
