import { actionInScope, isDestructiveCall, isUnsupervised, samePerson } from "../scope";
import type { EvidenceItem, ScopeAction, ScopeSession, ScopeTarget } from "../types";
import { actionItem, describeApproval } from "./evidence";

/** A person approved it (not a config allow-list or an autopilot policy), before the call finished. */
export function humanApproved(a: ScopeAction): boolean {
  const ap = a.approval;
  if (!ap) return false;
  if (ap.decision !== "approved") return false;
  if (!(ap.source === "user" || (ap.source === "unknown" && !!ap.approver))) return false;
  const ranUntil = a.endedAt ?? Number.POSITIVE_INFINITY;
  return ap.at === null || ap.at <= ranUntil;
}

/** The call did not run: rejected, or refused before running. */
function refused(a: ScopeAction): boolean {
  return a.approval?.decision === "rejected";
}

/**
 * approval-required: every destructive agent tool call in scope since rollout has an explicit human approval
 * recorded before it ran. Violation: a destructive call with none (the session mode says why: autopilot, never, bypass).
 */
export function verifyApprovalRequired(t: ScopeTarget, sessions: readonly ScopeSession[]): EvidenceItem[] {
  const out: EvidenceItem[] = [];
  for (const s of sessions)
    for (const a of s.actions) {
      if (!isDestructiveCall(a) || !actionInScope(t, a)) continue;
      if (refused(a)) out.push(actionItem("ok", s, a, `destructive call refused: ${describeApproval(a.approval)}`));
      else if (humanApproved(a)) out.push(actionItem("ok", s, a, `destructive call ${describeApproval(a.approval)}`));
      else {
        const mode = s.mode ? ` in ${s.mode} mode${isUnsupervised(s.mode) ? " (unsupervised)" : ""}` : "";
        const why = a.approval ? `${describeApproval(a.approval)}, not a person before it ran` : "no human approval recorded";
        out.push(actionItem("violation", s, a, `destructive call ran${mode}: ${why}`));
      }
    }
  return out;
}

/**
 * peer-review: the approver of a destructive agent action is a different person from the one the agent ran for.
 * Violation: self-approval, or no human approval.
 */
export function verifyPeerReview(t: ScopeTarget, sessions: readonly ScopeSession[]): EvidenceItem[] {
  const out: EvidenceItem[] = [];
  for (const s of sessions)
    for (const a of s.actions) {
      if (!isDestructiveCall(a) || !actionInScope(t, a)) continue;
      if (refused(a)) {
        out.push(actionItem("ok", s, a, `destructive call refused in review: ${describeApproval(a.approval)}`));
        continue;
      }
      if (!humanApproved(a)) {
        const mode = s.mode ? ` (${s.mode} mode)` : "";
        out.push(actionItem("violation", s, a, `destructive call ran without review${mode}: ${describeApproval(a.approval)}`));
        continue;
      }
      const approver = a.approval?.approver ?? null;
      if (!approver)
        out.push(actionItem("violation", s, a, "approved by an unnamed person: the reviewer cannot be told apart from the requester"));
      else if (!s.user)
        out.push(actionItem("info", s, a, `approved by ${approver}; the session's user is unknown, so peer review cannot be shown`));
      else if (samePerson(approver, s.user))
        out.push(actionItem("violation", s, a, `self-approved: ${approver} approved a call the agent ran for ${s.user}`));
      else out.push(actionItem("ok", s, a, `peer-reviewed: ${approver} approved a call the agent ran for ${s.user}`));
    }
  return out;
}
