import { describe, expect, it } from "vitest";
import { normalizeRecord } from "@/lib/cloudtrail";
import { DEMO_EXPECTED, generateDemoIncident } from "@/lib/demo";
import { decide, matchShell, rulesFromSettings, subCommands } from "@/lib/safeguards/agent-rules";
import { iamAction, iamRequestOf, principalArnKey, resourceArn, servicePrefix, stripApiVersion } from "@/lib/safeguards/iam-request";
import { replayIncidents } from "@/lib/safeguards/replay";
import { evaluatePolicy } from "@/lib/safeguards/replay-iam";
import { ReplayReport, toReplayReport } from "@/lib/safeguards/report-schema";
import { AGENT_ARN, AGENT_ROLE_ARN, call, event } from "./fixtures";

/** Real-format input: the demo's CloudTrail S3 files (lib/demo, deterministic), normalized as ingest does. */
function demoEvents() {
  const out = [];
  for (const f of generateDemoIncident({ noiseEvents: 0 }).files) {
    if (!f.path.includes("CloudTrail")) continue;
    for (const r of (JSON.parse(f.content) as { Records: unknown[] }).Records) {
      const n = normalizeRecord(r);
      if (n.ok) out.push(n.event);
    }
  }
  return out;
}

const SCP = {
  Version: "2012-10-17",
  Statement: [
    { Sid: "AllowAll", Effect: "Allow", Action: "*", Resource: "*" },
    {
      Sid: "DenyStackDeletesOnHumanSessions",
      Effect: "Deny",
      Action: ["cloudformation:DeleteStack", "dynamodb:DeleteTable"],
      Resource: "*",
      Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws-cn:iam::*:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_*" } },
    },
  ],
};

describe("CloudTrail event → IAM request", () => {
  it("strips API version suffixes and maps eventSource to the IAM prefix", () => {
    expect(stripApiVersion("DeleteFunction20150331")).toBe("DeleteFunction");
    expect(stripApiVersion("RemovePermission20150331v2")).toBe("RemovePermission");
    expect(stripApiVersion("CreateDistribution2020_05_31")).toBe("CreateDistribution");
    expect(iamAction({ eventSource: "lambda.amazonaws.com", eventName: "DeleteFunction20150331" })).toBe("lambda:DeleteFunction");
    expect(servicePrefix("monitoring.amazonaws.com")).toBe("cloudwatch");
    expect(servicePrefix("streams.dynamodb.amazonaws.com")).toBe("dynamodb");
    expect(iamAction({ eventSource: "apigateway.amazonaws.com", eventName: "DeleteRestApi" })).toBe("apigateway:DELETE");
  });
  it("aws:PrincipalArn is the role behind an assumed-role session; the resource is the affected ARN", () => {
    const e = event({
      eventName: "DeleteStack",
      resources: ["web-prod", "arn:aws-cn:cloudformation:cn-north-1:111122223333:stack/web-prod/abc"],
    });
    expect(principalArnKey(e)).toBe(AGENT_ROLE_ARN);
    expect(principalArnKey({ principalArn: AGENT_ARN, roleArn: null, principalType: null })).toBe(
      "arn:aws-cn:iam::111122223333:role/AWSReservedSSO_AdministratorAccess_0a1b2c3d4e5f6789",
    );
    expect(resourceArn(e)).toBe("arn:aws-cn:cloudformation:cn-north-1:111122223333:stack/web-prod/abc");
    expect(resourceArn(event({ eventName: "DeleteStack", resources: ["web-prod"] }))).toBe(
      "arn:aws-cn:cloudformation:cn-north-1:111122223333:*",
    );
    const req = iamRequestOf({ ...e, sourceIdentity: "dev.li", principalId: "AROAEXAMPLE:dev.li" });
    expect(req.context).toMatchObject({
      "aws:PrincipalArn": AGENT_ROLE_ARN,
      "aws:PrincipalAccount": "111122223333",
      "aws:RequestedRegion": "cn-north-1",
      "aws:SourceIdentity": "dev.li",
      "aws:userid": "AROAEXAMPLE:dev.li",
    });
  });
});

