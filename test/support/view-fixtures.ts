import type { Store } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { IncidentDetail } from "@/lib/incidents/report-schema";
import { ensurePartitionsFor } from "@/lib/partitions/mutations";
import { rebuildRollup } from "@/lib/rollup/mutations";

/**
 * A small, hand-checkable world for the session / incident view queries, written with Prisma:
 *  - session A (claude-code, bypass, alice on her admin SSO role): prompt, plan, an approved read, a destructive
 *    `delete-stack` with no approval that caused the DeleteStack and 56 cascade deletes, a denied `delete-db-instance`;
 *    plus 3 session-level polls;
 *  - session B (codex, on-request, no AWS identity in its log): one denied delete, no incident;
 *  - around them: 12 console calls by bob (human), 600 service calls (other), one call in another account;
 *  - incident 1 (resolved, 13 h) from session A; incident 2 (open, another account, no session).
 */

export const ACCOUNT = "111122223333";
export const OTHER_ACCOUNT = "999988887777";
export const T0 = Date.parse("2025-12-09T02:00:00.000Z");
export const MIN = 60_000;
export const H = 60 * MIN;
export const PRINCIPAL_A = `arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/alice@example.com`;
export const PRINCIPAL_B = `arn:aws:sts::${ACCOUNT}:assumed-role/codex-agent/codex-session`;
export const BOB = `arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/bob@example.com`;
export const TRIGGER_ID = "ev-delete-stack";
export const RECOVERY_ID = "ev-recreate";
export const CASCADE = 56;
export const NOISE = 600;
export const HUMAN_CALLS = 12;
export const HOSTILE = `aws s3 ls "<script>alert(1)</script>"`;

export interface ViewWorld {
  sessionA: string;
  sessionB: string;
  actions: Record<"prompt" | "plan" | "read" | "delete" | "denied" | "deniedB", string>;
  incident1: string;
  incident2: string;
  sourceId: string;
}

