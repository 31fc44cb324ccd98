import "server-only";
import type { CorrelationEvent, EventLink } from "@/lib/correlation/types";
import type { Store } from "@/lib/db";
import { withLock } from "@/lib/db/advisory-lock";
import type { Prisma } from "@/lib/generated/prisma/client";
import { followingEventQueries, type IncidentDetail, reconstructIncidents } from "@/lib/incidents";
import { agentSessionRef, assignIncidentIds, type StoredIncidentIdentity } from "@/lib/incidents/identity";
import { RECONSTRUCTION_HORIZON_MS } from "@/lib/incidents/types";
import { incidentStartedBetween, loadEvents, loadEventsById, loadLinks, loadSessions } from "./queries";

/** Sessions with at least one link to a destructive event (the only ones that can seed an incident or a blocked attempt). */
async function seedSessionIds(store: Store): Promise<string[]> {
  const rows = await store.prisma.$queryRaw<{ id: string }[]>`
    SELECT DISTINCT l.session_id::text AS id FROM action_event_link l
    JOIN cloudtrail_event e ON e.event_id = l.event_id WHERE e.risk = 'destructive' ORDER BY 1`;
  return rows.map((r) => r.id);
}

/**
 * Rebuilds every incident under the global reconstruct lock (lib/db/advisory-lock.ts): the reads happen after the
 * lock is taken, so of two processes rebuilding at once the later one starts from everything the earlier one saw
 * (and from the links both stored), and an older view never overwrites a newer one. Returns the incident count.
 */
export function rebuildIncidents(store: Store, opts: { onlyIfIncidentsNear?: { from: number; to: number } } = {}): Promise<number> {
  return withLock(store, "reconstruct", 0, async () => {
    // Events that touch no session can still change an incident (its recovery, its impact, people responding):
    // checked under the lock, so an incident another process is storing right now is seen (it commits first).
    const near = opts.onlyIfIncidentsNear;
    if (near && !(await incidentStartedBetween(store, near.from - RECONSTRUCTION_HORIZON_MS, near.to)))
      return store.prisma.incident.count();
    return saveIncidents(store, await reconstructFromStore(store));
  });
}

/** Loads what reconstruction needs (lib/incidents/following-events.ts documents each query) and runs it. */
export async function reconstructFromStore(store: Store): Promise<Map<string, IncidentDetail>> {
  const ids = await seedSessionIds(store);
  if (!ids.length) return new Map();
  const sessions = await loadSessions(store, ids);
  const links = await loadLinks(store, { sessionIds: ids });
  const linkedEvents = await loadEventsById(store, [...new Set(links.map((l) => l.eventId))]);
  const events = new Map<string, CorrelationEvent>(linkedEvents.map((e) => [e.eventId, e]));
  for (const q of followingEventQueries(linkedEvents, links)) {
    const parts = await Promise.all([
      q.terms.length ? loadEvents(store, q.from, q.to, { kind: "naming", resources: q.terms }) : Promise.resolve([]),
      loadEvents(store, q.from, q.to, { kind: "people", accountId: q.accountId }),
      loadEvents(store, q.from, q.to, { kind: "stack-work" }),
    ]);
    for (const list of parts) for (const e of list) events.set(e.eventId, e);
  }
  const known = new Set(links.map((l) => `${l.sessionId}|${l.eventId}`));
  const otherLinks: EventLink[] = (
    await loadLinks(store, { eventIds: [...events.keys()].filter((id) => !linkedEvents.some((e) => e.eventId === id)) })
  ).filter((l) => !known.has(`${l.sessionId}|${l.eventId}`));
  const result = reconstructIncidents({ sessions, links: [...links, ...otherLinks], events: [...events.values()] });
  return result.incidents;
}

/**
 * Stores reconstructed incidents under stable ids (lib/incidents/identity.ts) and never destroys user-written data:
 * an incident no longer derived is deleted only when nobody wrote anything about it (annotations, phase edits,
 * post-mortem, action items); otherwise it is kept, marked not reproduced, with the reason. User rows reference
 * incidents with ON DELETE RESTRICT, so a delete that would take user data with it fails instead.
 */