describe("policy evaluation (iam-simulate)", () => {
  const req = (p: Parameters<typeof event>[0]) => iamRequestOf(event(p));
  it("an explicit Deny with a condition on the assumed role's ARN blocks, naming the statement", async () => {
    const r = await evaluatePolicy(SCP, "scp", req({ eventName: "DeleteStack" }));
    expect(r).toMatchObject({ decision: "blocked", statement: 'SCP statement "DenyStackDeletesOnHumanSessions" (#2)' });
  });
  it("the condition not matching (another role) allows", async () => {
    const r = await evaluatePolicy(
      SCP,
      "scp",
      req({
        eventName: "DeleteStack",
        roleArn: "arn:aws-cn:iam::111122223333:role/agent-deployer",
        principalArn: "arn:aws-cn:sts::111122223333:assumed-role/agent-deployer/run-1",
      }),
    );
    expect(r.decision).toBe("allowed");
  });
  it("an SCP without an Allow for the action implicitly denies", async () => {
    const denyOnly = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] };
    const r = await evaluatePolicy(denyOnly, "scp", req({ eventName: "DeleteStack" }));
    expect(r).toMatchObject({ decision: "blocked", statement: "no Allow statement in the SCP matches" });
  });
  it("NotAction and wildcard resources in a permission boundary", async () => {
    const pb = {
      Version: "2012-10-17",
      Statement: [
        { Sid: "Everything", Effect: "Allow", Action: "*", Resource: "*" },
        {
          Sid: "OnlyReadsOnProd",
          Effect: "Deny",
          NotAction: ["cloudformation:Describe*", "cloudformation:List*"],
          Resource: "arn:aws-cn:cloudformation:*:*:stack/*-prod/*",
        },
      ],
    };
    const prodArn = "arn:aws-cn:cloudformation:cn-north-1:111122223333:stack/web-prod/abc";
    expect((await evaluatePolicy(pb, "permission-boundary", req({ eventName: "DeleteStack", resources: [prodArn] }))).statement).toBe(
      'permission boundary statement "OnlyReadsOnProd" (#2)',
    );
    expect((await evaluatePolicy(pb, "permission-boundary", req({ eventName: "DescribeStacks", resources: [prodArn] }))).decision).toBe(
      "allowed",
    );
    const staging = "arn:aws-cn:cloudformation:cn-north-1:111122223333:stack/web-staging/abc";
    expect((await evaluatePolicy(pb, "permission-boundary", req({ eventName: "DeleteStack", resources: [staging] }))).decision).toBe(
      "allowed",
    );
  });
  it("an unknown action is reported as not evaluated, not silently allowed", async () => {
    const r = await evaluatePolicy(SCP, "scp", req({ eventName: "FrobnicateStack" }));
    expect(r.decision).toBe("error");
    expect(r.reason).toMatch(/cloudformation:FrobnicateStack could not be evaluated/);
  });
});

