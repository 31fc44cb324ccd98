import "server-only";
import type { Store } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { IncidentDetail } from "@/lib/incidents/report-schema";
import type { Approval, AwsIdentity, ParsedCommand } from "@/lib/model/agent";
import type { RiskClass } from "@/lib/model/risk";
import { loadLinks, toCorrelationEvent } from "@/lib/reconstruct/queries";
import type { AgentRules, PolicyDocument, PolicyType, SafeguardKind } from "./file-schema";
import type { ReplayEvent } from "./iam-request";
import { POLICY_REMOVAL_EVENTS, POLICY_SETUP_EVENTS } from "./kinds/deny-policy";
import type { ReplayInput } from "./replay";
import type { SafeguardDef, ScopeAction, ScopeEvent, ScopeSession, ScopeTarget, TargetEvidence } from "./types";

/**
 * Reads for safeguards. Evidence for one target is bounded: at most MAX_SESSIONS sessions in scope (newest first;
 * `agent_session(started_at)` index), their links (`action_event_link(session_id)`), the linked events by eventID
 * (unique index), and at most MAX_EVENTS account events of the kinds the safeguard judges (`(event_name)` and GIN
 * `(resources)` indexes, narrowed by account and time).
 */
export const MAX_SESSIONS = 2000;
export const MAX_EVENTS = 5000;

type Row = Parameters<typeof toCorrelationEvent>[0];
/** The columns `toCorrelationEvent` reads (never `raw` whole). */
const COLUMNS = Prisma.sql`event_id, (extract(epoch from event_time) * 1000)::float8 AS t, account_id, region, partition, event_source,
  event_name, event_type, event_category, principal_arn, principal_type, session_name, role_arn, human_name, source_identity,
  access_key_id, user_agent, source_ip, read_only, error_code, error_message, executed, request_id, resources, risk`;

export function defOf(s: {
  key: string;
  kind: string;
  policy: unknown;
  policyType: string | null;
  resources: string[];
  rules: unknown;
  agentRoles: string[];
}): SafeguardDef {
  return {
    key: s.key,
    kind: s.kind as SafeguardKind,
    policy: (s.policy as PolicyDocument | null) ?? null,
    policyType: (s.policyType as PolicyType | null) ?? null,
    resources: s.resources,
    rules: (s.rules as AgentRules | null) ?? null,
    agentRoles: s.agentRoles,
  };
}

export function scopeOf(t: {
  account: string;
  rolloutAt: Date | null;
  regions: string[];
  agentKinds: string[];
  teams: string[];
  members: string[];
  environments: string[];
}): ScopeTarget {
  return {
    account: t.account,
    rolloutAt: t.rolloutAt?.getTime() ?? null,
    regions: t.regions,
    agentKinds: t.agentKinds,
    teams: t.teams,
    members: t.members.map((m) => m.toLowerCase()),
    environments: t.environments,
  };
}

/** Agent sessions that may be in the target's scope (the exact test is scope.ts). */
async function sessionIdsInScope(store: Store, t: ScopeTarget): Promise<string[]> {
  if (t.rolloutAt === null) return [];
  const since = new Date(t.rolloutAt);
  const kinds = t.agentKinds.length ? Prisma.sql`AND s.kind = ANY(${t.agentKinds}::text[])` : Prisma.empty;
  const rows = await store.prisma.$queryRaw<{ id: string }[]>`
    SELECT s.id::text AS id FROM agent_session s
    WHERE COALESCE(s.ended_at, s.started_at, s.created_at) >= ${since}::timestamptz ${kinds}
      AND (s.aws_identity->>'accountId' = ${t.account}
        OR (COALESCE(s.aws_identity->>'accountId', '') = '' AND (
          NOT EXISTS (SELECT 1 FROM action_event_link l WHERE l.session_id = s.id)
          OR EXISTS (SELECT 1 FROM action_event_link l JOIN cloudtrail_event e ON e.event_id = l.event_id
                     WHERE l.session_id = s.id AND e.account_id = ${t.account}))))
    ORDER BY s.started_at DESC NULLS LAST LIMIT ${MAX_SESSIONS}::int`;
  return rows.map((r) => r.id);
}

