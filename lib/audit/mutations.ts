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

/**
 * Appends one audit row. Call it with the transaction client of the change it records, so both commit or neither.
 */
export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  const ref = entry.actor ? actorRef(entry.actor) : null;
  const before = entry.before === undefined ? undefined : toJsonValue(entry.before);
  const after = entry.after === undefined ? undefined : toJsonValue(entry.after);
  const diff = before !== undefined || after !== undefined ? jsonDiff(before ?? null, after ?? null) : undefined;
  await tx.auditLog.create({
    data: {
      actorType: ref?.actorType ?? "anonymous",
      actorId: ref?.actorId ?? null,
      actorLabel: ref?.actorLabel ?? entry.anonymousLabel ?? "anonymous",
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      before: before as Prisma.InputJsonValue | undefined,
      after: after as Prisma.InputJsonValue | undefined,
      diff: diff as Prisma.InputJsonValue | undefined,
      ip: entry.meta?.ip ?? null,
      userAgent: entry.meta?.userAgent?.slice(0, 512) ?? null,
    },
  });
}
