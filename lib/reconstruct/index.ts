import "server-only";
import type { Store } from "@/lib/db";
import type { AffectedRange } from "@/lib/ingest/ingest-file";
import { rebuildIncidents } from "./rebuild";
import { relinkSessions, sessionsOverlapping } from "./relink";

export type ReconstructResult = { sessions: number; links: number; incidents: number; ms: number };

/** Re-links every agent session to CloudTrail and rebuilds every incident (`npx aftermath reconstruct`). */
export async function reconstructAll(store: Store): Promise<ReconstructResult> {
  const started = Date.now();
  const ids = (await store.prisma.agentSession.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((s) => s.id);
  const links = await relinkSessions(store, ids);
  const incidents = await rebuildIncidents(store);
  return { sessions: ids.length, links, incidents, ms: Date.now() - started };
}

/**
 * After an ingest: re-link only the sessions the new rows can touch (new sessions, and sessions whose window
 * overlaps the new events' time range), then rebuild incidents.
 */
export async function reconstructAfter(store: Store, affected: AffectedRange): Promise<ReconstructResult> {
  const started = Date.now();
  const ids = new Set(affected.sessionIds);
  if (affected.minTime !== null && affected.maxTime !== null) {
    for (const id of await sessionsOverlapping(store, affected.minTime, affected.maxTime)) ids.add(id);
  }
  if (!ids.size) {
    // no session to relink, but the events may be an incident's recovery or impact (maybe arriving after it)
    const near = affected.minTime !== null && affected.maxTime !== null ? { from: affected.minTime, to: affected.maxTime } : null;
    const incidents = near ? await rebuildIncidents(store, { onlyIfIncidentsNear: near }) : await store.prisma.incident.count();
    return { sessions: 0, links: 0, incidents, ms: Date.now() - started };
  }
  const links = await relinkSessions(store, [...ids]);
  const incidents = await rebuildIncidents(store);
  return { sessions: ids.size, links, incidents, ms: Date.now() - started };
}