export async function saveIncidents(store: Store, incidents: Map<string, IncidentDetail>): Promise<number> {
  const derived = [...incidents.values()];
  // only what identity matching needs (not the whole stored reconstruction)
  const stored = await store.prisma.$queryRaw<
    { id: string; destructiveEventIds: string[]; kind: string | null; sessionId: string | null; reproduced: boolean }[]
  >`SELECT id::text AS id, destructive_event_ids AS "destructiveEventIds", detail->'agent'->>'kind' AS kind,
           detail->'agent'->>'sessionId' AS "sessionId", reproduced FROM incident`;
  const storedIdentity: StoredIncidentIdentity[] = stored.map((r) => ({
    id: r.id,
    sessionRef: r.kind && r.sessionId ? agentSessionRef(r.kind, r.sessionId) : null,
    destructiveEventIds: r.destructiveEventIds,
  }));
  const { ids, unclaimed } = assignIncidentIds(
    derived.map((d) => ({
      naturalKey: d.naturalKey ?? `${d.agent.kind}:${d.agent.sessionId}#1`,
      sessionRef: agentSessionRef(d.agent.kind, d.agent.sessionId),
      triggerEventId: d.triggerEventId,
      destructiveEventIds: d.destructiveEventIds,
    })),
    storedIdentity,
  );
  const now = new Date();
  for (const [i, d] of derived.entries()) {
    const data = {
      triggerEventId: d.triggerEventId,
      title: d.title,
      status: d.status,
      sessionId: d.agent.sessionDbId,
      triggerActionId: d.agent.actionId ? BigInt(d.agent.actionId) : null,
      startedAt: new Date(d.startedAt),
      endedAt: d.endedAt ? new Date(d.endedAt) : null,
      durationMinutes: d.durationMinutes,
      accountId: d.accountId,
      region: d.region,
      principalArn: d.privilege.principalArn ?? d.trigger.principalArn,
      destructiveEventIds: d.destructiveEventIds,
      affectedResources: d.affectedResources,
      recoveryEventId: d.recovery?.eventId ?? null,
      detail: d as unknown as Prisma.InputJsonValue,
      naturalKey: d.naturalKey ?? null,
      reproduced: true,
      notReproducedReason: null,
      notReproducedAt: null,
    };
    await store.prisma.incident.upsert({ where: { id: ids[i] }, create: { id: ids[i], ...data }, update: data });
  }
  if (unclaimed.length) {
    // A safeguard names the incidents it answers by id (no foreign key): such an incident is user-referenced too.
    const named = await store.prisma.safeguard.findMany({ where: { incidents: { hasSome: unclaimed } }, select: { incidents: true } });
    const referenced = new Set(named.flatMap((s) => s.incidents));
    // nothing written about it: safe to drop (the relation filters make the delete skip any row with user data)
    await store.prisma.incident.deleteMany({
      where: {
        id: { in: unclaimed.filter((id) => !referenced.has(id)) },
        annotations: { none: {} },
        phaseEdits: { none: {} },
        actionItems: { none: {} },
        postMortem: { is: null },
      },
    });
    const kept = stored.filter((r) => unclaimed.includes(r.id) && r.reproduced);
    for (const r of kept) {
      const exists = await store.prisma.incident.findUnique({ where: { id: r.id }, select: { id: true } });
      if (!exists) continue;
      await store.prisma.incident.update({
        where: { id: r.id },
        data: { reproduced: false, notReproducedAt: now, notReproducedReason: notReproducedReason(r, derived, now) },
      });
    }
  }
  return incidents.size;
}

/** Why a stored incident is no longer derived, in words (for the incident page and the export). */
function notReproducedReason(
  row: { destructiveEventIds: string[]; kind: string | null; sessionId: string | null },
  derived: readonly IncidentDetail[],
  at: Date,
): string {
  const session = row.kind && row.sessionId ? `${row.kind} session ${row.sessionId}` : "its agent session";
  const claimedBy = derived.find((d) => d.destructiveEventIds.some((id) => row.destructiveEventIds.includes(id)));
  const when = at.toISOString();
  if (claimedBy)
    return `Reconstruction at ${when} attributes its destructive calls to ${claimedBy.agent.kind} session ${claimedBy.agent.sessionId} (a better link won); kept because people wrote about it.`;
  return `Reconstruction at ${when} no longer links a successful destructive call of this episode to ${session} (links or rules changed); kept because people wrote about it.`;
}