type Ev = Prisma.CloudTrailEventCreateManyInput;
let seq = 0;
function ev(p: Partial<Ev> & { eventId: string; at: number; eventName: string }): Ev {
  const { at, ...rest } = p;
  return {
    eventTime: new Date(at),
    eventSource: "cloudformation.amazonaws.com",
    accountId: ACCOUNT,
    region: "us-east-1",
    executed: true,
    risk: "read",
    resources: [],
    searchText: p.eventName.toLowerCase(),
    raw: { eventID: p.eventId, eventName: p.eventName },
    recordIndex: seq++,
    ...rest,
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

function detailFor(sessionDbId: string, actionId: string, deniedActionId: string): IncidentDetail {
  const trigger = T0 + 10 * MIN;
  const recovery = trigger + 13 * H;
  return {
    schemaVersion: 1,
    triggerEventId: TRIGGER_ID,
    title: "claude-code agent: DeleteStack shop-prod (us-east-1), 2 resources destroyed",
    status: "resolved",
    startedAt: iso(trigger),
    endedAt: iso(recovery),
    durationMinutes: 780,
    accountId: ACCOUNT,
    region: "us-east-1",
    trigger: {
      eventId: TRIGGER_ID,
      eventSource: "cloudformation.amazonaws.com",
      eventName: "DeleteStack",
      eventTime: iso(trigger + 2000),
      principalArn: PRINCIPAL_A,
      resources: ["shop-prod"],
      actionId,
      linkConfidence: "high",
      linkEvidence: ["aws cloudformation delete-stack maps to DeleteStack", "same principal"],
    },
    agent: {
      kind: "claude-code",
      sessionId: "sess-a",
      sessionDbId,
      toolCallId: "toolu_delete",
      actionId,
      command: "aws cloudformation delete-stack --stack-name shop-prod",
      mode: "bypass",
    },
    approval: {
      recorded: false,
      mode: "bypass",
      decision: null,
      source: null,
      approver: null,
      evidence: ["no approval record for tool call toolu_delete"],
    },
    privilege: {
      principalArn: PRINCIPAL_A,
      roleArn: null,
      inheritedHumanSession: true,
      human: "alice@example.com",
      ssoSession: true,
      adminRole: true,
      evidence: ["CloudTrail names the person behind the session: alice@example.com"],
    },
    destructiveEvents: [
      {
        eventId: TRIGGER_ID,
        eventTime: iso(trigger + 2000),
        eventSource: "cloudformation.amazonaws.com",
        eventName: "DeleteStack",
        principalArn: PRINCIPAL_A,
        resources: ["shop-prod"],
        actionId,
        toolCallId: "toolu_delete",
        linkConfidence: "high",
        cloudFormationInvoked: false,
      },
    ],
    destructiveEventIds: [TRIGGER_ID, "ev-cascade-0"],
    affectedResources: ["shop-prod", "orders"],
    blastRadius: [
      {
        resource: "shop-prod",
        service: "cloudformation",
        name: "shop-prod",
        key: `${ACCOUNT}|us-east-1|cloudformation|shop-prod`,
        destroyedAt: iso(trigger + 2000),
        destroyedByEventId: TRIGGER_ID,
        destroyedByEventName: "DeleteStack",
        stack: null,
        recreatedAt: iso(recovery),
        recreatedByEventId: RECOVERY_ID,
        recreatedByEventName: "CreateStack",
        recreatedBy: "bob@example.com",
        recreateMatch: "same-identifier",
      },
    ],
    blockedAttempts: [
      {
        sessionId: sessionDbId,
        eventId: "ev-denied",
        eventTime: iso(T0 + 20 * MIN),
        eventSource: "rds.amazonaws.com",
        eventName: "DeleteDBInstance",
        errorCode: "AccessDenied",
        errorMessage: "explicit deny",
        resources: ["db-1"],
        actionId: deniedActionId,
        toolCallId: "toolu_denied",
        command: "aws rds delete-db-instance --db-instance-identifier db-1",
        evidence: ["a guardrail held"],
      },
    ],
    findings: [
      {
        kind: "approval-gap",
        severity: "high",
        title: "No recorded human approval for the destructive call (bypass)",
        evidence: ["session approval mode: bypass"],
        eventIds: [TRIGGER_ID],
      },
      {
        kind: "inherited-privilege",
        severity: "high",
        title: "The agent ran on a human's session",
        evidence: ["alice@example.com"],
        eventIds: [TRIGGER_ID],
      },
    ],
    phases: [
      {
        phase: "trigger",
        at: iso(trigger + 2000),
        eventId: TRIGGER_ID,
        principalArn: PRINCIPAL_A,
        evidence: ["first successful destructive call linked to the agent"],
      },
      { phase: "detection", at: iso(trigger + 30 * MIN), eventId: "ev-human-3", principalArn: BOB, evidence: ["bob looked"] },
      { phase: "recovery", at: iso(recovery), eventId: RECOVERY_ID, principalArn: BOB, evidence: ["recreated"] },
    ],
    recovery: { eventId: RECOVERY_ID, eventTime: iso(recovery), principalArn: BOB },
  };
}

export async function seedViewWorld(store: Store): Promise<ViewWorld> {
  const p = store.prisma;
  const src = await p.ingestSource.create({
    data: { kind: "agent-log", fileName: "alice-session.jsonl", sha256: "x", sizeBytes: 100n, format: "claude-code", status: "done" },
  });
  const a = await p.agentSession.create({
    data: {
      kind: "claude-code",
      externalId: "sess-a",
      agentVersion: "2.0.1",
      mode: "bypass",
      approvalPolicy: "bypassPermissions",
      user: "alice",
      host: "alice-laptop",
      cwd: "/home/alice/shop",
      model: "claude-sonnet-4-5",
      startedAt: new Date(T0),
      endedAt: new Date(T0 + 30 * MIN),
      awsIdentity: {
        principalArn: PRINCIPAL_A,
        accountId: ACCOUNT,
        roleArn: null,
        sessionName: "alice@example.com",
        sourceIdentity: null,
        profile: "prod-admin",
        region: "us-east-1",
        appId: null,
        evidence: ["sts get-caller-identity output (toolu_id)"],
      },
      redactions: 2,
      toolCalls: 3,
      destructive: 2,
      approvals: 1,
      rejections: 0,
      sourceId: src.id,
    },
  });
  const b = await p.agentSession.create({
    data: {
      kind: "codex",
      externalId: "sess-b",
      mode: "on-request",
      user: "carol",
      startedAt: new Date(T0 - 2 * H),
      endedAt: new Date(T0 - H),
      toolCalls: 1,
      destructive: 1,
    },
  });
  const act = async (
    sessionId: string,
    n: number,
    data: Omit<Partial<Prisma.AgentActionUncheckedCreateInput>, "at"> & { kind: string; at: number },
  ) => {
    const { at, ...rest } = data;
    const row = await p.agentAction.create({
      data: { sessionId, key: `k${n}`, seq: n, actor: "agent", recordIndex: n, ...rest, at: new Date(at) },
    });
    return row.id.toString();
  };
  const awsCmd = (service: string, operation: string, risk: string) => [
    {
      program: "aws",
      argv: ["aws", service, operation],
      env: {},
      risk,
      riskReason: `aws ${service} ${operation}`,
      aws: { service, operation, args: {}, profile: null, region: null },
      terraform: null,
    },
  ];
  const actions = {
    prompt: await act(a.id, 0, {
      kind: "prompt",
      at: T0 + MIN,
      actor: "user",
      text: "Fix the checkout latency. Do not touch the database.",
    }),
    plan: await act(a.id, 1, { kind: "plan", at: T0 + 2 * MIN, text: "1. look at the stack\n2. recreate it" }),
    read: await act(a.id, 2, {
      kind: "tool_call",
      at: T0 + 5 * MIN,
      endedAt: new Date(T0 + 5 * MIN + 2000),
      tool: "Bash",
      command: HOSTILE,
      exitCode: 0,
      output: "bucket-a\nbucket-b\n",
      approval: "approved",
      approver: "alice",
      approvalSource: "user",
      approvalAt: new Date(T0 + 5 * MIN - 1000),
      commands: awsCmd("s3", "ls", "read"),
      risk: "read",
      toolCallId: "toolu_read",
    }),
    delete: await act(a.id, 3, {
      kind: "tool_call",
      at: T0 + 10 * MIN,
      endedAt: new Date(T0 + 10 * MIN + 3000),
      tool: "Bash",
      command: "aws cloudformation delete-stack --stack-name shop-prod",
      exitCode: 0,
      commands: awsCmd("cloudformation", "delete-stack", "destructive"),
      risk: "destructive",
      toolCallId: "toolu_delete",
    }),
    denied: await act(a.id, 4, {
      kind: "tool_call",
      at: T0 + 20 * MIN,
      endedAt: new Date(T0 + 20 * MIN + 1000),
      tool: "Bash",
      command: "aws rds delete-db-instance --db-instance-identifier db-1",
      exitCode: 254,
      isError: true,
      output: "An error occurred (AccessDenied)",
      commands: awsCmd("rds", "delete-db-instance", "destructive"),
      risk: "destructive",
      toolCallId: "toolu_denied",
    }),
    deniedB: await act(b.id, 0, {
      kind: "tool_call",
      at: T0 - 90 * MIN,
      tool: "shell",
      command: "aws s3 rb s3://logs --force",
      exitCode: 1,
      commands: awsCmd("s3", "rb", "destructive"),
      risk: "destructive",
    }),
  };

  const events: Ev[] = [
    ev({
      eventId: "ev-ls",
      at: T0 + 5 * MIN + 1000,
      eventName: "ListBuckets",
      eventSource: "s3.amazonaws.com",
      principalArn: PRINCIPAL_A,
      humanName: "alice@example.com",
    }),
    ev({
      eventId: TRIGGER_ID,
      at: T0 + 10 * MIN + 2000,
      eventName: "DeleteStack",
      risk: "destructive",
      resources: ["shop-prod"],
      principalArn: PRINCIPAL_A,
      humanName: "alice@example.com",
    }),
    ...Array.from({ length: CASCADE }, (_, i) =>
      ev({
        eventId: `ev-cascade-${i}`,
        at: T0 + 10 * MIN + 5000 + i * 1000,
        eventName: "DeleteTable",
        eventSource: "dynamodb.amazonaws.com",
        risk: "destructive",
        resources: [`orders-${i}`],
        principalArn: PRINCIPAL_A,
        humanName: "alice@example.com",
        sourceIp: "cloudformation.amazonaws.com",
      }),
    ),
    ev({
      eventId: "ev-denied",
      at: T0 + 20 * MIN + 500,
      eventName: "DeleteDBInstance",
      eventSource: "rds.amazonaws.com",
      risk: "destructive",
      executed: false,
      errorCode: "AccessDenied",
      errorMessage: "explicit deny",
      resources: ["db-1"],
      principalArn: PRINCIPAL_A,
      humanName: "alice@example.com",
    }),
    ...[0, 1, 2].map((i) =>
      ev({
        eventId: `ev-poll-${i}`,
        at: T0 + 12 * MIN + i * 30_000,
        eventName: "DescribeStacks",
        principalArn: PRINCIPAL_A,
        humanName: "alice@example.com",
      }),
    ),
    ev({
      eventId: "ev-denied-b",
      at: T0 - 90 * MIN + 500,
      eventName: "DeleteBucket",
      eventSource: "s3.amazonaws.com",
      risk: "destructive",
      executed: false,
      errorCode: "AccessDenied",
      principalArn: PRINCIPAL_B,
    }),
    ...Array.from({ length: HUMAN_CALLS }, (_, i) =>
      ev({
        eventId: `ev-human-${i}`,
        at: T0 + 15 * MIN + i * 5 * MIN,
        eventName: "DescribeStacks",
        principalArn: BOB,
        humanName: "bob@example.com",
        userAgent: "Mozilla/5.0",
      }),
    ),
    ev({
      eventId: RECOVERY_ID,
      at: T0 + 10 * MIN + 13 * H,
      eventName: "CreateStack",
      risk: "write",
      resources: ["shop-prod"],
      principalArn: BOB,
      humanName: "bob@example.com",
    }),
    ...Array.from({ length: NOISE }, (_, i) =>
      ev({
        eventId: `ev-noise-${String(i).padStart(4, "0")}`,
        at: T0 + i * 6000,
        eventName: "GetMetricData",
        eventSource: "monitoring.amazonaws.com",
        principalArn: `arn:aws:sts::${ACCOUNT}:assumed-role/datadog/dd`,
      }),
    ),
    ev({
      eventId: "ev-other-account",
      at: T0 + 11 * MIN,
      eventName: "DeleteBucket",
      risk: "destructive",
      accountId: OTHER_ACCOUNT,
      principalArn: `arn:aws:sts::${OTHER_ACCOUNT}:assumed-role/x/y`,
    }),
  ];
  await ensurePartitionsFor(
    store,
    events.map((e) => e.eventTime),
  );
  await p.cloudTrailEvent.createMany({ data: events });

  const link = (sessionId: string, actionId: string | null, eventId: string, confidence: string, evidence: string[]) => ({
    sessionId,
    actionId: actionId === null ? null : BigInt(actionId),
    eventId,
    confidence,
    evidence,
  });
  await p.actionEventLink.createMany({
    data: [
      link(a.id, actions.read, "ev-ls", "high", ["aws s3 ls maps to s3.amazonaws.com ListBuckets"]),
      link(a.id, actions.delete, TRIGGER_ID, "high", ["aws cloudformation delete-stack maps to DeleteStack", "same principal"]),
      ...Array.from({ length: CASCADE }, (_, i) =>
        link(a.id, actions.delete, `ev-cascade-${i}`, "medium", ["invoked by CloudFormation for the stack"]),
      ),
      link(a.id, actions.denied, "ev-denied", "high", ["DeleteDBInstance failed with AccessDenied: a guardrail held"]),
      ...[0, 1, 2].map((i) => link(a.id, null, `ev-poll-${i}`, "low", ["same principal, inside the session"])),
      link(b.id, actions.deniedB, "ev-denied-b", "high", ["aws s3 rb maps to DeleteBucket"]),
    ],
  });

  const detail = detailFor(a.id, actions.delete, actions.denied);
  const i1 = await p.incident.create({
    data: {
      triggerEventId: TRIGGER_ID,
      title: detail.title,
      status: "resolved",
      sessionId: a.id,
      triggerActionId: BigInt(actions.delete),
      startedAt: new Date(detail.startedAt),
      endedAt: new Date(detail.endedAt!),
      durationMinutes: 780,
      accountId: ACCOUNT,
      region: "us-east-1",
      principalArn: PRINCIPAL_A,
      destructiveEventIds: detail.destructiveEventIds,
      affectedResources: detail.affectedResources,
      recoveryEventId: RECOVERY_ID,
      detail: detail as unknown as Prisma.InputJsonValue,
    },
  });
  const d2: IncidentDetail = {
    ...detail,
    triggerEventId: "ev-other-account",
    title: "codex agent: DeleteBucket (other account)",
    status: "open",
    startedAt: iso(T0 + 3 * 24 * H),
    endedAt: null,
    durationMinutes: null,
    accountId: OTHER_ACCOUNT,
    agent: { ...detail.agent, kind: "codex", sessionDbId: "00000000-0000-4000-8000-000000000000", actionId: null, command: null },
    approval: { ...detail.approval, recorded: true, decision: "approved", source: "user", approver: "dave" },
    privilege: { ...detail.privilege, inheritedHumanSession: false, human: null },
    blastRadius: [],
    blockedAttempts: [],
    phases: [],
    recovery: null,
  };
  const i2 = await p.incident.create({
    data: {
      triggerEventId: "ev-other-account",
      title: d2.title,
      status: "open",
      startedAt: new Date(d2.startedAt),
      accountId: OTHER_ACCOUNT,
      destructiveEventIds: ["ev-other-account"],
      affectedResources: [],
      detail: d2 as unknown as Prisma.InputJsonValue,
    },
  });
  // events and links were inserted directly (not by the ingest writer): count them into the chart rollup
  await p.$transaction((tx) => rebuildRollup(tx));
  return { sessionA: a.id, sessionB: b.id, actions, incident1: i1.id, incident2: i2.id, sourceId: src.id };
}
