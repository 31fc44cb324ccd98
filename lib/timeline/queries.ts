import "server-only";
import type { Store } from "@/lib/db";
import { decodeCursor, encodeCursor } from "@/lib/events/cursor";
import { Prisma } from "@/lib/generated/prisma/client";
import type { RiskClass } from "@/lib/model/risk";
import { bucketGrid } from "@/lib/timeline/density";
import type {
  AgentTimelineItem,
  DensityRow,
  EventLane,
  EventTimelineItem,
  LaneBucket,
  LaneData,
  TimelineData,
  TimelineEventPage,
  TimelineEventRow,
} from "@/lib/timeline/types";
import type { Range } from "@/lib/timeline/window";
import { laneDensityRows } from "./lane-density-queries";
import { laneCondition, laneSql, rangeConditions, type TimelineScope } from "./lane-sql";

export type { TimelineScope } from "./lane-sql";

/**
 * The incident timeline's data for a time range, sized for the browser whatever the event volume:
 *  - one aggregate query counts CloudTrail calls per (bucket × lane) over the range — the density chart and any
 *    lane too full to draw call by call;
 *  - a lane with at most MAX_LANE_ITEMS calls (agent actions) in the range is sent item by item;
 *  - the event list is keyset-paginated (event_time, id) with an opaque cursor.
 * Lanes: `linked` = calls linked to the incident's agent session; `human` = calls a person made (HUMAN_EVENT_CONDITION) that
 * no agent session is linked to; `other` = everything else. Scoped to the incident's account (and account-less calls).
 * Index used: cloudtrail_event (event_time, id) for every range; action_event_link (event_id) / (session_id, event_id).
 */

export const MAX_LANE_ITEMS = 400;
export const DEFAULT_TIMELINE_BUCKETS = 160;
const LINKS_PER_ACTION = 100;
const LABEL_MAX = 240;

const oneLine = (s: string | null, max = LABEL_MAX) => {
  if (!s) return null;
  const t = s.replace(/\s+/g, " ").trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
};

/** Everything the swimlanes and the density chart need for one range. */
export async function incidentTimeline(
  store: Store,
  scope: TimelineScope,
  range: Range,
  buckets = DEFAULT_TIMELINE_BUCKETS,
): Promise<TimelineData> {
  const grid = bucketGrid(range.from, range.to, buckets);
  const rows = await laneDensityRows(store, scope, range, grid);

  const density: DensityRow[] = Array.from({ length: grid.count }, (_, i) => ({
    t: grid.origin + i * grid.bucketMs,
    end: grid.origin + (i + 1) * grid.bucketMs,
    linked: 0,
    team: 0,
    human: 0,
    other: 0,
    destructive: 0,
  }));
  const laneBuckets: Record<EventLane, LaneBucket[]> = { linked: [], team: [], human: [], other: [] };
  const totals: Record<EventLane, number> = { linked: 0, team: 0, human: 0, other: 0 };
  for (const r of rows) {
    const slot = density[Number(r.b)];
    if (!slot) continue;
    const n = Number(r.n);
    slot[r.lane] += n;
    slot.destructive += Number(r.d);
    totals[r.lane] += n;
    laneBuckets[r.lane].push({ t: slot.t, end: slot.end, count: n, destructive: Number(r.d) });
  }
  for (const l of Object.values(laneBuckets)) l.sort((a, b) => a.t - b.t);

  const eventLane = async (lane: EventLane): Promise<LaneData<EventTimelineItem>> => {
    if (totals[lane] === 0) return { total: 0, items: [], buckets: null };
    if (totals[lane] > MAX_LANE_ITEMS) return { total: totals[lane], items: null, buckets: laneBuckets[lane] };
    return { total: totals[lane], items: await laneItems(store, scope, range, lane), buckets: null };
  };
  const [agent, linked, team, human, other] = await Promise.all([
    agentLane(store, scope, range, grid),
    eventLane("linked"),
    eventLane("team"),
    eventLane("human"),
    eventLane("other"),
  ]);
  return {
    from: range.from,
    to: range.to,
    bucketMs: grid.bucketMs,
    agent: agent.lane,
    linked,
    team,
    human,
    other,
    linkTimes: agent.linkTimes,
    density,
  };
}

