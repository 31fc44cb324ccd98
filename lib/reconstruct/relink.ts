import "server-only";
import { candidateEventWindow, correlateSession } from "@/lib/correlation";
import type { Store } from "@/lib/db";
import { keyOfId, withLock } from "@/lib/db/advisory-lock";
import { lockRollup, withLinkChanges } from "@/lib/rollup/mutations";
import { loadEvents, loadSessions } from "./queries";

/**
 * Recomputes the links of some sessions: loads each session and the CloudTrail events in its candidate window,
 * runs the pure correlation, and replaces the session's links. Returns how many links were stored.
 */
export async function relinkSessions(store: Store, sessionIds: string[]): Promise<number> {
  let total = 0;
  for (const id of sessionIds) total += await withLock(store, "relink", keyOfId(id), () => relinkOne(store, id));
  return total;
}

/**
 * One session, under its relink lock (lib/db/advisory-lock.ts): the load happens after the lock is taken, so of two
 * processes relinking the same session the later one sees everything the earlier one saw, and a relink that read
 * fewer events can never replace the links of one that read more.
 */
async function relinkOne(store: Store, id: string): Promise<number> {
  const [session] = await loadSessions(store, [id]);
  if (!session) return 0;
  const window = candidateEventWindow(session);
  const events = window ? await loadEvents(store, window.from, window.to) : [];
  const links = window ? correlateSession(session, events) : [];
  await store.prisma.$transaction(
    async (tx) => {
      // the chart rollup's agent_linked dimension follows the links, in the same transaction (lib/rollup)
      await lockRollup(tx);
      const before = await tx.actionEventLink.findMany({ where: { sessionId: id }, select: { eventId: true } });
      const touched = [...before.map((l) => l.eventId), ...links.map((l) => l.eventId)];
      await withLinkChanges(tx, touched, async () => {
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
      });
      // waits for in-flight ingest batches to commit (the rollup lock), so more than Prisma's default 5 s
    },
    { timeout: 60_000 },
  );
  return links.length;
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
