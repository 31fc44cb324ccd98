import "server-only";
import { candidateEventWindow, correlateSession } from "@/lib/correlation";
import type { Store } from "@/lib/db";
import { recomputeRollupForEvents } from "@/lib/rollup/mutations";
import { loadEvents, loadSessions } from "./queries";

/**
 * Recomputes the links of some sessions: loads each session and the CloudTrail events in its candidate window,
 * runs the pure correlation, and replaces the session's links. Returns how many links were stored.
 */
export async function relinkSessions(store: Store, sessionIds: string[]): Promise<number> {
  let total = 0;
  for (const id of sessionIds) {
    const [session] = await loadSessions(store, [id]);
    if (!session) continue;
    const window = candidateEventWindow(session);
    const events = window ? await loadEvents(store, window.from, window.to) : [];
    const links = window ? correlateSession(session, events) : [];
    await store.prisma.$transaction(async (tx) => {
      const before = await tx.actionEventLink.findMany({ where: { sessionId: id }, select: { eventId: true } });
      await tx.actionEventLink.deleteMany({ where: { sessionId: id } });
      if (links.length) {
        await tx.actionEventLink.createMany({
          data: links.map((l) => ({
            sessionId: l.sessionId,
            actionId: l.actionId === null ? null : BigInt(l.actionId),
            eventId: l.eventId,
            confidence: l.confidence,
            evidence: l.evidence,
          })),
          skipDuplicates: true,
        });
      }
      // the rollup's agent_linked dimension follows the links, in the same transaction
      const old = new Set(before.map((l) => l.eventId));
      const now = new Set(links.map((l) => l.eventId));
      const changed = [...[...old].filter((e) => !now.has(e)), ...[...now].filter((e) => !old.has(e))];
      await recomputeRollupForEvents(tx, changed);
    });
    total += links.length;
  }
  return total;
}

/** Sessions whose candidate window may contain events in [from, to] (for incremental relinking after an ingest). */
export async function sessionsOverlapping(store: Store, from: number, to: number): Promise<string[]> {
  const slackMs = 2 * 3600_000; // covers the lead/lag and the CloudFormation cascade window
  const rows = await store.prisma.$queryRaw<{ id: string }[]>`
    SELECT s.id::text AS id FROM agent_session s
    WHERE COALESCE(s.started_at, (SELECT min(at) FROM agent_action a WHERE a.session_id = s.id)) <= ${new Date(to + slackMs)}
      AND COALESCE(s.ended_at, (SELECT max(COALESCE(ended_at, at)) FROM agent_action a WHERE a.session_id = s.id)) >= ${new Date(from - slackMs)}`;
  return rows.map((r) => r.id);
}
