import { ACTORS, type Actor, DEMO_ACCOUNT, DEMO_REGION, ENGINEER, ONCALL, STACK, UA } from "./actors";
import { TRIGGER_EVENT_ID } from "./agent-steps";
import type { DemoFile } from "./generate";
import { cloudTrailKey } from "./generate";
import { type CallSpec, type CloudTrailRecord, callRecord } from "./records";
import { Rng } from "./rng";

/**
 * The seed's remediation, after the 2025-12-09 outage ("mandatory peer review for agentic actions and stricter
 * permission scoping"), as the demo's safeguards file plus the evidence that proves or breaks it:
 *  - 2025-12-12: the platform team creates and attaches an SCP denying stack/table/DB deletes to everyone but the
 *    break-glass role (Organizations CreatePolicy + AttachPolicy in CloudTrail), and agents get a scoped role
 *    `cost-insights-agent-operator`;
 *  - 2025-12-16: a Claude Code session on that role deletes build artifacts after liu.yang approves (peer review held);
 *  - 2025-12-18: a Kiro session, still in autopilot, tries to delete the staging stack and reporting DB without anyone's
 *    approval: the SCP refuses both (AccessDenied), but nobody reviewed them (peer review violated for Kiro).
 * No destructive call succeeds, so no new incident. Deterministic: its own PRNG stream, fixed ids.
 */

const day = (d: number, h: number, m: number, s: number) => Date.UTC(2025, 11, d, h, m, s);
const iso = (t: number) => new Date(t).toISOString();
const REMEDIATION_SEED = 0x5afe6a4d;

export const AGENT_ROLE = "cost-insights-agent-operator";
export const AGENT_ROLE_ARN = `arn:aws-cn:iam::${DEMO_ACCOUNT}:role/agents/${AGENT_ROLE}`;
export const SCP_ID = "p-7k2m9q4w";
export const ROLLOUT_AT = "2025-12-12T00:00:00Z";

export const SCP_POLICY = {
  Version: "2012-10-17",
  Statement: [
    { Sid: "AllowAll", Effect: "Allow", Action: "*", Resource: "*" },
    {
      Sid: "DenyStackAndDataDeletesOutsideBreakGlass",
      Effect: "Deny",
      Action: ["cloudformation:DeleteStack", "dynamodb:DeleteTable", "rds:DeleteDBInstance", "rds:DeleteDBCluster"],
      Resource: "*",
      Condition: { ArnNotLike: { "aws:PrincipalArn": "arn:aws-cn:iam::*:role/break-glass-*" } },
    },
  ],
};

function agentActor(sessionName: string, ua: string): Actor {
  return {
    type: "AssumedRole",
    arn: `arn:aws-cn:sts::${DEMO_ACCOUNT}:assumed-role/${AGENT_ROLE}/${sessionName}`,
    principalId: `AROAWB3XK5Q7AGNTXAMPL:${sessionName}`,
    roleArn: AGENT_ROLE_ARN,
    roleId: "AROAWB3XK5Q7AGNTXAMPL",
    roleName: AGENT_ROLE,
    sessionName,
    human: null,
    mfa: false,
    userAgent: ua,
    sourceIp: "203.0.113.42",
    console: false,
    invokedBy: null,
  };
}

interface Step {
  id: string;
  at: number;
  command: string;
  endAt: number;
  exitCode: number;
  output: string;
  approval?: { at: number; approver: string };
  calls: CallSpec[];
}

interface RemediationSession {
  id: string;
  agent: string;
  mode: string;
  actor: Actor;
  startedAt: number;
  endedAt: number;
  prompt: string;
  steps: Step[];
}

const SCP_DENIED = (action: string) => ({
  code: "AccessDenied",
  message: `User: arn:aws-cn:sts::${DEMO_ACCOUNT}:assumed-role/${AGENT_ROLE}/kiro-9b41c7e5 is not authorized to perform: ${action} with an explicit deny in a service control policy`,
});

