import "server-only";
import { HUMAN_EVENT_CONDITION } from "@/lib/events/sql";
import { Prisma } from "@/lib/generated/prisma/client";
import type { EventLane } from "@/lib/timeline/types";
import type { Range } from "@/lib/timeline/window";

/**
 * The SQL of the incident timeline's lanes over cloudtrail_event rows aliased `e` (used by queries.ts and
 * lane-density-queries.ts). Lanes: `linked` = calls linked to the incident's agent session; `team` / `human` = calls a
 * person made (HUMAN_EVENT_CONDITION) that no agent session is linked to, by the incident's team or not; `other` =
 * everything else. Scoped to the incident's account (and account-less calls).
 */

export interface TimelineScope {
  sessionId: string | null;
  accountId: string | null;
  /** principals of the people working on the incident (they touched the affected resources); see incidentTeam */
  team?: readonly string[];
}

export const isoParam = (ms: number) => Prisma.sql`${new Date(ms).toISOString()}::timestamptz`;

export function linkedCondition(scope: TimelineScope): Prisma.Sql {
  return scope.sessionId
    ? Prisma.sql`e.event_id IN (SELECT event_id FROM action_event_link WHERE session_id = ${scope.sessionId}::uuid)`
    : Prisma.sql`FALSE`;
}

/** A person's call: 'team' when the principal is on the incident's team, else 'human'. */
export function teamSql(scope: TimelineScope): Prisma.Sql {
  return scope.team?.length
    ? Prisma.sql`(CASE WHEN e.principal_arn IN (${Prisma.join([...scope.team])}) THEN 'team' ELSE 'human' END)`
    : Prisma.sql`'human'`;
}

/** The lane of a cloudtrail_event row `e` (SQL CASE). */
export function laneSql(scope: TimelineScope): Prisma.Sql {
  return Prisma.sql`(CASE WHEN ${linkedCondition(scope)} THEN 'linked'
    WHEN e.event_id NOT IN (SELECT event_id FROM action_event_link) AND ${HUMAN_EVENT_CONDITION}
      THEN ${teamSql(scope)}
    ELSE 'other' END)`;
}

export function rangeConditions(scope: TimelineScope, range: Range): Prisma.Sql[] {
  const c = [Prisma.sql`e.event_time >= ${isoParam(range.from)}`, Prisma.sql`e.event_time < ${isoParam(range.to)}`];
  // written so it cannot use the (account_id, region) index: with stale statistics (bulk COPY, no ANALYZE yet) the
  // planner would otherwise bitmap-scan the whole account and sort, instead of walking (event_time, id) in order
  if (scope.accountId) c.push(Prisma.sql`coalesce(e.account_id, ${scope.accountId}) = ${scope.accountId}`);
  return c;
}

export function laneCondition(scope: TimelineScope, lane: EventLane | "all"): Prisma.Sql | null {
  if (lane === "all") return null;
  if (lane === "linked") return linkedCondition(scope);
  return Prisma.sql`${laneSql(scope)} = ${lane}`;
}
