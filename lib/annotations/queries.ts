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
