import type { EventLink } from "@/lib/correlation/types";
import type { EvidenceItem, ScopeAction, ScopeEvent, ScopeSession, TargetEvidence } from "../types";
import { eventItem } from "./evidence";

/** Organizations / IAM calls that create or attach a guardrail policy. */
export const POLICY_SETUP_EVENTS: Record<string, readonly string[]> = {
  "organizations.amazonaws.com": ["CreatePolicy", "AttachPolicy", "UpdatePolicy", "EnablePolicyType"],
  "iam.amazonaws.com": [
    "PutRolePermissionsBoundary",
    "PutUserPermissionsBoundary",
    "PutRolePolicy",
    "PutUserPolicy",
    "AttachRolePolicy",
    "AttachUserPolicy",
    "CreatePolicy",
    "CreatePolicyVersion",
  ],
};
/** Calls that remove a guardrail. */
export const POLICY_REMOVAL_EVENTS: Record<string, readonly string[]> = {
  "organizations.amazonaws.com": ["DetachPolicy", "DeletePolicy", "DisablePolicyType"],
  "iam.amazonaws.com": ["DeleteRolePermissionsBoundary", "DeleteUserPermissionsBoundary"],
};

const isIn = (table: Record<string, readonly string[]>, e: ScopeEvent) => table[e.eventSource]?.includes(e.eventName) ?? false;
const denied = (e: ScopeEvent) => !e.executed && /AccessDenied|UnauthorizedOperation|Forbidden/i.test(e.errorCode ?? "");

export interface LinkIndex {
  byEvent: Map<string, { session: ScopeSession; action: ScopeAction | null }>;
}

export function linkIndex(sessions: readonly ScopeSession[], links: readonly EventLink[]): LinkIndex {
  const sById = new Map(sessions.map((s) => [s.id, s]));
  const byEvent = new Map<string, { session: ScopeSession; action: ScopeAction | null }>();
  for (const l of links) {
    const session = sById.get(l.sessionId);
    if (!session || byEvent.has(l.eventId)) continue;
    byEvent.set(l.eventId, { session, action: l.actionId ? (session.actions.find((a) => a.id === l.actionId) ?? null) : null });
  }
  return { byEvent };
}

/**
 * deny-policy: CloudTrail shows the policy being created/attached (ok) or detached (violation); agent destructive
 * attempts in scope refused with AccessDenied are the guardrail holding (ok); one that succeeded is a violation —
 * unless replay shows the safeguard's own policy would not deny it (then it is outside the policy: info).
 */
export function verifyDenyPolicy(
  events: readonly ScopeEvent[],
  idx: LinkIndex,
  ev: Pick<TargetEvidence, "policyDecisions">,
): EvidenceItem[] {
  const out: EvidenceItem[] = [];
  for (const e of events) {
    if (isIn(POLICY_SETUP_EVENTS, e) && e.executed) {
      out.push(eventItem("ok", e, `${e.eventName}: guardrail policy put in place by ${e.principalArn ?? "unknown"}`));
      continue;
    }
    if (isIn(POLICY_REMOVAL_EVENTS, e) && e.executed) {
      out.push(eventItem("violation", e, `${e.eventName}: a guardrail policy was removed by ${e.principalArn ?? "unknown"}`));
      continue;
    }
    const via = idx.byEvent.get(e.eventId);
    if (!via || e.risk !== "destructive") continue;
    if (denied(e)) {
      out.push(eventItem("ok", e, `agent's ${e.eventName} refused (${e.errorCode}): the guardrail held`, via));
    } else if (e.executed) {
      const d = ev.policyDecisions?.get(e.eventId);
      if (d && !d.blocked) out.push(eventItem("info", e, `agent's ${e.eventName} succeeded; the policy does not cover it`, via));
      else
        out.push(
          eventItem(
            "violation",
            e,
            `agent's ${e.eventName} succeeded${d?.statement ? ` although ${d.statement} denies it: the policy is not in force` : ""}`,
            via,
          ),
        );
    }
  }
  return out;
}
