import type { AwsIdentity } from "@/lib/model/agent";
import type { RiskClass } from "@/lib/model/risk";
import type { ApprovalView } from "./view-model";

/** Serializable shapes the session pages render (server → client components as is). Times are ISO instants. */

export interface SessionRow {
  id: string;
  kind: string;
  externalId: string;
  agentVersion: string | null;
  mode: string | null;
  approvalPolicy: string | null;
  user: string | null;
  host: string | null;
  startedAt: string | null;
  endedAt: string | null;
  durationMs: number | null;
  toolCalls: number;
  destructive: number;
  approvals: number;
  rejections: number;
  redactions: number;
  /** the AWS principal the session ran as: from its log, else from its best CloudTrail link */
  principalArn: string | null;
  principalFrom: "log" | "cloudtrail" | null;
  incidents: number;
  blocked: number;
  linkedEvents: number;
}

export interface SessionPage {
  rows: SessionRow[];
  total: number;
}

/** One CloudTrail event linked to an action (or to the session), with the link's evidence. */
export interface LinkedEventView {
  eventId: string;
  eventTime: string;
  eventName: string;
  eventSource: string;
  risk: RiskClass;
  executed: boolean;
  errorCode: string | null;
  errorMessage: string | null;
  principalArn: string | null;
  resources: string[];
  resourceCount: number;
  confidence: "high" | "medium" | "low";
  evidence: string[];
  actionId: string | null;
}

export interface ParsedCommandView {
  program: string;
  risk: RiskClass;
  riskReason: string | null;
  /** e.g. "cloudformation delete-stack" */
  operation: string | null;
}

export interface SessionActionView {
  id: string;
  seq: number;
  kind: string;
  at: string;
  endedAt: string | null;
  actor: string;
  text: string | null;
  textTruncated: boolean;
  toolCallId: string | null;
  tool: string | null;
  command: string | null;
  /** tool input as JSON text, for tools without a command line */
  inputText: string | null;
  cwd: string | null;
  exitCode: number | null;
  isError: boolean;
  output: string | null;
  outputTruncated: boolean;
  /** null for actions that are not tool calls */
  approval: ApprovalView | null;
  commands: ParsedCommandView[];
  risk: RiskClass | null;
  subagent: string | null;
  links: LinkedEventView[];
  /** links of this action in all (links shows the first few) */
  linkTotal: number;
}

export interface SessionIncidentRef {
  id: string;
  title: string;
  status: string;
  startedAt: string;
  durationMinutes: number | null;
  triggerEventId: string;
}

export interface SessionDetail extends SessionRow {
  cwd: string | null;
  model: string | null;
  awsIdentity: AwsIdentity | null;
  source: { id: string; fileName: string; format: string | null } | null;
  actionCount: number;
  incidentRefs: SessionIncidentRef[];
  /** linked destructive calls that did not execute (AccessDenied, SCP …): a guardrail held */
  blockedAttempts: (LinkedEventView & { command: string | null; actionSeq: number | null })[];
  /** links to the session as a whole (no single tool call explains them) */
  sessionLinks: LinkedEventView[];
  sessionLinkTotal: number;
}
