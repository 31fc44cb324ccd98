import "server-only";
import type { Store } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { isUuid, toIso, toIsoOrNull } from "@/lib/ids";
import { DEFAULT_INCIDENT_STATE, type IncidentListState, type IncidentSortKey } from "./list-params";
import { mergePhases } from "./phase-edits";
import { IncidentDetail } from "./report-schema";
import { type IncidentDayRow, type IncidentSummary, summarizeIncidentDays } from "./summary";
import type { BlockedSessionRow, IncidentPage, IncidentRow, IncidentView } from "./view-types";

/**
 * Queries behind /incidents and /incidents/[id] (reads of `incident`, its session and `incident_phase`; the
 * reconstruction that writes incidents lives elsewhere). User values are bound parameters; identifiers come from
 * allow-lists. Works on PostgreSQL and PGlite.
 */

/** Incident ids are UUIDs (lib/ids.ts). */
export const isIncidentId = isUuid;

const SORT_SQL: Record<IncidentSortKey, Prisma.Sql> = {
  startedAt: Prisma.sql`i.started_at`,
  duration: Prisma.sql`i.duration_minutes`,
  destructive: Prisma.sql`cardinality(i.destructive_event_ids)`,
  status: Prisma.sql`i.status`,
  title: Prisma.sql`i.title`,
};

/** jsonb array length, 0 for anything that is not an array. */
const arrayLen = (expr: Prisma.Sql) => Prisma.sql`(CASE jsonb_typeof(${expr}) WHEN 'array' THEN jsonb_array_length(${expr}) ELSE 0 END)`;

/** Destructive calls of the incident's session that did not execute (a guardrail held). */
const BLOCKED_SQL = Prisma.sql`(SELECT count(*)::int FROM action_event_link l JOIN cloudtrail_event e ON e.event_id = l.event_id
  WHERE l.session_id = i.session_id AND e.risk = 'destructive' AND NOT e.executed)`;

const ROW_COLUMNS = Prisma.sql`
  i.id::text AS id, i.status, i.title, i.started_at, i.ended_at, i.duration_minutes, i.account_id, i.region, i.principal_arn,
  coalesce(cardinality(i.destructive_event_ids), 0)::int AS destructive,
  ${arrayLen(Prisma.sql`i.detail->'blastRadius'`)}::int AS resources,
  coalesce(s.kind, i.detail->'agent'->>'kind') AS agent_kind,
  coalesce(s.mode, i.detail->'agent'->>'mode') AS mode,
  s.id::text AS session_id,
  i.detail->'privilege'->>'human' AS human,
  i.detail->'privilege'->>'inheritedHumanSession' AS inherited,
  i.detail->'approval'->>'recorded' AS approval_recorded,
  ${BLOCKED_SQL} AS blocked`;

type RawIncidentRow = {
  id: string;
  status: string;
  title: string;
  started_at: Date | string;
  ended_at: Date | string | null;
  duration_minutes: number | null;
  account_id: string | null;
  region: string | null;
  principal_arn: string | null;
  destructive: number;
  resources: number;
  agent_kind: string | null;
  mode: string | null;
  session_id: string | null;
  human: string | null;
  inherited: string | null;
  approval_recorded: string | null;
  blocked: number;
};

const bool = (v: string | null) => (v === "true" ? true : v === "false" ? false : null);

function toRow(r: RawIncidentRow): IncidentRow {
  return {
    id: r.id,
    status: r.status,
    title: r.title,
    startedAt: toIso(r.started_at),
    endedAt: toIsoOrNull(r.ended_at),
    durationMinutes: r.duration_minutes === null ? null : Number(r.duration_minutes),
    accountId: r.account_id,
    region: r.region,
    principalArn: r.principal_arn,
    agentKind: r.agent_kind,
    mode: r.mode,
    sessionId: r.session_id,
    human: r.human,
    inheritedHumanSession: bool(r.inherited),
    approvalRecorded: bool(r.approval_recorded),
    destructive: Number(r.destructive),
    resources: Number(r.resources),
    blocked: Number(r.blocked),
  };
}

