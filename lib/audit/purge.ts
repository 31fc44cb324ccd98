import "server-only";
import type { Actor } from "@/lib/auth/actor";
import type { Store } from "@/lib/db";
import { recordAudit } from "./mutations";
import { auditRetentionDays, retentionCutoff } from "./retention";

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

const GLOBAL_KEY = Symbol.for("aftermath.auditRetention");
type G = typeof globalThis & { [GLOBAL_KEY]?: NodeJS.Timeout };

/** Purges now and then daily (once per process; the timer does not keep the process alive). */
export function startAuditRetention(getStore: () => Promise<Store>): void {
  const g = globalThis as G;
  if (g[GLOBAL_KEY] || auditRetentionDays() === null) return;
  const run = () =>
    getStore()
      .then((s) => purgeAudit(s))
      .then((r) => {
        if (r?.deleted) console.log(`[audit] retention: purged ${r.deleted} row(s) older than ${r.cutoff}`);
      })
      .catch((e) => console.error("[audit] retention purge failed:", e));
  void run();
  g[GLOBAL_KEY] = setInterval(run, 86_400_000);
  g[GLOBAL_KEY].unref();
}
