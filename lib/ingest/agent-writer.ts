import "server-only";
import { isUniqueViolation, type Store } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { AgentActionInput, AgentSessionInput } from "@/lib/model/agent";
import { jsonbSafeValue } from "./jsonb-text";

const d = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms));
const json = (v: unknown) => (v === undefined || v === null ? undefined : (v as Prisma.InputJsonValue));
/** PostgreSQL text cannot hold NUL. */
const text = (s: string | null | undefined) =>
  s === null || s === undefined ? null : s.includes("\u0000") ? s.replace(/\u0000/g, "\uFFFD") : s;
/** jsonb refuses \u0000 and unpaired surrogate escapes. */
const stripNul = (v: unknown) => (v === undefined || v === null ? undefined : (jsonbSafeValue(v) as Prisma.InputJsonValue));

export type SessionWriteResult = { sessionId: string; newActions: number; duplicateRecords: number; ingestedRecords: number };

function actionRow(sessionId: string, a: AgentActionInput): Prisma.AgentActionCreateManyInput {
  return {
    sessionId,
    key: a.key,
    seq: a.seq,
    kind: a.kind,
    at: new Date(a.at),
    endedAt: d(a.endedAt),
    actor: a.actor,
    text: text(a.text),
    toolCallId: a.toolCallId,
    tool: a.tool,
    command: text(a.command),
    input: stripNul(a.input),
    cwd: a.cwd,
    exitCode: a.exitCode,
    isError: a.isError,
    output: text(a.output),
    approval: a.approval?.decision ?? null,
    approver: a.approval?.approver ?? null,
    approvalSource: a.approval?.source ?? null,
    approvalDetail: a.approval?.detail ?? null,
    approvalAt: d(a.approval?.at),
    commands: stripNul(a.commands) ?? [],
    risk: a.risk,
    subagent: a.subagent,
    recordIndex: a.recordIndex,
    raw: stripNul(a.raw),
  };
}

/**
 * Stores one parsed session: the session row is created or merged (same agent kind + session id), actions
 * are added by their stable key, so re-ingesting the same log adds nothing and counts its records as duplicates.
 */
export async function writeAgentSession(
  store: Store,
  s: AgentSessionInput,
  sourceId: string,
  redactions: number,
): Promise<SessionWriteResult> {
  const prisma = store.prisma;
  const where = { kind_externalId: { kind: s.kind, externalId: s.externalId } };
  let existing = await prisma.agentSession.findUnique({ where });
  const fields = {
    agentVersion: s.agentVersion,
    mode: s.mode,
    approvalPolicy: s.approvalPolicy,
    user: s.user,
    host: s.host,
    cwd: s.cwd,
    model: s.model,
    awsIdentity: json(s.awsIdentity),
  };
  let sessionId: string | null = null;
  if (!existing) {
    try {
      const created = await prisma.agentSession.create({
        data: { kind: s.kind, externalId: s.externalId, ...fields, startedAt: d(s.startedAt), endedAt: d(s.endedAt), sourceId, redactions },
      });
      sessionId = created.id;
    } catch (e) {
      // Two requests creating the same new session at once (e.g. an OTLP exporter sending a conversation's spans
      // concurrently): the loser merges into the winner's row instead of failing.
      if (!isUniqueViolation(e) && (e as { code?: unknown }).code !== "P2002") throw e;
      existing = await prisma.agentSession.findUnique({ where });
      if (!existing) throw e;
    }
  }
  if (existing) {
    sessionId = existing.id;
    const update = Object.fromEntries(
      Object.entries(fields).filter(([k, v]) => v !== null && v !== undefined && (existing as Record<string, unknown>)[k] == null),
    );
    if (Object.keys(update).length) await prisma.agentSession.update({ where: { id: sessionId }, data: update });
    // Widen the time range in SQL (LEAST/GREATEST skip NULLs), so concurrent writers of one session cannot undo each other.
    await prisma.$executeRaw`
      UPDATE agent_session SET started_at = LEAST(started_at, ${d(s.startedAt)}::timestamptz),
        ended_at = GREATEST(ended_at, ${d(s.endedAt)}::timestamptz)
      WHERE id = ${sessionId}::uuid`;
  }
  if (sessionId === null) throw new Error("agent session was neither found nor created");
  const keys = s.actions.map((a) => a.key);
  const have = new Set<string>();
  for (let i = 0; i < keys.length; i += 5000) {
    const rows = await prisma.agentAction.findMany({ where: { sessionId, key: { in: keys.slice(i, i + 5000) } }, select: { key: true } });
    for (const r of rows) have.add(r.key);
  }
  const fresh = s.actions.filter((a) => !have.has(a.key));
  for (let i = 0; i < fresh.length; i += 1000) {
    await prisma.agentAction.createMany({ data: fresh.slice(i, i + 1000).map((a) => actionRow(sessionId, a)), skipDuplicates: true });
  }
  const duplicateRecords = s.actions.filter((a) => have.has(a.key)).reduce((n, a) => n + a.recordCount, 0) + (existing ? s.metaRecords : 0);
  const ingestedRecords = fresh.reduce((n, a) => n + a.recordCount, 0) + (existing ? 0 : s.metaRecords);
  if (existing && redactions)
    await prisma.agentSession.update({ where: { id: sessionId }, data: { redactions: { increment: redactions } } });
  await refreshSessionCounts(store, sessionId);
  return { sessionId, newActions: fresh.length, duplicateRecords, ingestedRecords };
}

/** Recomputes the per-session counters shown in the sessions table. */
export async function refreshSessionCounts(store: Store, sessionId: string): Promise<void> {
  await store.prisma.$executeRaw`
    UPDATE agent_session s SET
      tool_calls = c.tool_calls, destructive = c.destructive, approvals = c.approvals, rejections = c.rejections
    FROM (
      SELECT count(*) FILTER (WHERE kind = 'tool_call')::int AS tool_calls,
             count(*) FILTER (WHERE kind = 'tool_call' AND risk = 'destructive')::int AS destructive,
             count(*) FILTER (WHERE approval = 'approved')::int AS approvals,
             count(*) FILTER (WHERE approval = 'rejected')::int AS rejections
      FROM agent_action WHERE session_id = ${sessionId}::uuid) c
    WHERE s.id = ${sessionId}::uuid`;
}
