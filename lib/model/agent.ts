import { z } from "zod";
import { RiskClass } from "./risk";

/** Which agent wrote the log. Free string so new agents need no migration; these are the known ones. */
export const KNOWN_AGENT_KINDS = [
  "claude-code",
  "codex",
  "kiro",
  "otel",
  "canonical",
  "openhands",
  "cursor",
  "aider",
  "copilot",
  "gemini",
  "droid",
  "other",
] as const;
export const AgentKind = z.string().min(1);

/** The AWS identity a session ran under, as far as its log shows it. Kept for correlation. */
export const AwsIdentity = z.object({
  principalArn: z.string().nullable(),
  accountId: z.string().nullable(),
  /** Role the session's credentials came from (role ARN, not the session ARN). */
  roleArn: z.string().nullable(),
  /** Assumed-role session name. */
  sessionName: z.string().nullable(),
  sourceIdentity: z.string().nullable(),
  profile: z.string().nullable(),
  region: z.string().nullable(),
  /** AWS_SDK_UA_APP_ID / userAgent `app/<id>` tag the session set. */
  appId: z.string().nullable(),
  /** Where we learned it: e.g. "sts get-caller-identity output", "AWS_PROFILE env prefix". */
  evidence: z.array(z.string()),
});
export type AwsIdentity = z.infer<typeof AwsIdentity>;

/** A program invocation found inside a shell command line. */
export const ParsedCommand = z.object({
  /** Program name as run (basename), e.g. aws, terraform, kubectl, rm, psql. */
  program: z.string(),
  argv: z.array(z.string()),
  /** Environment assignments prefixed to this command (values of secrets already redacted). */
  env: z.record(z.string(), z.string()),
  risk: RiskClass,
  /** Short human reason for the risk class, e.g. "aws cloudformation delete-stack". */
  riskReason: z.string().nullable(),
  aws: z
    .object({
      service: z.string(),
      operation: z.string(),
      /** --long-option → value (true for flags). */
      args: z.record(z.string(), z.union([z.string(), z.boolean()])),
      profile: z.string().nullable(),
      region: z.string().nullable(),
    })
    .nullable(),
  terraform: z
    .object({
      subcommand: z.string(),
      autoApprove: z.boolean(),
      targets: z.array(z.string()),
      workspace: z.string().nullable(),
    })
    .nullable(),
});
export type ParsedCommand = z.infer<typeof ParsedCommand>;

export const ApprovalDecision = z.enum(["approved", "rejected"]);
/** How a decision was made: a person, a config allow-list / policy, or unknown. */
export const ApprovalSource = z.enum(["user", "config", "policy", "unknown"]);

export const Approval = z.object({
  decision: ApprovalDecision,
  approver: z.string().nullable(),
  source: ApprovalSource,
  /** Source-specific detail, e.g. claude_code decision_source "user_temporary". */
  detail: z.string().nullable(),
  at: z.number().int().nullable(),
});
export type Approval = z.infer<typeof Approval>;

export const ActionKind = z.enum(["prompt", "plan", "message", "tool_call", "error", "system"]);
export type ActionKind = z.infer<typeof ActionKind>;

/**
 * One thing the agent (or its user) did, in order. Tool calls carry their approval and result merged in
 * (matched by toolCallId), so a tool call is one row from start to end.
 */
export const AgentActionInput = z.object({
  /** Stable key within the session (e.g. uuid of the log entry or toolCallId); re-ingest dedups on it. */
  key: z.string().min(1),
  /** Order within the session. */
  seq: z.number().int().nonnegative(),
  kind: ActionKind,
  /** ms since epoch. */
  at: z.number().int(),
  endedAt: z.number().int().nullable(),
  /** Who produced it: user | agent | subagent | system. */
  actor: z.string(),
  text: z.string().nullable(),
  toolCallId: z.string().nullable(),
  tool: z.string().nullable(),
  /** The shell command line for shell tools. */
  command: z.string().nullable(),
  /** Tool input (redacted), small JSON. */
  input: z.unknown().nullable(),
  cwd: z.string().nullable(),
  exitCode: z.number().int().nullable(),
  isError: z.boolean(),
  /** Bounded excerpt of output (redacted). */
  output: z.string().nullable(),
  approval: Approval.nullable(),
  commands: z.array(ParsedCommand),
  /** Max risk over commands (or of the tool itself); null for non-tool actions. */
  risk: RiskClass.nullable(),
  /** Sidechain / sub-agent id when the action came from one. */
  subagent: z.string().nullable(),
  /** Position of the (first) record this action came from. */
  recordIndex: z.number().int().nonnegative(),
  /**
   * How many input records were merged into this action (tool_use + tool_result + approval …). A record is counted by
   * exactly one action: when one record yields several actions (an assistant line with two tool_use blocks, a Kiro
   * history entry with a prompt and a tool call), the first action counts it and the others have 0.
   */
  recordCount: z.number().int().nonnegative(),
  /** Original record(s), redacted. */
  raw: z.unknown(),
});
export type AgentActionInput = z.infer<typeof AgentActionInput>;

export const AgentSessionInput = z.object({
  /** The session id in the agent's own log (Claude Code sessionId, Codex session id, canonical sessionId, trace id). */
  externalId: z.string().min(1),
  kind: AgentKind,
  agentVersion: z.string().nullable(),
  /** Normalized mode: autopilot | supervised | bypass | never | on-request | untrusted | on-failure | dontAsk | default | … */
  mode: z.string().nullable(),
  /** The raw approval policy text from the log, if any (Codex approval_policy, Claude permissionMode). */
  approvalPolicy: z.string().nullable(),
  user: z.string().nullable(),
  host: z.string().nullable(),
  cwd: z.string().nullable(),
  model: z.string().nullable(),
  startedAt: z.number().int().nullable(),
  endedAt: z.number().int().nullable(),
  awsIdentity: AwsIdentity.nullable(),
  /** Input records that only contributed session metadata (session_meta, turn_context, summary…). */
  metaRecords: z.number().int().nonnegative(),
  actions: z.array(AgentActionInput),
  /**
   * Set when the log carries no times of its own (Claude Code headless output): why and how they were estimated.
   * Correlation widens its window and lowers its confidence for such sessions.
   */
  timesApproximate: z.string().nullable().optional(),
  /** The CI run the session ran in (GitHub Actions repository, workflow, run id, actor). */
  ci: z
    .object({
      provider: z.string(),
      repository: z.string().nullable(),
      workflow: z.string().nullable(),
      runId: z.string().nullable(),
      actor: z.string().nullable(),
    })
    .nullable()
    .optional(),
});
export type AgentSessionInput = z.infer<typeof AgentSessionInput>;
