import { z } from "zod";
import type { CorrelationEvent, EventLink } from "@/lib/correlation/types";
import type { Approval, AwsIdentity, ParsedCommand } from "@/lib/model/agent";
import type { RiskClass } from "@/lib/model/risk";
import type { AgentRules, PolicyDocument, PolicyType, SafeguardKind } from "./file-schema";

/** A target's state. `planned`: no rollout yet (or in the future); the rest are judged from evidence since rollout. */
export const TargetStatus = z.enum(["planned", "verified", "violated", "no_evidence"]);
export type TargetStatus = z.infer<typeof TargetStatus>;

/** One piece of evidence a verifier judged: points at a CloudTrail eventID or an agent session + action key. */
export const EvidenceItem = z.object({
  /** violation: a breach; ok: the safeguard held / was observed in force; info: seen, not judged either way. */
  verdict: z.enum(["violation", "ok", "info"]),
  /** ms since epoch */
  at: z.number(),
  reason: z.string(),
  eventId: z.string().nullable(),
  /** DB id of the agent session and the action's stable key within it (with the agent's own ids for display). */
  sessionId: z.string().nullable(),
  sessionExternalId: z.string().nullable(),
  actionKey: z.string().nullable(),
  /** the action's position in the session (the session page anchors `#action-<seq>`) */
  actionSeq: z.number().int().nullable().optional(),
  command: z.string().nullable(),
});
export type EvidenceItem = z.infer<typeof EvidenceItem>;

/** A target as verification needs it (resolved: team names → their members). */
export interface ScopeTarget {
  account: string;
  rolloutAt: number | null;
  regions: string[];
  agentKinds: string[];
  teams: string[];
  /** Members of `teams` (lower-case). */
  members: string[];
  environments: string[];
}

/** What a safeguard carries besides its kind. */
export interface SafeguardDef {
  key: string;
  kind: SafeguardKind;
  policy?: PolicyDocument | null;
  policyType?: PolicyType | null;
  resources?: string[];
  rules?: AgentRules | null;
  agentRoles?: string[];
}

export interface ScopeAction {
  /** DB id */
  id: string;
  key: string;
  seq?: number;
  kind: string;
  at: number;
  endedAt: number | null;
  tool: string | null;
  command: string | null;
  commands: ParsedCommand[];
  risk: RiskClass | null;
  approval: Approval | null;
  isError: boolean;
  exitCode: number | null;
}

export interface ScopeSession {
  id: string;
  externalId: string;
  kind: string;
  mode: string | null;
  approvalPolicy: string | null;
  user: string | null;
  startedAt: number | null;
  endedAt: number | null;
  awsIdentity: AwsIdentity | null;
  actions: ScopeAction[];
}

/** A CloudTrail event plus the request parameters verifiers of protection settings read. */
export type ScopeEvent = CorrelationEvent & { requestParameters?: Record<string, unknown> | null };

/** Evidence in a target's scope since its rollout (loaded by queries.ts; bounded). */
export interface TargetEvidence {
  sessions: ScopeSession[];
  /** Links of those sessions. */
  links: EventLink[];
  /** Events linked to those sessions, plus the account's policy/protection/delete events in scope. */
  events: ScopeEvent[];
  /** Per eventId: would the safeguard's policy deny it (from replay)? Absent = not evaluated. */
  policyDecisions?: Map<string, { blocked: boolean; statement: string | null }>;
  /** The evaluation time (ms). */
  now: number;
}

export interface TargetVerdict {
  status: TargetStatus;
  violations: number;
  observations: number;
  evidence: EvidenceItem[];
}
