import "server-only";
import type { Store } from "@/lib/db";
import { defOf, loadReplayInput, loadTargetEvidence, scopeOf } from "./evidence-queries";
import type { AgentRules, PolicyDocument, PolicyType } from "./file-schema";
import { iamRequestOf } from "./iam-request";
import { loadSafeguardRows } from "./queries";
import { type Candidate, type ReplayResult, replayIncidents } from "./replay";
import { evaluatePolicy } from "./replay-iam";
import type { SafeguardDef, TargetEvidence, TargetVerdict } from "./types";
import { verifyTarget } from "./verify";

/**
 * For deny-policy: whether the safeguard's own policy would deny each agent-linked destructive call that succeeded,
 * so a call outside the policy is not counted against it.
 */
export async function policyDecisions(def: SafeguardDef, ev: TargetEvidence): Promise<TargetEvidence["policyDecisions"]> {
  if (def.kind !== "deny-policy" || !def.policy) return undefined;
  const linked = new Set(ev.links.map((l) => l.eventId));
  const out = new Map<string, { blocked: boolean; statement: string | null }>();
  for (const e of ev.events) {
    if (!linked.has(e.eventId) || e.risk !== "destructive" || !e.executed) continue;
    const r = await evaluatePolicy(def.policy, def.policyType ?? "scp", iamRequestOf(e));
    if (r.decision !== "error") out.set(e.eventId, { blocked: r.decision === "blocked", statement: r.statement });
  }
  return out;
}

/** Loads a target's evidence and judges it. */
export async function judgeTarget(
  store: Store,
  def: SafeguardDef,
  target: Parameters<typeof scopeOf>[0],
  now: number,
): Promise<TargetVerdict> {
  const scope = scopeOf(target);
  const ev = await loadTargetEvidence(store, def, scope, now);
  ev.policyDecisions = await policyDecisions(def, ev);
  return verifyTarget(def, scope, ev);
}

export { defOf, loadSafeguardRows };

/** The candidate a stored safeguard carries for replay: its policy, or its agent rules; null for other kinds. */
export function candidateOf(s: {
  policy: PolicyDocument | null;
  policyType: PolicyType | null;
  rules: AgentRules | null;
}): Candidate | null {
  if (s.policy) return { type: s.policyType ?? "scp", policy: s.policy };
  if (s.rules) return { type: "agent-rules", rules: s.rules };
  return null;
}

/** Replays the past incidents in the given accounts (all when none) against a candidate. */
export async function replayInStore(
  store: Store,
  candidate: Candidate,
  opts: { incident?: string; accounts?: string[] } = {},
): Promise<ReplayResult> {
  return replayIncidents(await loadReplayInput(store, opts.incident, opts.accounts), candidate);
}
