import { decide } from "../agent-rules";
import { actionInScope } from "../scope";
import type { EvidenceItem, SafeguardDef, ScopeSession, ScopeTarget } from "../types";
import { humanApproved } from "./approval";
import { actionItem, sessionItem } from "./evidence";

/** Session modes that switch an agent's own safeguards off, per agent kind. */
function modeBreach(s: ScopeSession): string | null {
  const mode = (s.mode ?? "").toLowerCase();
  const policy = (s.approvalPolicy ?? "").toLowerCase();
  if (s.kind === "codex" && (mode === "never" || policy === "never")) return "Codex approval policy is `never`";
  if (s.kind === "kiro" && mode === "autopilot") return "Kiro ran in autopilot, not supervised mode";
  if (mode === "bypass" || mode === "bypasspermissions" || mode === "yolo") return `the agent ran with permissions bypassed (${s.mode})`;
  return null;
}

/**
 * agent-permission-rules: the agent's own rules held. Evidence: session modes (Codex approval policy other than
 * `never`, Kiro supervised mode), tool calls refused by configuration (the rule held), and — with `rules` — tool
 * calls matching a deny rule that ran anyway, or an ask rule that ran without a person's approval (violations).
 */
export function verifyAgentPermissionRules(t: ScopeTarget, sessions: readonly ScopeSession[], def: SafeguardDef): EvidenceItem[] {
  const out: EvidenceItem[] = [];
  for (const s of sessions) {
    const breach = modeBreach(s);
    out.push(sessionItem(breach ? "violation" : "ok", s, breach ?? `session mode ${s.mode ?? "default"} keeps the agent's rules in force`));
    for (const a of s.actions) {
      if (a.kind !== "tool_call" || !actionInScope(t, a)) continue;
      const rejected = a.approval?.decision === "rejected";
      const m = def.rules ? decide(def.rules, a) : { decision: "none" as const, rule: null };
      if (rejected && (a.approval?.source === "config" || m.decision === "deny")) {
        out.push(actionItem("ok", s, a, `refused by the agent's configuration${m.rule ? ` (${m.rule})` : ""}: the rule held`));
      } else if (m.decision === "deny" && !rejected) {
        out.push(actionItem("violation", s, a, `a command matching ${m.rule} ran`));
      } else if (m.decision === "ask" && !rejected && !humanApproved(a)) {
        out.push(actionItem("violation", s, a, `a command matching ${m.rule} ran without a person's approval`));
      }
    }
  }
  return out;
}
