import { verifyAgentPermissionRules } from "./kinds/agent-rules";
import { verifyApprovalRequired, verifyPeerReview } from "./kinds/approval";
import { verifyDeletionProtection } from "./kinds/deletion-protection";
import { linkIndex, verifyDenyPolicy } from "./kinds/deny-policy";
import { verifyScopedAgentRole } from "./kinds/scoped-role";
import { eventInScope, rolledOut, sessionAccount, sessionInScope } from "./scope";
import type {
  EvidenceItem,
  SafeguardDef,
  ScopeEvent,
  ScopeSession,
  ScopeTarget,
  TargetEvidence,
  TargetStatus,
  TargetVerdict,
} from "./types";

/** Evidence items kept per target (violations first); counts always cover everything judged. */
export const MAX_EVIDENCE_ITEMS = 200;

/**
 * Judges one target of a safeguard from the evidence in its scope since rollout. Pure.
 * planned: no rollout date or one in the future; violated: any violation; verified: observations and no violation;
 * no_evidence: rolled out, nothing in scope judged yet.
 */
export function verifyTarget(def: SafeguardDef, target: ScopeTarget, ev: TargetEvidence): TargetVerdict {
  if (!rolledOut(target, ev.now)) return { status: "planned", violations: 0, observations: 0, evidence: [] };
  const eventsById = new Map(ev.events.map((e) => [e.eventId, e]));
  const linked = new Map<string, ScopeEvent[]>();
  for (const l of ev.links) {
    const e = eventsById.get(l.eventId);
    if (!e) continue;
    const list = linked.get(l.sessionId) ?? [];
    list.push(e);
    linked.set(l.sessionId, list);
  }
  const linkedOf = (s: ScopeSession) => linked.get(s.id) ?? [];
  const sessions = ev.sessions.filter((s) => sessionInScope(target, s, sessionAccount(s, linkedOf(s))));
  const events = ev.events.filter((e) => eventInScope(target, e)).sort((a, b) => a.eventTime - b.eventTime);
  const idx = linkIndex(sessions, ev.links);

  let items: EvidenceItem[];
  switch (def.kind) {
    case "approval-required":
      items = verifyApprovalRequired(target, sessions);
      break;
    case "peer-review":
      items = verifyPeerReview(target, sessions);
      break;
    case "scoped-agent-role":
      items = verifyScopedAgentRole(sessions, linkedOf, def.agentRoles);
      break;
    case "deny-policy":
      items = verifyDenyPolicy(events, idx, ev);
      break;
    case "deletion-protection":
      items = verifyDeletionProtection(def.resources ?? [], events, idx);
      break;
    case "agent-permission-rules":
      items = verifyAgentPermissionRules(target, sessions, def);
      break;
  }
  return summarize(withCausedEvents(items, sessions, ev));
}

/** An action's evidence also points at the first CloudTrail call it caused (links), so it can be opened in the explorer. */
function withCausedEvents(items: EvidenceItem[], sessions: readonly ScopeSession[], ev: TargetEvidence): EvidenceItem[] {
  const actionId = new Map<string, string>();
  for (const s of sessions) for (const a of s.actions) actionId.set(`${s.id}|${a.key}`, a.id);
  const times = new Map(ev.events.map((e) => [e.eventId, e.eventTime]));
  const firstEvent = new Map<string, string>();
  for (const l of ev.links) {
    if (!l.actionId || !times.has(l.eventId)) continue;
    const cur = firstEvent.get(l.actionId);
    if (!cur || times.get(l.eventId)! < times.get(cur)!) firstEvent.set(l.actionId, l.eventId);
  }
  return items.map((i) => {
    if (i.eventId || !i.sessionId || !i.actionKey) return i;
    const id = actionId.get(`${i.sessionId}|${i.actionKey}`);
    const eventId = id ? (firstEvent.get(id) ?? null) : null;
    return eventId ? { ...i, eventId } : i;
  });
}

export function summarize(items: EvidenceItem[]): TargetVerdict {
  const violations = items.filter((i) => i.verdict === "violation").length;
  const observations = items.filter((i) => i.verdict !== "info").length;
  const status: TargetStatus = violations > 0 ? "violated" : observations > 0 ? "verified" : "no_evidence";
  const rank = { violation: 0, ok: 1, info: 2 } as const;
  const evidence = [...items].sort((a, b) => rank[a.verdict] - rank[b.verdict] || b.at - a.at).slice(0, MAX_EVIDENCE_ITEMS);
  return { status, violations, observations, evidence };
}

/** A safeguard's status from its targets: violated > all planned → planned > all rolled-out verified → verified > no_evidence. */
export function overallStatus(statuses: readonly TargetStatus[]): TargetStatus {
  if (statuses.includes("violated")) return "violated";
  const live = statuses.filter((s) => s !== "planned");
  if (!live.length) return "planned";
  return live.every((s) => s === "verified") ? "verified" : "no_evidence";
}

/** Share of targets verified (0–100, rounded). */
export function coveragePercent(statuses: readonly TargetStatus[]): number {
  if (!statuses.length) return 0;
  return Math.round((statuses.filter((s) => s === "verified").length / statuses.length) * 100);
}