type EventItemRow = {
  event_id: string;
  event_time: Date | string;
  event_name: string;
  event_source: string;
  risk: string;
  error_code: string | null;
  executed: boolean;
  principal_arn: string | null;
  human_name: string | null;
  action_id: string | null;
};

function actionIdSql(scope: TimelineScope): Prisma.Sql {
  return scope.sessionId
    ? Prisma.sql`(SELECT l.action_id::text FROM action_event_link l WHERE l.session_id = ${scope.sessionId}::uuid AND l.event_id = e.event_id LIMIT 1)`
    : Prisma.sql`NULL::text`;
}

async function laneItems(store: Store, scope: TimelineScope, range: Range, lane: EventLane): Promise<EventTimelineItem[]> {
  const c = rangeConditions(scope, range);
  c.push(laneCondition(scope, lane)!);
  const rows = await store.prisma.$queryRaw<EventItemRow[]>`
    SELECT e.event_id, e.event_time, e.event_name, e.event_source, e.risk, e.error_code, e.executed, e.principal_arn, e.human_name,
           ${lane === "linked" ? actionIdSql(scope) : Prisma.sql`NULL::text`} AS action_id
    FROM cloudtrail_event e WHERE ${Prisma.join(c, " AND ")}
    ORDER BY e.event_time, e.id LIMIT ${MAX_LANE_ITEMS}::int`;
  return rows.map((r) => ({
    id: r.event_id,
    at: new Date(r.event_time).getTime(),
    name: oneLine(r.event_name, 128)!,
    source: oneLine(r.event_source, 128)!,
    risk: r.risk as RiskClass,
    errorCode: oneLine(r.error_code, 128),
    executed: r.executed,
    principal: oneLine(r.principal_arn, 512),
    humanName: oneLine(r.human_name, 256),
    actionId: r.action_id,
  }));
}

async function agentLane(
  store: Store,
  scope: TimelineScope,
  range: Range,
  grid: { origin: number; bucketMs: number; count: number },
): Promise<{ lane: LaneData<AgentTimelineItem>; linkTimes: Record<string, number> }> {
  if (!scope.sessionId) return { lane: { total: 0, items: [], buckets: null }, linkTimes: {} };
  const from = new Date(range.from);
  const to = new Date(range.to);
  const where = { sessionId: scope.sessionId, at: { lt: to }, OR: [{ endedAt: { gte: from } }, { endedAt: null, at: { gte: from } }] };
  const total = await store.prisma.agentAction.count({ where });
  if (total > MAX_LANE_ITEMS) {
    const rows = await store.prisma.$queryRaw<{ b: number; n: number; d: number }[]>`
      SELECT floor((extract(epoch FROM greatest(a.at, ${from}::timestamptz)) * 1000 - ${grid.origin}::float8) / ${grid.bucketMs}::float8)::int AS b,
             count(*)::int AS n, count(*) FILTER (WHERE a.risk = 'destructive')::int AS d
      FROM agent_action a
      WHERE a.session_id = ${scope.sessionId}::uuid AND a.at < ${to}::timestamptz AND coalesce(a.ended_at, a.at) >= ${from}::timestamptz
      GROUP BY 1 ORDER BY 1`;
    const buckets = rows
      .filter((r) => r.b >= 0 && r.b < grid.count)
      .map((r) => ({
        t: grid.origin + r.b * grid.bucketMs,
        end: grid.origin + (r.b + 1) * grid.bucketMs,
        count: Number(r.n),
        destructive: Number(r.d),
      }));
    return { lane: { total, items: null, buckets }, linkTimes: {} };
  }
  const actions = await store.prisma.agentAction.findMany({
    where,
    orderBy: [{ seq: "asc" }, { id: "asc" }],
    select: { id: true, seq: true, kind: true, at: true, endedAt: true, tool: true, command: true, text: true, risk: true, approval: true },
  });
  const links = new Map<string, string[]>();
  const linkTimes: Record<string, number> = {};
  if (actions.length) {
    const ids = Prisma.join(actions.map((a) => Prisma.sql`${a.id.toString()}::bigint`));
    const rows = await store.prisma.$queryRaw<{ action_id: string; event_id: string; event_time: Date | string }[]>`
      SELECT action_id, event_id, event_time FROM (
        SELECT l.action_id::text AS action_id, l.event_id, e.event_time, row_number() OVER (PARTITION BY l.action_id ORDER BY e.event_time, e.id) AS rn
        FROM action_event_link l JOIN cloudtrail_event e ON e.event_id = l.event_id
        WHERE l.session_id = ${scope.sessionId}::uuid AND l.action_id IN (${ids})
      ) x WHERE x.rn <= ${LINKS_PER_ACTION}::int`;
    for (const r of rows) {
      links.set(r.action_id, [...(links.get(r.action_id) ?? []), r.event_id]);
      linkTimes[r.event_id] = new Date(r.event_time).getTime();
    }
  }
  const items: AgentTimelineItem[] = actions.map((a) => ({
    id: `a:${a.id.toString()}`,
    actionId: a.id.toString(),
    seq: a.seq,
    kind: a.kind,
    at: a.at.getTime(),
    end: a.endedAt ? a.endedAt.getTime() : null,
    tool: a.tool,
    label: oneLine(a.command) ?? oneLine(a.text) ?? a.tool ?? a.kind,
    risk: (a.risk as RiskClass | null) ?? null,
    approval: a.kind !== "tool_call" ? null : a.approval === "approved" || a.approval === "rejected" ? a.approval : "none",
    links: links.get(a.id.toString()) ?? [],
  }));
  return { lane: { total, items, buckets: null }, linkTimes };
}

