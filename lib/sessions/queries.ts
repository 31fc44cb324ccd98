import "server-only";
import type { Store } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { isUuid, toIsoOrNull } from "@/lib/ids";
import { AwsIdentity, ParsedCommand } from "@/lib/model/agent";
import type { RiskClass } from "@/lib/model/risk";
import { LINKED_EVENT_COLUMNS, type LinkedEventRow, toLinkedEvent } from "./linked-events";
import { DEFAULT_SESSION_STATE, type SessionListState, type SessionSortKey } from "./params";
import type { LinkedEventView, ParsedCommandView, SessionActionView, SessionDetail, SessionPage, SessionRow } from "./types";
import { approvalView, sessionDurationMs } from "./view-model";

/** Queries behind /sessions and /sessions/[id]. Every user value is a bound parameter; identifiers come from allow-lists. */

/** Sort expressions (allow-list); ties broken by id so pages are stable. */
const SORT_SQL: Record<SessionSortKey, Prisma.Sql> = {
  startedAt: Prisma.sql`s.started_at`,
  kind: Prisma.sql`s.kind`,
  mode: Prisma.sql`s.mode`,
  user: Prisma.sql`s."user"`,
  duration: Prisma.sql`(s.ended_at - s.started_at)`,
  toolCalls: Prisma.sql`s.tool_calls`,
  destructive: Prisma.sql`s.destructive`,
  approvals: Prisma.sql`s.approvals`,
  rejections: Prisma.sql`s.rejections`,
  redactions: Prisma.sql`s.redactions`,
};

const ROW_COLUMNS = Prisma.sql`
  s.id::text AS id, s.kind, s.external_id, s.agent_version, s.mode, s.approval_policy, s."user", s.host, s.cwd, s.model,
  s.started_at, s.ended_at, s.tool_calls, s.destructive, s.approvals, s.rejections, s.redactions, s.aws_identity,
  s.source_id::text AS source_id,
  (SELECT count(*)::int FROM incident i WHERE i.session_id = s.id) AS incidents,
  (SELECT count(*)::int FROM action_event_link l JOIN cloudtrail_event e ON e.event_id = l.event_id
     WHERE l.session_id = s.id AND e.risk = 'destructive' AND NOT e.executed) AS blocked,
  (SELECT count(*)::int FROM action_event_link l WHERE l.session_id = s.id) AS linked_events,
  (SELECT e.principal_arn FROM action_event_link l JOIN cloudtrail_event e ON e.event_id = l.event_id
     WHERE l.session_id = s.id AND e.principal_arn IS NOT NULL
     ORDER BY CASE l.confidence WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, e.event_time LIMIT 1) AS linked_principal`;

type RawSessionRow = {
  id: string;
  kind: string;
  external_id: string;
  agent_version: string | null;
  mode: string | null;
  approval_policy: string | null;
  user: string | null;
  host: string | null;
  cwd: string | null;
  model: string | null;
  started_at: Date | string | null;
  ended_at: Date | string | null;
  tool_calls: number;
  destructive: number;
  approvals: number;
  rejections: number;
  redactions: number;
  aws_identity: unknown;
  source_id: string | null;
  incidents: number;
  blocked: number;
  linked_events: number;
  linked_principal: string | null;
};

function parseIdentity(v: unknown): AwsIdentity | null {
  if (v === null || v === undefined) return null;
  const r = AwsIdentity.safeParse(v);
  return r.success ? r.data : null;
}

function toRow(r: RawSessionRow): SessionRow {
  const identity = parseIdentity(r.aws_identity);
  const startedAt = toIsoOrNull(r.started_at);
  const endedAt = toIsoOrNull(r.ended_at);
  const fromLog = identity?.principalArn ?? null;
  return {
    id: r.id,
    kind: r.kind,
    externalId: r.external_id,
    agentVersion: r.agent_version,
    mode: r.mode,
    approvalPolicy: r.approval_policy,
    user: r.user,
    host: r.host,
    startedAt,
    endedAt,
    durationMs: sessionDurationMs(startedAt, endedAt),
    toolCalls: Number(r.tool_calls),
    destructive: Number(r.destructive),
    approvals: Number(r.approvals),
    rejections: Number(r.rejections),
    redactions: Number(r.redactions),
    principalArn: fromLog ?? r.linked_principal,
    principalFrom: fromLog ? "log" : r.linked_principal ? "cloudtrail" : null,
    incidents: Number(r.incidents),
    blocked: Number(r.blocked),
    linkedEvents: Number(r.linked_events),
  };
}

