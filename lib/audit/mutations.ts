import "server-only";
import { type Actor, actorRef } from "@/lib/auth/actor";
import type { Store } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { RequestMeta } from "@/lib/http/route";
import { jsonDiff, toJsonValue } from "./diff";
import { auditRetentionDays, retentionCutoff } from "./retention";

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

export const RETENTION_ACTOR: Actor = { kind: "system", name: "audit-retention" };

/**
 * Deletes audit rows older than the retention period and records an `audit.purge` row, in one transaction. The
 * table's trigger refuses DELETE unless the transaction has set `aftermath.audit_purge = 'on'` (SET LOCAL: it ends
 * with the transaction). `days` null = keep forever: nothing is done.
 */
export async function purgeAudit(
  store: Store,
  opts: { days?: number | null; now?: Date; actor?: Actor } = {},
): Promise<{ deleted: number; cutoff: string } | null> {
  const days = opts.days === undefined ? auditRetentionDays() : opts.days;
  if (days === null) return null;
  const cutoff = retentionCutoff(days, opts.now);
  return store.prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SET LOCAL aftermath.audit_purge = 'on'`;
    const { count } = await tx.auditLog.deleteMany({ where: { at: { lt: cutoff } } });
    await recordAudit(tx, {
      actor: opts.actor ?? RETENTION_ACTOR,
      action: "audit.purge",
      targetType: "audit_log",
      after: { deleted: count, olderThan: cutoff.toISOString(), retentionDays: days },
    });
    return { deleted: count, cutoff: cutoff.toISOString() };
  });
}
