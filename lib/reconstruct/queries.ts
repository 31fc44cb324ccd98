import "server-only";
import type { CorrelationEvent, EventLink } from "@/lib/correlation/types";
import type { Store } from "@/lib/db";
import { HUMAN_EVENT_CONDITION } from "@/lib/events/sql";
import { Prisma } from "@/lib/generated/prisma/client";
import type { IncidentSession } from "@/lib/incidents/types";
import type { Approval, AwsIdentity, ParsedCommand } from "@/lib/model/agent";
import type { RiskClass } from "@/lib/model/risk";

/** Columns of cloudtrail_event that correlation and reconstruction read (never `raw`). */
const EVENT_COLUMNS = Prisma.sql`event_id, (extract(epoch from event_time) * 1000)::float8 AS t, account_id, region, partition, event_source,
  event_name, event_type, event_category, principal_arn, principal_type, session_name, role_arn, human_name, source_identity,
  access_key_id, user_agent, source_ip, read_only, error_code, error_message, executed, request_id, resources, risk`;

type EventRow = {
  event_id: string;
  t: number;
  account_id: string | null;
  region: string | null;
  partition: string | null;
  event_source: string;
  event_name: string;
  event_type: string | null;
  event_category: string | null;
  principal_arn: string | null;
  principal_type: string | null;
  session_name: string | null;
  role_arn: string | null;
  human_name: string | null;
  source_identity: string | null;
  access_key_id: string | null;
  user_agent: string | null;
  source_ip: string | null;
  read_only: boolean | null;
  error_code: string | null;
  error_message: string | null;
  executed: boolean;
  request_id: string | null;
  resources: string[] | null;
  risk: string;
};

export function toCorrelationEvent(r: EventRow): CorrelationEvent {
  return {
    eventId: r.event_id,
    eventTime: Math.round(Number(r.t)),
    accountId: r.account_id,
    region: r.region,
    partition: r.partition,
    eventSource: r.event_source,
    eventName: r.event_name,
    eventType: r.event_type,
    eventCategory: r.event_category,
    principalArn: r.principal_arn,
    principalType: r.principal_type,
    sessionName: r.session_name,
    roleArn: r.role_arn,
    humanName: r.human_name,
    sourceIdentity: r.source_identity,
    accessKeyId: r.access_key_id,
    userAgent: r.user_agent,
    sourceIp: r.source_ip,
    readOnly: r.read_only,
    errorCode: r.error_code,
    errorMessage: r.error_message,
    executed: r.executed,
    requestId: r.request_id,
    resources: r.resources ?? [],
    risk: r.risk as RiskClass,
  };
}

/**
 * Which events of a window to load; the shapes are the reads lib/incidents/following-events.ts plans:
 * everything (correlation), (a) calls after the trigger naming one of `resources`, (b) calls a person made after the
 * trigger in `accountId` (or with no account), (c) CloudFormation's own writes (stack replacements).
 */
export type EventWindowFilter =
  | { kind: "all" }
  | { kind: "naming"; resources: string[] }
  | { kind: "people"; accountId: string | null }
  | { kind: "stack-work" };

function windowCondition(from: number, f: EventWindowFilter): Prisma.Sql {
  const after = Prisma.sql`event_time > ${new Date(from).toISOString()}::timestamptz`;
  switch (f.kind) {
    case "all":
      return Prisma.sql`TRUE`;
    case "naming":
      return Prisma.sql`${after} AND resources && ${f.resources}::text[]`;
    case "people":
      return Prisma.sql`${after} AND (${f.accountId}::text IS NULL OR account_id = ${f.accountId}::text OR account_id IS NULL) AND ${HUMAN_EVENT_CONDITION}`;
    case "stack-work":
      return Prisma.sql`source_ip = 'cloudformation.amazonaws.com' AND read_only IS NOT TRUE`;
  }
}

