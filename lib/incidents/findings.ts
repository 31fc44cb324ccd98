import type { IdentityChain } from "@/lib/correlation/identity-chain";
import type { CorrelationAction, CorrelationEvent } from "@/lib/correlation/types";
import type { Finding, IncidentDetail } from "./report-schema";
import { ownResourceRefs } from "./resource-keys";
import { extractScope, outOfScopeReason } from "./scope";
import type { IncidentSession } from "./types";

/**
 * Approval of the trigger. `recorded` is true only for an `approved` decision a person made (source `user`, or
 * `unknown` with an approver named); config allow-lists and policies are not human approval.
 */
export function approvalOf(
  session: IncidentSession,
  action: CorrelationAction | null,
  destructiveActions: readonly CorrelationAction[],
): IncidentDetail["approval"] {
  const a = action?.approval ?? null;
  const mode = session.mode ?? null;
  const evidence: string[] = [];
  const recorded = !!a && a.decision === "approved" && (a.source === "user" || (a.source === "unknown" && !!a.approver));
  if (!action) evidence.push("the trigger is linked to the session, not to a single tool call: no approval can be shown for it");
  else if (!a) evidence.push(`no approval record for tool call ${action.toolCallId ?? action.id}`);
  else if (a.decision === "rejected") evidence.push(`approval was rejected${a.approver ? ` by ${a.approver}` : ""}, yet the call ran`);
  else if (!recorded) evidence.push(`auto-approved by ${a.source}${a.detail ? ` (${a.detail})` : ""}, not by a person`);
  else evidence.push(`approved by ${a.approver ?? "a user"}${a.detail ? ` (${a.detail})` : ""}`);
  evidence.push(`session approval mode: ${mode ?? "unknown"}${session.approvalPolicy ? ` (policy: ${session.approvalPolicy})` : ""}`);
  const unapproved = destructiveActions.filter((x) => !(x.approval?.decision === "approved" && x.approval.source === "user"));
  if (destructiveActions.length)
    evidence.push(`${unapproved.length} of ${destructiveActions.length} destructive tool call(s) in the session had no human approval`);
  return {
    recorded,
    mode,
    decision: a?.decision ?? null,
    source: a?.source ?? null,
    approver: a?.approver ?? null,
    evidence,
  };
}

export function approvalFinding(approval: IncidentDetail["approval"], trigger: CorrelationEvent): Finding | null {
  if (approval.recorded) return null;
  return {
    kind: "approval-gap",
    severity: "high",
    title: `No recorded human approval for the destructive call (${approval.mode ?? "mode unknown"})`,
    evidence: [`trigger ${trigger.eventName} at ${new Date(trigger.eventTime).toISOString()}`, ...approval.evidence],
    eventIds: [trigger.eventId],
  };
}

export function privilegeFinding(chain: IdentityChain, trigger: CorrelationEvent): Finding | null {
  if (!chain.inheritedHumanSession) return null;
  return {
    kind: "inherited-privilege",
    severity: "high",
    title: "The agent ran on a human's session or an admin role rather than a scoped agent role",
    evidence: chain.evidence,
    eventIds: [trigger.eventId],
  };
}

/**
 * Scope statements come from the user's prompts and the plans written before the first tool call (the spec the agent
 * committed to), or — when the agent planned only mid-run — plans before the trigger.
 */
export function scopeTexts(session: IncidentSession, triggerTime: number): string[] {
  const firstTool = Math.min(...session.actions.filter((a) => a.kind === "tool_call").map((a) => a.at), triggerTime);
  const pick = (until: number) => session.actions.filter((a) => a.text && (a.kind === "prompt" || (a.kind === "plan" && a.at <= until)));
  const early = pick(firstTool);
  const chosen = early.some((a) => a.kind === "plan") ? early : pick(triggerTime);
  return chosen.map((a) => a.text!);
}

export function scopeFinding(session: IncidentSession, destructive: readonly CorrelationEvent[], triggerTime: number): Finding | null {
  const scope = extractScope(scopeTexts(session, triggerTime));
  if (!scope) return null;
  // One reason per resource, named after the last call that destroyed it; every out-of-scope call is listed.
  const reasons = new Map<string, string>();
  const eventIds: string[] = [];
  for (const e of destructive) {
    let out = false;
    for (const ref of ownResourceRefs(e)) {
      const why = outOfScopeReason(scope, ref.name);
      if (!why) continue;
      out = true;
      reasons.delete(ref.key);
      reasons.set(ref.key, `${e.eventName} ${why}`);
    }
    if (out) eventIds.push(e.eventId);
  }
  if (!eventIds.length) return null;
  return {
    kind: "out-of-scope",
    severity: "high",
    title: `Destructive calls outside the task's stated scope (${eventIds.length})`,
    evidence: [...scope.statements.map((s) => `stated scope: "${s}"`), ...reasons.values()],
    eventIds,
  };
}
