import { classifyApi } from "@/lib/cloudtrail/risk-catalog";
import type { CorrelationAction, CorrelationEvent, CorrelationSession } from "@/lib/correlation/types";
import type { Approval, AwsIdentity, ParsedCommand } from "@/lib/model/agent";

/** Shared builders for correlation / incident tests (not a test file). */

export const ACCT = "111122223333";
export const T0 = Date.UTC(2025, 11, 8, 2, 0, 0);
export const SSO_ROLE = "AWSReservedSSO_AdministratorAccess_0a1b2c3d4e5f6789";
export const AGENT_ARN = `arn:aws-cn:sts::${ACCT}:assumed-role/${SSO_ROLE}/dev.li@example.com`;
export const AGENT_ROLE_ARN = `arn:aws-cn:iam::${ACCT}:role/aws-reserved/sso.amazonaws.com/cn-north-1/${SSO_ROLE}`;
export const OTHER_ARN = `arn:aws-cn:sts::${ACCT}:assumed-role/ci-deploy/gh-actions-1234`;
export const CLI_UA = (cmd: string) =>
  `aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.1 os/linux#6.8 md/arch#x86_64 lang/python#3.12.6 md/installer#exe md/prompt#off md/command#${cmd}`;

let seq = 0;
export function ev(p: Partial<CorrelationEvent> & { eventName: string; eventSource?: string; at?: number }): CorrelationEvent {
  const eventSource = p.eventSource ?? "cloudformation.amazonaws.com";
  const errorCode = p.errorCode ?? null;
  const { at, ...rest } = p;
  return {
    eventId: p.eventId ?? `evt-${++seq}`,
    eventTime: at ?? p.eventTime ?? T0,
    accountId: ACCT,
    region: "cn-north-1",
    partition: "aws-cn",
    eventSource,
    eventType: "AwsApiCall",
    eventCategory: "Management",
    principalArn: AGENT_ARN,
    principalType: "AssumedRole",
    sessionName: AGENT_ARN.split("/").pop()!,
    roleArn: AGENT_ROLE_ARN,
    humanName: "dev.li@example.com",
    sourceIdentity: null,
    accessKeyId: "ASIAEXAMPLE",
    userAgent: null,
    sourceIp: "203.0.113.10",
    readOnly: null,
    errorCode,
    errorMessage: null,
    executed: errorCode == null,
    requestId: null,
    resources: [],
    risk: classifyApi(eventSource, p.eventName),
    ...rest,
  };
}

export function identity(p: Partial<AwsIdentity> = {}): AwsIdentity {
  return {
    principalArn: AGENT_ARN,
    accountId: ACCT,
    roleArn: null,
    sessionName: null,
    sourceIdentity: null,
    profile: null,
    region: "cn-north-1",
    appId: null,
    evidence: ["sts get-caller-identity output"],
    ...p,
  };
}

export function awsCmd(
  service: string,
  operation: string,
  args: Record<string, string | boolean> = {},
  env: Record<string, string> = {},
): ParsedCommand {
  return {
    program: "aws",
    argv: ["aws", service, operation, ...Object.entries(args).flatMap(([k, v]) => (v === true ? [`--${k}`] : [`--${k}`, String(v)]))],
    env,
    risk: "read",
    riskReason: null,
    aws: { service, operation, args, profile: null, region: null },
    terraform: null,
  };
}

export function tfCmd(subcommand: string): ParsedCommand {
  return {
    program: "terraform",
    argv: ["terraform", subcommand, "-auto-approve"],
    env: {},
    risk: "destructive",
    riskReason: null,
    aws: null,
    terraform: { subcommand, autoApprove: true, targets: [], workspace: null },
  };
}

export function otherCmd(program: string, argv: string[], env: Record<string, string> = {}): ParsedCommand {
  return { program, argv: [program, ...argv], env, risk: "write", riskReason: null, aws: null, terraform: null };
}

let actionSeq = 0;
export function toolCall(p: Partial<CorrelationAction> & { at: number; commands?: ParsedCommand[] }): CorrelationAction {
  const id = String(++actionSeq);
  const commands = p.commands ?? [];
  return {
    id,
    toolCallId: `tooluse_${id}`,
    kind: "tool_call",
    endedAt: p.at + 2_000,
    tool: "executeBash",
    command: commands.map((c) => c.argv.join(" ")).join(" && ") || null,
    approval: null,
    text: null,
    ...p,
    commands,
  };
}

export function textAction(kind: "prompt" | "plan", at: number, text: string): CorrelationAction {
  const id = String(++actionSeq);
  return { id, toolCallId: null, kind, at, endedAt: null, tool: null, command: null, commands: [], approval: null, text };
}

export function session(actions: CorrelationAction[], p: Partial<CorrelationSession> = {}): CorrelationSession {
  return {
    id: p.id ?? "00000000-0000-4000-8000-000000000001",
    kind: "kiro",
    externalId: "sess-ext-1",
    mode: "autopilot",
    awsIdentity: identity(),
    startedAt: T0 - 60_000,
    endedAt: T0 + 30 * 60_000,
    ...p,
    actions,
  };
}

export function approved(source: Approval["source"] = "user"): Approval {
  return { decision: "approved", approver: source === "user" ? "dev.li" : null, source, detail: null, at: null };
}