describe("replay of the demo incident", () => {
  const events = demoEvents();
  const byId = new Map(events.map((e) => [e.eventId, e]));
  const trigger = byId.get(DEMO_EXPECTED.triggerEventId)!;
  const cascade = events.filter((e) => e.eventName === "DeleteFunction20150331" || e.eventName === "DeleteTable");
  const incident = {
    id: "inc-1",
    title: "demo",
    triggerEventId: trigger.eventId,
    destructive: [
      { eventId: trigger.eventId, actionId: "42", cloudFormationInvoked: false },
      ...cascade.map((e) => ({ eventId: e.eventId, actionId: "42", cloudFormationInvoked: true })),
    ],
  };
  const del = call(DEMO_EXPECTED.triggerCommand, { id: "42", tool: "executeBash" });

  it("the SCP blocks the DeleteStack and, with it, CloudFormation's cascade", async () => {
    const r = await replayIncidents({ incidents: [incident], events: byId, actions: new Map([["42", del]]) }, { type: "scp", policy: SCP });
    expect(trigger.eventName).toBe("DeleteStack");
    expect(r.total).toEqual({ destructive: 1 + cascade.length, blocked: 1 + cascade.length });
    const first = r.incidents[0].steps[0];
    expect(first).toMatchObject({ eventId: trigger.eventId, blocked: true, action: "cloudformation:DeleteStack" });
    expect(r.incidents[0].steps.find((s) => s.eventName === "DeleteFunction20150331")?.reason).toMatch(/prevented: CloudFormation/);
    expect(ReplayReport.parse(toReplayReport(r)).incidents[0].blockedEventIds).toContain(trigger.eventId);
  });
  it("a policy that does not cover stacks blocks nothing", async () => {
    const other = {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: "*", Resource: "*" },
        { Sid: "NoS3Deletes", Effect: "Deny", Action: "s3:DeleteBucket", Resource: "*" },
      ],
    };
    const r = await replayIncidents({ incidents: [incident], events: byId, actions: new Map() }, { type: "scp", policy: other });
    expect(r.total.blocked).toBe(0);
    expect(r.incidents[0].allowedEventIds).toHaveLength(1 + cascade.length);
  });
  it("agent rules: a denied tool call prevents every event it caused", async () => {
    const rules = rulesFromSettings({ permissions: { deny: ["Bash(aws cloudformation delete-stack:*)"] } });
    const r = await replayIncidents(
      { incidents: [incident], events: byId, actions: new Map([["42", del]]) },
      { type: "agent-rules", rules },
    );
    expect(r.total).toEqual({ destructive: 1 + cascade.length, blocked: 1 + cascade.length });
    expect(r.incidents[0].steps[0].statement).toBe("permissions.deny: Bash(aws cloudformation delete-stack:*)");
    const none = rulesFromSettings({ permissions: { deny: ["Bash(terraform destroy:*)"] } });
    const r2 = await replayIncidents(
      { incidents: [incident], events: byId, actions: new Map([["42", del]]) },
      { type: "agent-rules", rules: none },
    );
    expect(r2.total.blocked).toBe(0);
  });
});

describe("Claude Code permission rules", () => {
  it("prefix rules match at a word boundary, compound commands by any sub-command", () => {
    expect(matchShell("terraform destroy:*", "terraform destroy -auto-approve")).toBe(true);
    expect(matchShell("terraform destroy:*", "terraform destroyer")).toBe(false);
    expect(matchShell("git * main", "git push origin main")).toBe(true);
    expect(subCommands("cd infra && AWS_PROFILE=x terraform destroy")).toContain("terraform destroy");
    const rules = { deny: ["Bash(terraform destroy:*)"], ask: ["Bash(aws * delete-*)"], allow: ["Bash"] };
    expect(decide(rules, { tool: "Bash", command: "cd infra && terraform destroy" }).decision).toBe("deny");
    expect(decide(rules, { tool: "exec_command", command: "aws s3 delete-bucket --bucket b" })).toEqual({
      decision: "ask",
      rule: "permissions.ask: Bash(aws * delete-*)",
    });
    expect(decide(rules, { tool: "Bash", command: "ls" }).decision).toBe("allow");
    expect(decide({ deny: ["mcp__aws__*"], ask: [], allow: [] }, { tool: "mcp__aws__call_aws", command: null }).decision).toBe("deny");
  });
  it("settings without rules is an error, not an empty rule set", () => {
    expect(() => rulesFromSettings({ model: "x" })).toThrow(/no permissions/);
    expect(() => rulesFromSettings({ permissions: { deny: "Bash" } })).toThrow(/array of strings/);
  });
});
