import "server-only";
import type { CorrelationEvent, EventLink } from "@/lib/correlation/types";
import type { Store } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { followingEventQueries, type IncidentDetail, reconstructIncidents } from "@/lib/incidents";
import { loadEvents, loadEventsById, loadLinks, loadSessions } from "./queries";

/** Sessions with at least one link to a destructive event (the only ones that can seed an incident or a blocked attempt). */
async function seedSessionIds(store: Store): Promise<string[]> {
  const rows = await store.prisma.$queryRaw<{ id: string }[]>`
    SELECT DISTINCT l.session_id::text AS id FROM action_event_link l
    JOIN cloudtrail_event e ON e.event_id = l.event_id WHERE e.risk = 'destructive' ORDER BY 1`;
  return rows.map((r) => r.id);
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

/** Stores reconstructed incidents (upsert by trigger eventID) and removes incidents no longer reproduced. */
export async function saveIncidents(store: Store, incidents: Map<string, IncidentDetail>): Promise<number> {
  const sessionIdsByExternal = new Map<string, string>();
  for (const d of incidents.values()) sessionIdsByExternal.set(d.agent.sessionDbId, d.agent.sessionDbId);
  for (const d of incidents.values()) {
    const data = {
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
    };
    await store.prisma.incident.upsert({
      where: { triggerEventId: d.triggerEventId },
      create: { triggerEventId: d.triggerEventId, ...data },
      update: data,
    });
  }
  await store.prisma.incident.deleteMany({ where: { triggerEventId: { notIn: [...incidents.keys()] } } });
  return incidents.size;
}
