import { z } from "zod";
import { parseTime } from "./time";

/**
 * Canonical Aftermath agent-log JSONL: the single source of truth for its schema. One JSON object per line,
 * discriminated by `type`. Any agent (or a wrapper around one) can write it. Times are ISO-8601 with a zone, or ms
 * since the epoch. Unknown extra fields are allowed and kept in `raw`.
 */
export const CanonicalTimestamp = z
  .union([z.string(), z.number()])
  .refine((v) => parseTime(v) !== null, { message: "not a timestamp (ISO-8601 with zone, or epoch ms)" });

const base = { sessionId: z.string().min(1) };

export const CanonicalAwsIdentity = z
  .object({
    principalArn: z.string().nullish(),
    accountId: z.string().nullish(),
    roleArn: z.string().nullish(),
    sessionName: z.string().nullish(),
    sourceIdentity: z.string().nullish(),
    profile: z.string().nullish(),
    region: z.string().nullish(),
    appId: z.string().nullish(),
  })
  .partial();

export const CanonicalSessionStart = z.looseObject({
  type: z.literal("session_start"),
  ...base,
  /** The agent's name; becomes the session kind (e.g. `kiro`, `in-house-bot`). */
  agent: z.string().min(1),
  agentVersion: z.string().nullish(),
  /** autopilot | supervised | bypass | never | on-request | … */
  mode: z.string().min(1),
  user: z.string().nullish(),
  host: z.string().nullish(),
  cwd: z.string().nullish(),
  model: z.string().nullish(),
  startedAt: CanonicalTimestamp,
  awsIdentity: CanonicalAwsIdentity.nullish(),
});

export const CanonicalPrompt = z.looseObject({ type: z.literal("prompt"), ...base, at: CanonicalTimestamp, text: z.string() });
/** A spec / task list / plan the agent wrote before acting. */
export const CanonicalPlan = z.looseObject({ type: z.literal("plan"), ...base, at: CanonicalTimestamp, text: z.string() });

export const CanonicalToolCall = z.looseObject({
  type: z.literal("tool_call"),
  ...base,
  toolCallId: z.string().min(1),
  at: CanonicalTimestamp,
  tool: z.string().min(1),
  /** Shell command line, for shell tools. */
  command: z.string().nullish(),
  /** Tool input for other tools. */
  input: z.unknown().optional(),
  cwd: z.string().nullish(),
  /** Environment set for the call (AWS_PROFILE, AWS_REGION, TF_WORKSPACE…); secret values are redacted on read. */
  env: z.record(z.string(), z.string()).nullish(),
});

export const CanonicalApproval = z.looseObject({
  type: z.literal("approval"),
  ...base,
  toolCallId: z.string().min(1),
  at: CanonicalTimestamp,
  decision: z.enum(["approved", "rejected"]),
  /** Who decided: a person's name/email, or a policy name. */
  approver: z.string().min(1),
  /** user | config | policy | unknown (default user). */
  source: z.enum(["user", "config", "policy", "unknown"]).nullish(),
});

export const CanonicalToolResult = z.looseObject({
  type: z.literal("tool_result"),
  ...base,
  toolCallId: z.string().min(1),
  at: CanonicalTimestamp,
  exitCode: z.number().int().nullish(),
  output: z.string().nullish(),
  error: z.string().nullish(),
});

export const CanonicalSessionEnd = z.looseObject({ type: z.literal("session_end"), ...base, at: CanonicalTimestamp });

export const CanonicalRecord = z.discriminatedUnion("type", [
  CanonicalSessionStart,
  CanonicalPrompt,
  CanonicalPlan,
  CanonicalToolCall,
  CanonicalApproval,
  CanonicalToolResult,
  CanonicalSessionEnd,
]);
export type CanonicalRecord = z.infer<typeof CanonicalRecord>;

export const CANONICAL_TYPES = ["session_start", "prompt", "plan", "tool_call", "approval", "tool_result", "session_end"] as const;

/** A complete example (paste into the README). */
export const CANONICAL_EXAMPLE = [
  {
    type: "session_start",
    sessionId: "s-42",
    agent: "in-house-bot",
    agentVersion: "1.4.0",
    mode: "autopilot",
    user: "deploy-bot",
    host: "ci-runner-7",
    cwd: "/srv/infra",
    model: "claude-sonnet-4-5",
    startedAt: "2025-07-18T09:12:00Z",
    awsIdentity: { profile: "prod-admin", region: "us-east-1" },
  },
  { type: "prompt", sessionId: "s-42", at: "2025-07-18T09:12:01Z", text: "Clean up the unused staging stacks" },
  { type: "plan", sessionId: "s-42", at: "2025-07-18T09:12:05Z", text: "1. list stacks\n2. delete the ones tagged env=staging" },
  {
    type: "tool_call",
    sessionId: "s-42",
    toolCallId: "t1",
    at: "2025-07-18T09:12:09Z",
    tool: "shell",
    command: "aws cloudformation delete-stack --stack-name api-prod",
    cwd: "/srv/infra",
    env: { AWS_PROFILE: "prod-admin" },
  },
  {
    type: "approval",
    sessionId: "s-42",
    toolCallId: "t1",
    at: "2025-07-18T09:12:10Z",
    decision: "approved",
    approver: "autopilot-policy",
    source: "policy",
  },
  { type: "tool_result", sessionId: "s-42", toolCallId: "t1", at: "2025-07-18T09:12:12Z", exitCode: 0, output: "" },
  { type: "session_end", sessionId: "s-42", at: "2025-07-18T09:15:00Z" },
]
  .map((r) => JSON.stringify(r))
  .join("\n");