function listConditions(state: SessionListState): Prisma.Sql {
  const c: Prisma.Sql[] = [];
  if (state.kind) c.push(Prisma.sql`s.kind = ${state.kind}`);
  if (state.mode) c.push(Prisma.sql`s.mode = ${state.mode}`);
  if (state.q) {
    const q = state.q.toLowerCase();
    c.push(Prisma.sql`position(${q} in lower(concat_ws(' ', s."user", s.host, s.cwd, s.external_id, s.model))) > 0`);
  }
  return c.length ? Prisma.sql`WHERE ${Prisma.join(c, " AND ")}` : Prisma.empty;
}

/** One page of sessions for the list's URL state (offset pagination: sessions are few next to events). */
export async function listSessions(store: Store, input: Partial<SessionListState> = {}): Promise<SessionPage> {
  const state = { ...DEFAULT_SESSION_STATE, ...input };
  const sort = Object.hasOwn(SORT_SQL, state.sort) ? SORT_SQL[state.sort] : SORT_SQL.startedAt;
  const dir = state.dir === "asc" ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  const where = listConditions(state);
  const limit = Math.max(1, Math.min(200, Math.floor(state.limit)));
  const offset = Math.max(0, Math.floor(state.offset));
  const [rows, count] = await Promise.all([
    store.prisma.$queryRaw<RawSessionRow[]>`
      SELECT ${ROW_COLUMNS} FROM agent_session s ${where}
      ORDER BY ${sort} ${dir} NULLS LAST, s.id ${dir}
      LIMIT ${limit}::int OFFSET ${offset}::int`,
    store.prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM agent_session s ${where}`,
  ]);
  return { rows: rows.map(toRow), total: Number(count[0]?.n ?? 0) };
}

/** Distinct agent kinds and modes for the list's filters. */
export async function sessionFacets(store: Store): Promise<{ kinds: string[]; modes: string[] }> {
  const [kinds, modes] = await Promise.all([
    store.prisma.$queryRaw<{ v: string }[]>`SELECT DISTINCT kind AS v FROM agent_session ORDER BY 1 LIMIT 100`,
    store.prisma.$queryRaw<{ v: string }[]>`SELECT DISTINCT mode AS v FROM agent_session WHERE mode IS NOT NULL ORDER BY 1 LIMIT 100`,
  ]);
  return { kinds: kinds.map((r) => r.v), modes: modes.map((r) => r.v) };
}

const SESSION_LINKS_SHOWN = 100;
const BLOCKED_SHOWN = 100;

/** The session header, its incidents, its blocked attempts and its session-level links; null when unknown. */
export async function getSessionDetail(store: Store, id: string): Promise<SessionDetail | null> {
  if (!isUuid(id)) return null;
  const [raw] = await store.prisma.$queryRaw<RawSessionRow[]>`SELECT ${ROW_COLUMNS} FROM agent_session s WHERE s.id = ${id}::uuid`;
  if (!raw) return null;
  const p = store.prisma;
  const [source, actionCount, incidents, blocked, sessionLinks, sessionLinkCount] = await Promise.all([
    raw.source_id ? p.ingestSource.findUnique({ where: { id: raw.source_id }, select: { id: true, fileName: true, format: true } }) : null,
    p.agentAction.count({ where: { sessionId: id } }),
    p.incident.findMany({
      where: { sessionId: id },
      orderBy: { startedAt: "asc" },
      select: { id: true, title: true, status: true, startedAt: true, durationMinutes: true, triggerEventId: true },
    }),
    p.$queryRaw<(LinkedEventRow & { command: string | null; seq: number | null })[]>`
      SELECT ${LINKED_EVENT_COLUMNS}, a.command, a.seq
      FROM action_event_link l JOIN cloudtrail_event e ON e.event_id = l.event_id LEFT JOIN agent_action a ON a.id = l.action_id
      WHERE l.session_id = ${id}::uuid AND e.risk = 'destructive' AND NOT e.executed
      ORDER BY e.event_time, e.id LIMIT ${BLOCKED_SHOWN}::int`,
    p.$queryRaw<LinkedEventRow[]>`
      SELECT ${LINKED_EVENT_COLUMNS}
      FROM action_event_link l JOIN cloudtrail_event e ON e.event_id = l.event_id
      WHERE l.session_id = ${id}::uuid AND l.action_id IS NULL
      ORDER BY e.event_time, e.id LIMIT ${SESSION_LINKS_SHOWN}::int`,
    p.actionEventLink.count({ where: { sessionId: id, actionId: null } }),
  ]);
  return {
    ...toRow(raw),
    cwd: raw.cwd,
    model: raw.model,
    awsIdentity: parseIdentity(raw.aws_identity),
    source: source ? { id: source.id, fileName: source.fileName, format: source.format } : null,
    actionCount,
    incidentRefs: incidents.map((i) => ({
      id: i.id,
      title: i.title,
      status: i.status,
      startedAt: i.startedAt.toISOString(),
      durationMinutes: i.durationMinutes,
      triggerEventId: i.triggerEventId,
    })),
    blockedAttempts: blocked.map((r) => ({ ...toLinkedEvent(r), command: r.command, actionSeq: r.seq === null ? null : Number(r.seq) })),
    sessionLinks: sessionLinks.map(toLinkedEvent),
    sessionLinkTotal: sessionLinkCount,
  };
}

export const ACTIONS_PAGE_SIZE = 100;
/** Linked events shown per action (the rest are counted; the events explorer has them all). */
export const LINKS_PER_ACTION = 50;
/** Characters of prompt/plan text and of tool output sent per action. */
const TEXT_MAX = 20_000;

function capText(s: string | null): [string | null, boolean] {
  if (s === null) return [null, false];
  return s.length > TEXT_MAX ? [s.slice(0, TEXT_MAX), true] : [s, false];
}

/** Tool input for tools without a command line (file edits, API tools), as bounded JSON text. */
function inputText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const s = typeof v === "string" ? v : JSON.stringify(v, null, 2);
  return s.length > 4000 ? `${s.slice(0, 4000)}…` : s;
}

export function commandViews(v: unknown): ParsedCommandView[] {
  if (!Array.isArray(v)) return [];
  const out: ParsedCommandView[] = [];
  for (const c of v.slice(0, 50)) {
    const r = ParsedCommand.safeParse(c);
    if (!r.success) continue;
    const op = r.data.aws
      ? `${r.data.aws.service} ${r.data.aws.operation}`
      : r.data.terraform
        ? `terraform ${r.data.terraform.subcommand}`
        : null;
    out.push({ program: r.data.program, risk: r.data.risk, riskReason: r.data.riskReason, operation: op });
  }
  return out;
}

/** A page of the session's actions in order, each with the CloudTrail events linked to it. */
export async function listSessionActions(
  store: Store,
  sessionId: string,
  page: { offset: number; limit?: number },
): Promise<SessionActionView[]> {
  if (!isUuid(sessionId)) return [];
  const limit = Math.max(1, Math.min(500, page.limit ?? ACTIONS_PAGE_SIZE));
  const actions = await store.prisma.agentAction.findMany({
    where: { sessionId },
    orderBy: [{ seq: "asc" }, { id: "asc" }],
    skip: Math.max(0, page.offset),
    take: limit,
    omit: { raw: true },
  });
  if (actions.length === 0) return [];
  const ids = actions.map((a) => Prisma.sql`${a.id.toString()}::bigint`);
  const linkRows = await store.prisma.$queryRaw<(LinkedEventRow & { n: number })[]>`
    SELECT * FROM (
      SELECT ${LINKED_EVENT_COLUMNS},
             row_number() OVER (PARTITION BY l.action_id ORDER BY e.event_time, e.id) AS rn,
             count(*) OVER (PARTITION BY l.action_id)::int AS n
      FROM action_event_link l JOIN cloudtrail_event e ON e.event_id = l.event_id
      WHERE l.session_id = ${sessionId}::uuid AND l.action_id IN (${Prisma.join(ids)})
    ) x WHERE x.rn <= ${LINKS_PER_ACTION}::int
    ORDER BY x.action_id, x.event_time`;
  const links = new Map<string, { list: LinkedEventView[]; total: number }>();
  for (const r of linkRows) {
    const key = r.action_id ?? "";
    const entry = links.get(key) ?? { list: [], total: Number(r.n) };
    entry.list.push(toLinkedEvent(r));
    links.set(key, entry);
  }
  return actions.map((a) => {
    const [text, textTruncated] = capText(a.text);
    const [output, outputTruncated] = capText(a.output);
    const l = links.get(a.id.toString());
    return {
      id: a.id.toString(),
      seq: a.seq,
      kind: a.kind,
      at: a.at.toISOString(),
      endedAt: toIsoOrNull(a.endedAt),
      actor: a.actor,
      text,
      textTruncated,
      toolCallId: a.toolCallId,
      tool: a.tool,
      command: a.command,
      inputText: a.command ? null : inputText(a.input),
      cwd: a.cwd,
      exitCode: a.exitCode,
      isError: a.isError,
      output,
      outputTruncated,
      approval: a.kind === "tool_call" ? approvalView(a) : null,
      commands: commandViews(a.commands),
      risk: (a.risk as RiskClass | null) ?? null,
      subagent: a.subagent,
      links: l?.list ?? [],
      linkTotal: l?.total ?? 0,
    };
  });
}