/** Events by time window (index on (event_time, id)), optionally narrowed to one of the planned shapes. */
export async function loadEvents(
  store: Store,
  from: number,
  to: number,
  filter: EventWindowFilter = { kind: "all" },
): Promise<CorrelationEvent[]> {
  const rows = await store.prisma.$queryRaw<EventRow[]>`
    SELECT ${EVENT_COLUMNS} FROM cloudtrail_event
    WHERE event_time >= ${new Date(from).toISOString()}::timestamptz AND event_time <= ${new Date(to).toISOString()}::timestamptz
      AND (${windowCondition(from, filter)})`;
  return rows.map(toCorrelationEvent);
}

export async function loadEventsById(store: Store, ids: string[]): Promise<CorrelationEvent[]> {
  if (!ids.length) return [];
  const rows = await store.prisma.$queryRaw<EventRow[]>`SELECT ${EVENT_COLUMNS} FROM cloudtrail_event WHERE event_id = ANY(${ids}::text[])`;
  return rows.map(toCorrelationEvent);
}

/** A stored session with its actions, shaped for correlation and reconstruction. */
export async function loadSessions(store: Store, ids: string[]): Promise<IncidentSession[]> {
  if (!ids.length) return [];
  const sessions = await store.prisma.agentSession.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" } });
  const actions = await store.prisma.agentAction.findMany({
    where: { sessionId: { in: ids } },
    orderBy: [{ sessionId: "asc" }, { seq: "asc" }],
    select: {
      id: true,
      sessionId: true,
      toolCallId: true,
      kind: true,
      at: true,
      endedAt: true,
      tool: true,
      command: true,
      commands: true,
      approval: true,
      approver: true,
      approvalSource: true,
      approvalDetail: true,
      approvalAt: true,
      text: true,
      input: true,
      isError: true,
      exitCode: true,
    },
  });
  const bySession = new Map<string, typeof actions>();
  for (const a of actions) {
    const list = bySession.get(a.sessionId) ?? [];
    list.push(a);
    bySession.set(a.sessionId, list);
  }
  return sessions.map((s) => ({
    id: s.id,
    kind: s.kind,
    externalId: s.externalId,
    mode: s.mode,
    approvalPolicy: s.approvalPolicy,
    awsIdentity: (s.awsIdentity as AwsIdentity | null) ?? null,
    startedAt: s.startedAt?.getTime() ?? null,
    endedAt: s.endedAt?.getTime() ?? null,
    timesApproximate: s.timesApproximate ?? null,
    actions: (bySession.get(s.id) ?? []).map((a) => ({
      id: a.id.toString(),
      toolCallId: a.toolCallId,
      kind: a.kind as IncidentSession["actions"][number]["kind"],
      at: a.at.getTime(),
      endedAt: a.endedAt?.getTime() ?? null,
      tool: a.tool,
      command: a.command,
      commands: (a.commands as ParsedCommand[] | null) ?? [],
      approval: a.approval
        ? ({
            decision: a.approval,
            approver: a.approver,
            source: a.approvalSource ?? "unknown",
            detail: a.approvalDetail,
            at: a.approvalAt?.getTime() ?? null,
          } as Approval)
        : null,
      text: a.text,
      input: a.input ?? undefined,
      isError: a.isError,
      exitCode: a.exitCode,
    })),
  }));
}

export async function loadLinks(store: Store, where: { sessionIds?: string[]; eventIds?: string[] }): Promise<EventLink[]> {
  const or = [];
  if (where.sessionIds?.length) or.push({ sessionId: { in: where.sessionIds } });
  if (where.eventIds?.length) or.push({ eventId: { in: where.eventIds } });
  if (!or.length) return [];
  const rows = await store.prisma.actionEventLink.findMany({ where: { OR: or } });
  return rows.map((l) => ({
    sessionId: l.sessionId,
    actionId: l.actionId?.toString() ?? null,
    eventId: l.eventId,
    confidence: l.confidence as EventLink["confidence"],
    evidence: l.evidence as string[],
  }));
}

/** Whether a stored incident began in [from, to] (ms epoch): new events in its horizon can change it. */
export async function incidentStartedBetween(store: Store, from: number, to: number): Promise<boolean> {
  const found = await store.prisma.incident.findFirst({
    where: { startedAt: { gte: new Date(from), lte: new Date(to) } },
    select: { id: true },
  });
  return found !== null;
}