/** Sessions with every action, shaped for the verifiers. */
export async function loadScopeSessions(store: Store, ids: string[]): Promise<ScopeSession[]> {
  if (!ids.length) return [];
  const sessions = await store.prisma.agentSession.findMany({ where: { id: { in: ids } }, orderBy: { startedAt: "asc" } });
  const actions = await store.prisma.agentAction.findMany({
    where: { sessionId: { in: ids }, kind: "tool_call" },
    orderBy: [{ sessionId: "asc" }, { seq: "asc" }],
    select: {
      id: true,
      sessionId: true,
      key: true,
      seq: true,
      kind: true,
      at: true,
      endedAt: true,
      tool: true,
      command: true,
      commands: true,
      risk: true,
      approval: true,
      approver: true,
      approvalSource: true,
      approvalDetail: true,
      approvalAt: true,
      isError: true,
      exitCode: true,
    },
  });
  const bySession = new Map<string, ScopeAction[]>();
  for (const a of actions) {
    const list = bySession.get(a.sessionId) ?? [];
    list.push({
      id: a.id.toString(),
      key: a.key,
      seq: a.seq,
      kind: a.kind,
      at: a.at.getTime(),
      endedAt: a.endedAt?.getTime() ?? null,
      tool: a.tool,
      command: a.command,
      commands: (a.commands as ParsedCommand[] | null) ?? [],
      risk: (a.risk as RiskClass | null) ?? null,
      approval: a.approval
        ? ({
            decision: a.approval,
            approver: a.approver,
            source: a.approvalSource ?? "unknown",
            detail: a.approvalDetail,
            at: a.approvalAt?.getTime() ?? null,
          } as Approval)
        : null,
      isError: a.isError,
      exitCode: a.exitCode,
    });
    bySession.set(a.sessionId, list);
  }
  return sessions.map((s) => ({
    id: s.id,
    externalId: s.externalId,
    kind: s.kind,
    mode: s.mode,
    approvalPolicy: s.approvalPolicy,
    user: s.user,
    startedAt: s.startedAt?.getTime() ?? null,
    endedAt: s.endedAt?.getTime() ?? null,
    awsIdentity: (s.awsIdentity as AwsIdentity | null) ?? null,
    actions: bySession.get(s.id) ?? [],
  }));
}

type EventRow = Row & { rp: Record<string, unknown> | null; principal_id: string | null; mfa: string | null };
const toScopeEvent = (r: EventRow): ScopeEvent & ReplayEvent => ({
  ...toCorrelationEvent(r),
  requestParameters: r.rp,
  principalId: r.principal_id,
  mfaAuthenticated: r.mfa === null ? null : r.mfa === "true",
});
const EXTRA = Prisma.sql`raw->'requestParameters' AS rp, raw->'userIdentity'->>'principalId' AS principal_id,
  raw->'userIdentity'->'sessionContext'->'attributes'->>'mfaAuthenticated' AS mfa`;

export async function loadScopeEventsById(store: Store, ids: string[]): Promise<(ScopeEvent & ReplayEvent)[]> {
  if (!ids.length) return [];
  const rows = await store.prisma.$queryRaw<EventRow[]>`
    SELECT ${COLUMNS}, ${EXTRA} FROM cloudtrail_event WHERE event_id = ANY(${ids}::text[])`;
  return rows.map(toScopeEvent);
}

