import type { EvidenceItem, ScopeAction, ScopeEvent, ScopeSession } from "../types";

export function actionItem(verdict: EvidenceItem["verdict"], s: ScopeSession, a: ScopeAction, reason: string): EvidenceItem {
  return {
    verdict,
    at: a.at,
    reason,
    eventId: null,
    sessionId: s.id,
    sessionExternalId: s.externalId,
    actionKey: a.key,
    actionSeq: a.seq ?? null,
    command: a.command,
  };
}

export function sessionItem(verdict: EvidenceItem["verdict"], s: ScopeSession, reason: string): EvidenceItem {
  return {
    verdict,
    at: s.startedAt ?? s.actions[0]?.at ?? 0,
    reason,
    eventId: null,
    sessionId: s.id,
    sessionExternalId: s.externalId,
    actionKey: null,
    command: null,
  };
}

export function eventItem(
  verdict: EvidenceItem["verdict"],
  e: ScopeEvent,
  reason: string,
  via?: { session: ScopeSession; action: ScopeAction | null },
): EvidenceItem {
  return {
    verdict,
    at: e.eventTime,
    reason,
    eventId: e.eventId,
    sessionId: via?.session.id ?? null,
    sessionExternalId: via?.session.externalId ?? null,
    actionKey: via?.action?.key ?? null,
    actionSeq: via?.action?.seq ?? null,
    command: via?.action?.command ?? null,
  };
}

/** "by <approver> (<source>)" */
export function describeApproval(a: ScopeAction["approval"]): string {
  if (!a) return "no approval recorded";
  return `${a.decision} by ${a.approver ?? "unknown"} (${a.source}${a.detail ? `, ${a.detail}` : ""})`;
}