export const REVIEWED_SESSION_ID = "claude-7d2e4b19-artifact-cleanup";
export const AUTOPILOT_SESSION_ID = "kiro-9b41c7e5-staging-teardown";
export const DENIED_STACK_EVENT_ID = "5d1e8f3a-2b7c-4a9e-8f16-0c3d5b7a9e42";
export const DENIED_DB_EVENT_ID = "6e2f9a4b-3c8d-4b0f-9a27-1d4e6c8b0f53";
export const SCP_ATTACH_EVENT_ID = "7f3a0b5c-4d9e-4c1a-8b38-2e5f7d9c1a64";

function sessions(): RemediationSession[] {
  const claude = agentActor("claude-7d2e4b19", UA.cliMac("sts.get-caller-identity"));
  const kiro = agentActor("kiro-9b41c7e5", UA.cliMac("sts.get-caller-identity"));
  const whoami = (a: Actor, t: number, id: string): Step => ({
    id,
    at: t,
    command: "aws sts get-caller-identity",
    endAt: t + 2000,
    exitCode: 0,
    output: JSON.stringify({ UserId: a.principalId, Account: DEMO_ACCOUNT, Arn: a.arn }),
    calls: [
      { at: t + 1000, actor: a, userAgent: UA.cliMac("sts.get-caller-identity"), source: "sts.amazonaws.com", name: "GetCallerIdentity" },
    ],
  });
  const stagingStack = "cost-insights-staging";
  const stagingDb = "cost-insights-reporting-staging";
  return [
    {
      id: REVIEWED_SESSION_ID,
      agent: "claude-code",
      mode: "default",
      actor: claude,
      startedAt: day(16, 9, 30, 0),
      endedAt: day(16, 9, 41, 0),
      prompt: "Clean up the stale build artifacts under tmp/ in the deploy bucket.",
      steps: [
        whoami(claude, day(16, 9, 31, 5), "toolu_01RvW8kX2mQ7pLc4NzT9bHs3"),
        {
          id: "toolu_01Hq5nB3vK8xZ2mR7cWp4Ld6",
          at: day(16, 9, 33, 10),
          command: "aws s3 rm s3://cost-insights-deploy-artifacts/tmp/ --recursive",
          approval: { at: day(16, 9, 35, 42), approver: ONCALL },
          endAt: day(16, 9, 35, 58),
          exitCode: 0,
          output:
            "delete: s3://cost-insights-deploy-artifacts/tmp/build-4812.zip\ndelete: s3://cost-insights-deploy-artifacts/tmp/build-4813.zip",
          calls: [],
        },
      ],
    },
    {
      id: AUTOPILOT_SESSION_ID,
      agent: "kiro",
      mode: "autopilot",
      actor: kiro,
      startedAt: day(18, 3, 5, 0),
      endedAt: day(18, 3, 19, 30),
      prompt: "The staging environment is broken after the template change. Tear it down so CI can recreate it.",
      steps: [
        whoami(kiro, day(18, 3, 6, 12), "tooluse_Kp3sV9mX1qR7bN5cWz2TgF"),
        {
          id: "tooluse_Zr8tB2nQ6kV4xM1pLc9HwD",
          at: day(18, 3, 8, 40),
          command: `aws cloudformation delete-stack --stack-name ${stagingStack}`,
          endAt: day(18, 3, 8, 42),
          exitCode: 254,
          output: `An error occurred (AccessDenied) when calling the DeleteStack operation: ${SCP_DENIED("cloudformation:DeleteStack").message}`,
          calls: [
            {
              at: day(18, 3, 8, 41),
              actor: kiro,
              userAgent: UA.cliMac("cloudformation.delete-stack"),
              source: "cloudformation.amazonaws.com",
              name: "DeleteStack",
              params: { stackName: stagingStack },
              error: SCP_DENIED("cloudformation:DeleteStack"),
              eventId: DENIED_STACK_EVENT_ID,
            },
          ],
        },
        {
          id: "tooluse_Wm4cX7pR2nB9vK5tLq1ZsJ",
          at: day(18, 3, 12, 3),
          command: `aws rds delete-db-instance --db-instance-identifier ${stagingDb} --skip-final-snapshot`,
          endAt: day(18, 3, 12, 5),
          exitCode: 254,
          output: `An error occurred (AccessDenied) when calling the DeleteDBInstance operation: ${SCP_DENIED("rds:DeleteDBInstance").message}`,
          calls: [
            {
              at: day(18, 3, 12, 4),
              actor: kiro,
              userAgent: UA.cliMac("rds.delete-db-instance"),
              source: "rds.amazonaws.com",
              name: "DeleteDBInstance",
              params: { dBInstanceIdentifier: stagingDb, skipFinalSnapshot: true },
              error: SCP_DENIED("rds:DeleteDBInstance"),
              eventId: DENIED_DB_EVENT_ID,
            },
          ],
        },
      ],
    },
  ];
}

