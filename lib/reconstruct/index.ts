import "server-only";
import type { Store } from "@/lib/db";
import type { AffectedRange } from "@/lib/ingest/ingest-file";
import { reconstructFromStore, saveIncidents } from "./rebuild";
import { relinkSessions, sessionsOverlapping } from "./relink";

export type ReconstructResult = { sessions: number; links: number; incidents: number; ms: number };

/** Re-links every agent session to CloudTrail and rebuilds every incident (`npx aftermath reconstruct`). */
export async function reconstructAll(store: Store): Promise<ReconstructResult> {
  const started = Date.now();
  const ids = (await store.prisma.agentSession.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((s) => s.id);
  const links = await relinkSessions(store, ids);
  const incidents = await saveIncidents(store, await reconstructFromStore(store));
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
  if (!ids.size) return { sessions: 0, links: 0, incidents: await store.prisma.incident.count(), ms: Date.now() - started };
  const links = await relinkSessions(store, [...ids]);
  const incidents = await saveIncidents(store, await reconstructFromStore(store));
  return { sessions: ids.size, links, incidents, ms: Date.now() - started };
}