function whereSql(state: Partial<IncidentListState>): Prisma.Sql {
  const c: Prisma.Sql[] = [];
  if (state.status) c.push(Prisma.sql`i.status = ${state.status}`);
  if (state.agent) c.push(Prisma.sql`coalesce(s.kind, i.detail->'agent'->>'kind') = ${state.agent}`);
  if (state.account) c.push(Prisma.sql`i.account_id = ${state.account}`);
  if (state.blocked) c.push(Prisma.sql`${BLOCKED_SQL} > 0`);
  return c.length ? Prisma.sql`WHERE ${Prisma.join(c, " AND ")}` : Prisma.empty;
}

/** One page of incidents for the list's URL state. */
export async function listIncidents(store: Store, input: Partial<IncidentListState> = {}): Promise<IncidentPage> {
  const state = { ...DEFAULT_INCIDENT_STATE, ...input };
  const sort = Object.hasOwn(SORT_SQL, state.sort) ? SORT_SQL[state.sort] : SORT_SQL.startedAt;
  const dir = state.dir === "asc" ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  const where = whereSql(state);
  const limit = Math.max(1, Math.min(200, Math.floor(state.limit)));
  const [rows, count] = await Promise.all([
    store.prisma.$queryRaw<RawIncidentRow[]>`
      SELECT ${ROW_COLUMNS} FROM incident i LEFT JOIN agent_session s ON s.id = i.session_id ${where}
      ORDER BY ${sort} ${dir} NULLS LAST, i.id ${dir}
      LIMIT ${limit}::int OFFSET ${Math.max(0, Math.floor(state.offset))}::int`,
    store.prisma.$queryRaw<
      { n: number }[]
    >`SELECT count(*)::int AS n FROM incident i LEFT JOIN agent_session s ON s.id = i.session_id ${where}`,
  ]);
  return { rows: rows.map(toRow), total: Number(count[0]?.n ?? 0) };
}

/** Values for the list's filters. */
export async function incidentFacets(store: Store): Promise<{ agents: string[]; accounts: string[] }> {
  const [agents, accounts] = await Promise.all([
    store.prisma.$queryRaw<{ v: string }[]>`
      SELECT DISTINCT coalesce(s.kind, i.detail->'agent'->>'kind') AS v FROM incident i LEFT JOIN agent_session s ON s.id = i.session_id
      WHERE coalesce(s.kind, i.detail->'agent'->>'kind') IS NOT NULL ORDER BY 1 LIMIT 100`,
    store.prisma.$queryRaw<
      { v: string }[]
    >`SELECT DISTINCT account_id AS v FROM incident WHERE account_id IS NOT NULL ORDER BY 1 LIMIT 300`,
  ]);
  return { agents: agents.map((r) => r.v), accounts: accounts.map((r) => r.v) };
}

/** Incidents per period and their time to recovery, for the filters (paging ignored). */
export async function incidentSummary(store: Store, input: Partial<IncidentListState> = {}): Promise<IncidentSummary> {
  const rows = await store.prisma.$queryRaw<
    { day: number; n: number; recovered: number; minutes: number | null; max_minutes: number | null }[]
  >`
    SELECT floor(extract(epoch FROM i.started_at) / 86400)::int AS day, count(*)::int AS n,
           count(i.duration_minutes)::int AS recovered, sum(i.duration_minutes)::float8 AS minutes, max(i.duration_minutes)::float8 AS max_minutes
    FROM incident i LEFT JOIN agent_session s ON s.id = i.session_id ${whereSql(input)}
    GROUP BY 1 ORDER BY 1 LIMIT 20000`;
  const days: IncidentDayRow[] = rows.map((r) => ({
    day: Number(r.day),
    count: Number(r.n),
    recovered: Number(r.recovered),
    minutes: Number(r.minutes ?? 0),
    maxMinutes: r.max_minutes === null ? null : Number(r.max_minutes),
  }));
  return summarizeIncidentDays(days);
}

