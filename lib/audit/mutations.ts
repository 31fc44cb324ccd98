import "server-only";
import { type Actor, actorRef } from "@/lib/auth/actor";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { RequestMeta } from "@/lib/http/route";
import { jsonDiff, toJsonValue } from "./diff";

export type AuditEntry = {
  /** null for an anonymous request (a failed sign-in) */
  actor: Actor | null;
  /** dotted verb: auth.sign_in, auth.sign_in_failed, user.create, user.role_change, token.create, token.revoke,
   * token.use_ingest, ingest.source, phase.edit, annotation.create, postmortem.save, safeguard.apply, … */
  action: string;
  targetType?: string;
  targetId?: string;
  before?: unknown;
  after?: unknown;
  meta?: RequestMeta;
  /** shown when actor is null (e.g. the email a failed sign-in tried) */
  anonymousLabel?: string;
};

type Tx = Pick<Prisma.TransactionClient, "auditLog">;

/** The audit_log columns for an entry (pure): what recordAudit inserts, and what bulk writers insert by SQL. */
export function auditColumns(entry: AuditEntry) {
  const ref = entry.actor ? actorRef(entry.actor) : null;
  const before = entry.before === undefined ? undefined : toJsonValue(entry.before);
  const after = entry.after === undefined ? undefined : toJsonValue(entry.after);
  const diff = before !== undefined || after !== undefined ? jsonDiff(before ?? null, after ?? null) : undefined;
  return {
    actorType: ref?.actorType ?? "anonymous",
    actorId: ref?.actorId ?? null,
    actorLabel: ref?.actorLabel ?? entry.anonymousLabel ?? "anonymous",
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    before,
    after,
    diff,
    ip: entry.meta?.ip ?? null,
    userAgent: entry.meta?.userAgent?.slice(0, 512) ?? null,
  };
}

/** auditColumns with the table's snake_case names, for `jsonb_to_recordset` inserts (lib/ingest). */
export function auditSqlRow(entry: AuditEntry) {
  const c = auditColumns(entry);
  return {
    actor_type: c.actorType,
    actor_id: c.actorId,
    actor_label: c.actorLabel,
    action: c.action,
    target_type: c.targetType,
    target_id: c.targetId,
    before: c.before ?? null,
    after: c.after ?? null,
    diff: c.diff ?? null,
    ip: c.ip,
    user_agent: c.userAgent,
  };
}

/**
 * Appends one audit row. Call it with the transaction client of the change it records, so both commit or neither.
 */
export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  const c = auditColumns(entry);
  await tx.auditLog.create({
    data: {
      ...c,
      before: c.before as Prisma.InputJsonValue | undefined,
      after: c.after as Prisma.InputJsonValue | undefined,
      diff: c.diff as Prisma.InputJsonValue | undefined,
    },
  });
}
