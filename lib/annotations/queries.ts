import "server-only";
import type { Store } from "@/lib/db";
import { type AnnotationView, isUuid, toAnnotationView } from "./model";

/** Reads of `annotation`. */

export async function listAnnotations(
  store: Store,
  incidentId: string,
  opts: { includeDeleted?: boolean } = {},
): Promise<AnnotationView[]> {
  if (!isUuid(incidentId)) return [];
  const rows = await store.prisma.annotation.findMany({
    where: { incidentId, ...(opts.includeDeleted ? {} : { deletedAt: null }) },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map(toAnnotationView);
}

export async function getAnnotation(store: Store, id: string): Promise<AnnotationView | null> {
  if (!isUuid(id)) return null;
  const row = await store.prisma.annotation.findUnique({ where: { id } });
  return row ? toAnnotationView(row) : null;
}

/** Tags already used anywhere, most used first (autocomplete), optionally by prefix. */
export async function tagSuggestions(store: Store, prefix = "", limit = 20): Promise<string[]> {
  const rows = await store.prisma.annotation.groupBy({
    by: ["tag"],
    where: { kind: "tag", deletedAt: null, tag: prefix ? { startsWith: prefix, mode: "insensitive" } : { not: null } },
    _count: { tag: true },
    orderBy: [{ _count: { tag: "desc" } }, { tag: "asc" }],
    take: Math.max(1, Math.min(100, limit)),
  });
  return rows.map((r) => r.tag).filter((t): t is string => !!t);
}

/** Time and name of the events annotations anchor to (for the timeline and the key-event list). */
export async function annotatedEventFacts(
  store: Store,
  list: readonly AnnotationView[],
): Promise<Map<string, { eventTime: string; eventName: string }>> {
  const ids = [...new Set(list.map((a) => a.eventId).filter((x): x is string => !!x))].slice(0, 2000);
  if (!ids.length) return new Map();
  const rows = await store.prisma.cloudTrailEvent.findMany({
    where: { eventId: { in: ids } },
    select: { eventId: true, eventTime: true, eventName: true },
  });
  return new Map(rows.map((r) => [r.eventId, { eventTime: r.eventTime.toISOString(), eventName: r.eventName }]));
}

/** Annotations on one CloudTrail event across incidents, and the incidents whose window holds it (the explorer). */
export async function eventAnnotationContext(
  store: Store,
  eventId: string,
): Promise<{ annotations: AnnotationView[]; incidents: { id: string; title: string }[] }> {
  const [rows, event] = await Promise.all([
    store.prisma.annotation.findMany({ where: { eventId, deletedAt: null }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], take: 500 }),
    // eventID is unique per (eventID, eventTime): the first stored copy if one ever came with another time
    store.prisma.cloudTrailEvent.findFirst({ where: { eventId }, orderBy: { id: "asc" }, select: { eventTime: true, accountId: true } }),
  ]);
  const incidents = event
    ? await store.prisma.$queryRaw<{ id: string; title: string }[]>`
        SELECT id::text AS id, title FROM incident
        WHERE ${eventId} = ANY(destructive_event_ids) OR trigger_event_id = ${eventId} OR recovery_event_id = ${eventId}
           OR (started_at <= ${event.eventTime} AND coalesce(ended_at, started_at + interval '7 days') >= ${event.eventTime}
               AND (account_id IS NULL OR ${event.accountId}::text IS NULL OR account_id = ${event.accountId}))
        ORDER BY started_at DESC LIMIT 20`
    : [];
  return { annotations: rows.map(toAnnotationView), incidents };
}