export const EVENT_PAGE_SIZE = 200;

/** One page of the calls in a range (optionally one lane), oldest first, by keyset on (event_time, id). */
export async function listIncidentEvents(
  store: Store,
  scope: TimelineScope,
  q: { range: Range; lane: EventLane | "all"; cursor?: string | null; limit?: number; withTotal?: boolean },
): Promise<TimelineEventPage> {
  const limit = Math.max(1, Math.min(500, Math.floor(q.limit ?? EVENT_PAGE_SIZE)));
  const c = rangeConditions(scope, q.range);
  const lc = laneCondition(scope, q.lane);
  if (lc) c.push(lc);
  const base = [...c];
  const cursor = q.cursor ? decodeCursor(q.cursor) : null;
  if (cursor && cursor.key === "eventTime" && cursor.dir === "asc" && !cursor.before) {
    c.push(Prisma.sql`(e.event_time, e.id) > (${String(cursor.value)}::timestamptz, ${cursor.id}::bigint)`);
  }
  const [rows, count] = await Promise.all([
    store.prisma.$queryRaw<(EventItemRow & { id: string; resources: string[] | null; lane: EventLane })[]>`
      SELECT e.id::text AS id, e.event_id, e.event_time, e.event_name, e.event_source, e.risk, e.error_code, e.executed, e.principal_arn, e.human_name,
             e.resources[1:2] AS resources, ${laneSql(scope)} AS lane, ${actionIdSql(scope)} AS action_id
      FROM cloudtrail_event e WHERE ${Prisma.join(c, " AND ")}
      ORDER BY e.event_time, e.id LIMIT ${limit + 1}::int`,
    q.withTotal
      ? store.prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM cloudtrail_event e WHERE ${Prisma.join(base, " AND ")}`
      : Promise.resolve(null),
  ]);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > limit && last
      ? encodeCursor({ key: "eventTime", dir: "asc", value: new Date(last.event_time).toISOString(), id: last.id, before: false })
      : null;
  const out: TimelineEventRow[] = page.map((r) => ({
    id: r.id,
    eventId: r.event_id,
    eventTime: new Date(r.event_time).toISOString(),
    eventName: oneLine(r.event_name, 128)!,
    eventSource: oneLine(r.event_source, 128)!,
    principalArn: oneLine(r.principal_arn, 512),
    humanName: oneLine(r.human_name, 256),
    risk: r.risk as RiskClass,
    errorCode: oneLine(r.error_code, 128),
    executed: r.executed,
    resources: (r.resources ?? []).map((s) => oneLine(s, 256)!),
    lane: r.lane,
    actionId: r.action_id,
  }));
  return { rows: out, nextCursor, total: count ? Number(count[0]?.n ?? 0) : null };
}