/** The account's own events a kind judges beyond agent-linked ones: policy set-up/removal, protection settings and deletes. */
async function accountEvents(store: Store, def: SafeguardDef, t: ScopeTarget): Promise<ScopeEvent[]> {
  if (t.rolloutAt === null) return [];
  const since = new Date(t.rolloutAt);
  let cond: Prisma.Sql | null = null;
  if (def.kind === "deny-policy") {
    const names = [...new Set([...Object.values(POLICY_SETUP_EVENTS), ...Object.values(POLICY_REMOVAL_EVENTS)].flat())];
    cond = Prisma.sql`event_name = ANY(${names}::text[]) AND event_source IN ('organizations.amazonaws.com', 'iam.amazonaws.com')`;
  } else if (def.kind === "deletion-protection" && def.resources?.length) {
    const terms = [...new Set(def.resources.flatMap((r) => [r, r.split(/[/:]/).filter(Boolean).at(-1) ?? r, ...r.split("/").slice(1, 2)]))];
    cond = Prisma.sql`resources && ${terms}::text[]`;
  }
  if (!cond) return [];
  const rows = await store.prisma.$queryRaw<EventRow[]>`
    SELECT ${COLUMNS}, ${EXTRA} FROM cloudtrail_event
    WHERE account_id = ${t.account} AND event_time >= ${since}::timestamptz AND ${cond}
    ORDER BY event_time LIMIT ${MAX_EVENTS}::int`;
  return rows.map(toScopeEvent);
}

/** Everything a target's verifier judges, loaded with bounded queries. */
export async function loadTargetEvidence(store: Store, def: SafeguardDef, t: ScopeTarget, now: number): Promise<TargetEvidence> {
  if (t.rolloutAt === null || t.rolloutAt > now) return { sessions: [], links: [], events: [], now };
  const sessions = await loadScopeSessions(store, await sessionIdsInScope(store, t));
  const links = await loadLinks(store, { sessionIds: sessions.map((s) => s.id) });
  const linked = await loadScopeEventsById(store, [...new Set(links.map((l) => l.eventId))].slice(0, MAX_EVENTS));
  const own = await accountEvents(store, def, t);
  const byId = new Map<string, ScopeEvent>();
  for (const e of [...linked, ...own]) byId.set(e.eventId, e);
  return { sessions, links, events: [...byId.values()], now };
}

/** Past incidents (all, or one by id / trigger eventID) with what replay needs. */
export async function loadReplayInput(store: Store, incident?: string, accounts?: string[]): Promise<ReplayInput> {
  const isUuid = incident && /^[0-9a-f-]{36}$/i.test(incident);
  const byIncident = incident ? (isUuid ? { OR: [{ id: incident }, { triggerEventId: incident }] } : { triggerEventId: incident }) : {};
  const rows = await store.prisma.incident.findMany({
    where: { ...byIncident, ...(accounts?.length ? { accountId: { in: accounts } } : {}) },
    orderBy: { startedAt: "asc" },
    select: { id: true, title: true, triggerEventId: true, detail: true },
  });
  const incidents = rows.map((r) => {
    const d = r.detail as IncidentDetail;
    return {
      id: r.id,
      title: r.title,
      triggerEventId: r.triggerEventId,
      destructive: (d.destructiveEvents ?? []).map((e) => ({
        eventId: e.eventId,
        actionId: e.actionId,
        cloudFormationInvoked: e.cloudFormationInvoked,
      })),
    };
  });
  const eventIds = [...new Set(incidents.flatMap((i) => i.destructive.map((d) => d.eventId)))];
  const events = new Map((await loadScopeEventsById(store, eventIds)).map((e) => [e.eventId, e] as const));
  const actionIds = [...new Set(incidents.flatMap((i) => i.destructive.map((d) => d.actionId)).filter((x): x is string => !!x))];
  const actions = new Map<string, ScopeAction>();
  if (actionIds.length) {
    const sessionIds = (
      await store.prisma.agentAction.findMany({ where: { id: { in: actionIds.map((x) => BigInt(x)) } }, select: { sessionId: true } })
    ).map((a) => a.sessionId);
    for (const s of await loadScopeSessions(store, [...new Set(sessionIds)]))
      for (const a of s.actions) if (actionIds.includes(a.id)) actions.set(a.id, a);
  }
  return { incidents, events, actions };
}