/** Sessions whose destructive calls a guardrail denied (AccessDenied, SCP …), with or without an incident. */
export async function sessionsWithBlockedAttempts(store: Store, limit = 20): Promise<BlockedSessionRow[]> {
  const rows = await store.prisma.$queryRaw<
    {
      session_id: string;
      kind: string;
      external_id: string;
      user: string | null;
      mode: string | null;
      n: number;
      first_at: Date | string;
      last_at: Date | string;
      calls: string[] | null;
      incidents: number;
    }[]
  >`
    SELECT s.id::text AS session_id, s.kind, s.external_id, s."user", s.mode, b.n, b.first_at, b.last_at, b.calls,
           (SELECT count(*)::int FROM incident i WHERE i.session_id = s.id) AS incidents
    FROM (
      SELECT l.session_id, count(*)::int AS n, min(e.event_time) AS first_at, max(e.event_time) AS last_at,
             (array_agg(e.event_name || coalesce(' (' || e.error_code || ')', '') ORDER BY e.event_time))[1:3] AS calls
      FROM action_event_link l JOIN cloudtrail_event e ON e.event_id = l.event_id
      WHERE e.risk = 'destructive' AND NOT e.executed
      GROUP BY l.session_id
    ) b JOIN agent_session s ON s.id = b.session_id
    ORDER BY b.last_at DESC LIMIT ${Math.max(1, Math.min(200, limit))}::int`;
  return rows.map((r) => ({
    sessionId: r.session_id,
    kind: r.kind,
    externalId: r.external_id,
    user: r.user,
    mode: r.mode,
    blocked: Number(r.n),
    firstAt: toIso(r.first_at),
    lastAt: toIso(r.last_at),
    calls: r.calls ?? [],
    incidents: Number(r.incidents),
  }));
}

/** One incident with its reconstruction, its session, the agent step behind the trigger and its phases (edits merged). */
export async function getIncidentView(store: Store, id: string): Promise<IncidentView | null> {
  if (!isIncidentId(id)) return null;
  const p = store.prisma;
  const row = await p.incident.findUnique({
    where: { id },
    include: {
      session: {
        select: {
          id: true,
          kind: true,
          externalId: true,
          mode: true,
          approvalPolicy: true,
          user: true,
          host: true,
          startedAt: true,
          endedAt: true,
        },
      },
      phaseEdits: true,
    },
  });
  if (!row) return null;
  const parsed = IncidentDetail.safeParse(row.detail);
  const detail = parsed.success ? parsed.data : null;
  const actionId =
    row.triggerActionId ??
    (detail?.trigger.actionId && /^\d{1,19}$/.test(detail.trigger.actionId) ? BigInt(detail.trigger.actionId) : null);
  const action =
    actionId !== null
      ? await p.agentAction.findUnique({
          where: { id: actionId },
          select: { id: true, seq: true, at: true, command: true, tool: true, sessionId: true },
        })
      : null;
  const s = row.session;
  return {
    id: row.id,
    status: row.status,
    title: row.title,
    startedAt: row.startedAt.toISOString(),
    endedAt: toIsoOrNull(row.endedAt),
    durationMinutes: row.durationMinutes,
    accountId: row.accountId,
    region: row.region,
    principalArn: row.principalArn,
    triggerEventId: row.triggerEventId,
    updatedAt: row.updatedAt.toISOString(),
    detail,
    detailError: parsed.success
      ? null
      : "The stored reconstruction does not match the current format; re-run reconstruction to refresh it.",
    session: s
      ? {
          id: s.id,
          kind: s.kind,
          externalId: s.externalId,
          mode: s.mode,
          approvalPolicy: s.approvalPolicy,
          user: s.user,
          host: s.host,
          startedAt: toIsoOrNull(s.startedAt),
          endedAt: toIsoOrNull(s.endedAt),
        }
      : null,
    triggerAction:
      action && (!s || action.sessionId === s.id)
        ? { id: action.id.toString(), seq: action.seq, at: action.at.toISOString(), command: action.command, tool: action.tool }
        : null,
    phases: mergePhases(detail?.phases ?? [], row.phaseEdits),
  };
}

/** What the timeline queries need of an incident: its agent session and account. Null when unknown. */
export async function incidentScope(store: Store, id: string): Promise<{ sessionId: string | null; accountId: string | null } | null> {
  if (!isIncidentId(id)) return null;
  const row = await store.prisma.incident.findUnique({ where: { id }, select: { sessionId: true, accountId: true } });
  return row ? { sessionId: row.sessionId, accountId: row.accountId } : null;
}