/** The platform team putting the SCP in place (Organizations calls recorded in the account's trail). */
function scpSetup(): CallSpec[] {
  const admin = ACTORS.zhao;
  const t = day(12, 6, 20, 0);
  return [
    {
      at: t,
      actor: admin,
      source: "organizations.amazonaws.com",
      name: "CreatePolicy",
      params: { name: "deny-stack-and-data-deletes", type: "SERVICE_CONTROL_POLICY", content: JSON.stringify(SCP_POLICY) },
      response: { policy: { policySummary: { id: SCP_ID, name: "deny-stack-and-data-deletes", type: "SERVICE_CONTROL_POLICY" } } },
    },
    {
      at: t + 95_000,
      actor: admin,
      source: "organizations.amazonaws.com",
      name: "AttachPolicy",
      params: { policyId: SCP_ID, targetId: DEMO_ACCOUNT },
      eventId: SCP_ATTACH_EVENT_ID,
    },
  ];
}

function agentLog(s: RemediationSession): string {
  const lines: Record<string, unknown>[] = [];
  const base = { sessionId: s.id };
  lines.push({
    type: "session_start",
    ...base,
    agent: s.agent,
    mode: s.mode,
    user: ENGINEER.split("@")[0],
    host: "chenwei-mbp.local",
    cwd: "/Users/chen.wei/src/cost-insights",
    startedAt: iso(s.startedAt),
    awsIdentity: {
      principalArn: s.actor.arn,
      accountId: DEMO_ACCOUNT,
      roleArn: AGENT_ROLE_ARN,
      sessionName: s.actor.sessionName,
      profile: "cn-prod-agent",
      region: DEMO_REGION,
    },
  });
  lines.push({ type: "prompt", ...base, at: iso(s.startedAt + 4000), text: s.prompt });
  for (const st of s.steps) {
    lines.push({
      type: "tool_call",
      ...base,
      toolCallId: st.id,
      at: iso(st.at),
      tool: s.agent === "kiro" ? "executeBash" : "Bash",
      command: st.command,
      cwd: "/Users/chen.wei/src/cost-insights",
      env: { AWS_PROFILE: "cn-prod-agent", AWS_REGION: DEMO_REGION },
    });
    if (st.approval)
      lines.push({
        type: "approval",
        ...base,
        toolCallId: st.id,
        at: iso(st.approval.at),
        decision: "approved",
        approver: st.approval.approver,
        source: "user",
      });
    lines.push({
      type: "tool_result",
      ...base,
      toolCallId: st.id,
      at: iso(st.endAt),
      exitCode: st.exitCode,
      ...(st.exitCode === 0 ? { output: st.output } : { error: st.output }),
    });
  }
  lines.push({ type: "session_end", ...base, at: iso(s.endedAt) });
  return `${lines.map((l) => JSON.stringify(l)).join("\n")}\n`;
}

