import type { EventLink } from "@/lib/correlation/types";
import type { Approval } from "@/lib/model/agent";
import type { ScopeAction, ScopeEvent, ScopeSession, ScopeTarget, TargetEvidence } from "@/lib/safeguards/types";
import { ACCT, AGENT_ARN, AGENT_ROLE_ARN, awsCmd, ev, identity, T0 } from "../correlation/fixtures";

/** Builders for the safeguard verifier tests (not a test file). Events follow lib/model/cloudtrail-event.ts. */

export { ACCT, AGENT_ARN, AGENT_ROLE_ARN, T0 };
export const ROLLOUT = T0 - 86_400_000;
export const SCOPED_ARN = `arn:aws-cn:sts::${ACCT}:assumed-role/agent-deployer/kiro-run-7`;
export const SCOPED_ROLE_ARN = `arn:aws-cn:iam::${ACCT}:role/agents/agent-deployer`;

export function target(p: Partial<ScopeTarget> = {}): ScopeTarget {
  return { account: ACCT, rolloutAt: ROLLOUT, regions: [], agentKinds: [], teams: [], members: [], environments: [], ...p };
}

let n = 0;
export function call(command: string, p: Partial<ScopeAction> = {}): ScopeAction {
  const parts = command.split(" ");
  const cmd = parts[0] === "aws" ? awsCmd(parts[1], parts[2]) : null;
  const destructive = /delete|destroy|terminate|rm -rf/.test(command);
  n++;
  return {
    id: String(1000 + n),
    key: `tool-${n}`,
    kind: "tool_call",
    at: T0 + n * 1000,
    endedAt: T0 + n * 1000 + 500,
    tool: "Bash",
    command,
    commands: cmd ? [{ ...cmd, risk: destructive ? "destructive" : "read" }] : [],
    risk: destructive ? "destructive" : "read",
    approval: null,
    isError: false,
    exitCode: 0,
    ...p,
  };
}

export function approval(p: Partial<Approval> = {}): Approval {
  return { decision: "approved", approver: "wang.fang@example.com", source: "user", detail: null, at: null, ...p };
}

export function agentSession(actions: ScopeAction[], p: Partial<ScopeSession> = {}): ScopeSession {
  n++;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    externalId: `sess-${n}`,
    kind: "claude-code",
    mode: "default",
    approvalPolicy: null,
    user: "dev.li@example.com",
    startedAt: T0,
    endedAt: T0 + 3_600_000,
    awsIdentity: identity(),
    actions,
    ...p,
  };
}

export function event(p: Parameters<typeof ev>[0] & { requestParameters?: Record<string, unknown> }): ScopeEvent {
  return ev(p);
}

export function link(s: ScopeSession, a: ScopeAction | null, e: ScopeEvent): EventLink {
  return { sessionId: s.id, actionId: a?.id ?? null, eventId: e.eventId, confidence: "high", evidence: ["test"] };
}

export function evidence(p: Partial<TargetEvidence>): TargetEvidence {
  return { sessions: [], links: [], events: [], now: T0 + 7 * 86_400_000, ...p };
}
