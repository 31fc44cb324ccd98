import "server-only";
import type { Store } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { type AuditFilter, actionPrefix } from "./filters";
import { type AuditRow, auditRow } from "./row";

export const AUDIT_PAGE_SIZE = 50;

export function auditWhere(f: AuditFilter): Prisma.AuditLogWhereInput {
  const and: Prisma.AuditLogWhereInput[] = [];
  if (f.actor) and.push({ OR: [{ actorId: f.actor }, { actorLabel: { contains: f.actor, mode: "insensitive" } }] });
  if (f.action) {
    const prefix = actionPrefix(f.action);
    and.push(prefix === null ? { action: f.action } : { action: { startsWith: prefix } });
  }
  if (f.targetType) and.push({ targetType: f.targetType });
  if (f.targetId) and.push({ targetId: f.targetId });
  if (f.from || f.to) and.push({ at: { ...(f.from ? { gte: new Date(f.from) } : {}), ...(f.to ? { lt: new Date(f.to) } : {}) } });
  return and.length ? { AND: and } : {};
}

/** One page of the audit log, newest first, with the total for the pager. */
export async function listAudit(
  store: Store,
  filter: AuditFilter,
  page: { offset: number; limit?: number } = { offset: 0 },
): Promise<{ rows: AuditRow[]; total: number }> {
  const where = auditWhere(filter);
  const [rows, total] = await Promise.all([
    store.prisma.auditLog.findMany({
      where,
      orderBy: [{ at: "desc" }, { id: "desc" }],
      skip: page.offset,
      take: page.limit ?? AUDIT_PAGE_SIZE,
    }),
    store.prisma.auditLog.count({ where }),
  ]);
  return { rows: rows.map(auditRow), total };
}

/** The distinct actions recorded (for the filter's suggestions). */
export async function auditActions(store: Store): Promise<string[]> {
  const rows = await store.prisma.auditLog.findMany({ distinct: ["action"], select: { action: true }, orderBy: { action: "asc" } });
  return rows.map((r) => r.action);
}

/**
 * Every row matching the filter, oldest first, read in keyset batches (memory stays bounded whatever the log's
 * size): the export streams these.
 */
export async function* iterateAudit(store: Store, filter: AuditFilter, batch = 1000): AsyncGenerator<AuditRow> {
  const where = auditWhere(filter);
  let after: bigint | null = null;
  for (;;) {
    const rows: Awaited<ReturnType<typeof store.prisma.auditLog.findMany>> = await store.prisma.auditLog.findMany({
      where: after === null ? where : { AND: [where, { id: { gt: after } }] },
      orderBy: { id: "asc" },
      take: batch,
    });
    for (const r of rows) yield auditRow(r);
    if (rows.length < batch) return;
    after = rows[rows.length - 1].id;
  }
}