/** The demo's safeguards file (safeguards as code, applied by `setup --demo`). */
export function demoSafeguardsFile() {
  return {
    safeguards: [
      {
        key: "peer-review-agent-destructive",
        kind: "peer-review" as const,
        title: "Mandatory peer review for destructive agent actions",
        description: "Post-mortem action item: a second person approves every destructive command an agent runs.",
        owner: ONCALL,
        incidents: [TRIGGER_EVENT_ID],
        actionItems: ["mandatory peer review for agentic actions"],
        targets: [
          { account: DEMO_ACCOUNT, name: "prod · claude-code", agentKinds: ["claude-code"], environments: ["prod"], rolloutAt: ROLLOUT_AT },
          { account: DEMO_ACCOUNT, name: "prod · kiro", agentKinds: ["kiro"], environments: ["prod"], rolloutAt: ROLLOUT_AT },
        ],
      },
      {
        key: "scoped-agent-role",
        kind: "scoped-agent-role" as const,
        title: "Agents run on the scoped agent role, never on a person's SSO session",
        owner: "zhao.min@example.com",
        incidents: [TRIGGER_EVENT_ID],
        actionItems: ["stricter permission scoping"],
        agentRoles: ["cost-insights-agent-*"],
        targets: [
          { account: DEMO_ACCOUNT, name: "prod", environments: ["prod"], rolloutAt: ROLLOUT_AT },
          { account: "528304617293", name: "prod-eu", environments: ["prod-eu"] },
        ],
      },
      {
        key: "scp-deny-stack-deletes",
        kind: "deny-policy" as const,
        title: "SCP: no stack, table or database deletes outside break-glass",
        owner: "zhao.min@example.com",
        incidents: [TRIGGER_EVENT_ID],
        actionItems: ["stricter permission scoping"],
        policyType: "scp" as const,
        policy: SCP_POLICY,
        targets: [{ account: DEMO_ACCOUNT, name: "prod", environments: ["prod"], rolloutAt: ROLLOUT_AT }],
      },
    ],
  };
}

/** What the demo's safeguards must show once loaded (tests). */
export const DEMO_SAFEGUARDS_EXPECTED = {
  statuses: { "peer-review-agent-destructive": "violated", "scoped-agent-role": "verified", "scp-deny-stack-deletes": "verified" },
  /** the violated target and the events/sessions that prove it */
  violatedTarget: "prod · kiro",
  verifiedTarget: "prod · claude-code",
  autopilotSessionId: AUTOPILOT_SESSION_ID,
  deniedEventIds: [DENIED_STACK_EVENT_ID, DENIED_DB_EVENT_ID],
  scpAttachEventId: SCP_ATTACH_EVENT_ID,
  /** the SCP replayed on the demo incident blocks its trigger */
  replayBlocksTrigger: TRIGGER_EVENT_ID,
  stack: STACK,
} as const;

/** The remediation's agent logs and CloudTrail S3 files (one per delivery day). */
export function generateDemoRemediation(): { files: DemoFile[] } {
  const rng = new Rng(REMEDIATION_SEED);
  const fileRng = new Rng(REMEDIATION_SEED ^ 0x5a5a5a5a);
  const list = sessions();
  const records: CloudTrailRecord[] = [];
  for (const c of scpSetup()) records.push(callRecord(c, rng));
  for (const s of list) for (const st of s.steps) for (const c of st.calls) records.push(callRecord(c, rng));
  records.sort((a, b) => (a.eventTime < b.eventTime ? -1 : a.eventTime > b.eventTime ? 1 : 0));
  const byDay = new Map<string, CloudTrailRecord[]>();
  for (const r of records) {
    const d = r.eventTime.slice(0, 10);
    byDay.set(d, [...(byDay.get(d) ?? []), r]);
  }
  const files: DemoFile[] = list.map((s) => ({ path: `agent-logs/${s.agent}/${s.id}.jsonl`, content: agentLog(s) }));
  for (const recs of byDay.values()) {
    const last = Date.parse(recs[recs.length - 1].eventTime);
    files.push({ path: cloudTrailKey(last + 10 * 60_000, fileRng), content: JSON.stringify({ Records: recs }) });
  }
  return { files };
}
