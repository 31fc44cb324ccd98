import { describe, expect, it } from "vitest";
import { candidateEventWindow, correlate, correlateSession } from "@/lib/correlation";
import { ACCT, AGENT_ARN, awsCmd, CLI_UA, ev, identity, OTHER_ARN, otherCmd, session, T0, tfCmd, toolCall } from "./fixtures";

const deleteStack = () =>
  toolCall({ at: T0, endedAt: T0 + 3_000, commands: [awsCmd("cloudformation", "delete-stack", { "stack-name": "web-prod" })] });

describe("tool-call links: command ↔ API + principal + time", () => {
  it("links aws cloudformation delete-stack to DeleteStack with high confidence and md/command evidence", () => {
    const a = deleteStack();
    const e = ev({ eventName: "DeleteStack", at: T0 + 1_200, userAgent: CLI_UA("cloudformation.delete-stack"), resources: ["web-prod"] });
    const links = correlateSession(session([a]), [e]);
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({
      actionId: a.id,
      eventId: e.eventId,
      confidence: "high",
      sessionId: "00000000-0000-4000-8000-000000000001",
    });
    expect(links[0].evidence.join("\n")).toMatch(/md\/command#cloudformation\.delete-stack matches/);
    expect(links[0].evidence.join("\n")).toMatch(/aws cloudformation delete-stack maps to cloudformation\.amazonaws\.com DeleteStack/);
  });

  it("never links a call by a different principal", () => {
    const e = ev({
      eventName: "DeleteStack",
      at: T0 + 1_000,
      principalArn: OTHER_ARN,
      sessionName: "gh-actions-1234",
      roleArn: `arn:aws-cn:iam::${ACCT}:role/ci-deploy`,
      humanName: null,
      userAgent: CLI_UA("cloudformation.delete-stack"),
    });
    expect(correlateSession(session([deleteStack()]), [e])).toEqual([]);
  });

  it("never links a call from another account", () => {
    const e = ev({ eventName: "DeleteStack", at: T0 + 1_000, accountId: "999988887777", userAgent: CLI_UA("cloudformation.delete-stack") });
    expect(
      correlateSession(
        session([deleteStack()], { awsIdentity: identity({ principalArn: null, roleArn: `arn:aws-cn:iam::${ACCT}:role/x` }) }),
        [e],
      ),
    ).toEqual([]);
  });

  it("respects the window boundaries: start − 5 s and end + 60 s inclusive", () => {
    const a = deleteStack(); // at T0, ends T0 + 3 s
    const s = session([a], { startedAt: T0, endedAt: T0 + 10 * 60_000 });
    const mk = (at: number) => ev({ eventName: "DeleteStack", at, userAgent: CLI_UA("cloudformation.delete-stack") });
    const atLead = mk(T0 - 5_000);
    const beforeLead = mk(T0 - 5_001);
    const atLag = mk(T0 + 3_000 + 60_000);
    const afterLag = mk(T0 + 3_000 + 60_001);
    const links = correlateSession(s, [atLead, beforeLead, atLag, afterLag]);
    const by = new Map(links.map((l) => [l.eventId, l]));
    expect(by.get(atLead.eventId)?.actionId).toBe(a.id);
    expect(by.get(atLag.eventId)?.actionId).toBe(a.id);
    expect(by.has(beforeLead.eventId)).toBe(false); // before the session too: nothing
    // after the call's window but inside the session: only a session-level link, never the tool call
    expect(by.get(afterLag.eventId)).toMatchObject({ actionId: null, confidence: "low" });
  });

  it("a tool call without an end runs until the next action (capped at 15 min)", () => {
    const a = toolCall({ at: T0, endedAt: null, commands: [awsCmd("lambda", "delete-function", { "function-name": "api" })] });
    const b = toolCall({ at: T0 + 120_000, commands: [awsCmd("sts", "get-caller-identity")] });
    const s = session([a, b], { startedAt: T0, endedAt: T0 + 121_000 });
    const inside = ev({
      eventSource: "lambda.amazonaws.com",
      eventName: "DeleteFunction20150331",
      at: T0 + 150_000,
      userAgent: CLI_UA("lambda.delete-function"),
    });
    const outside = ev({
      eventSource: "lambda.amazonaws.com",
      eventName: "DeleteFunction20150331",
      at: T0 + 181_000,
      userAgent: CLI_UA("lambda.delete-function"),
    });
    const links = correlateSession(s, [inside, outside]);
    expect(links.find((l) => l.eventId === inside.eventId)?.actionId).toBe(a.id);
    expect(links.find((l) => l.eventId === outside.eventId)?.actionId ?? null).toBeNull();
  });

  it("counts a duplicate delivery (same eventID twice) once", () => {
    const e = ev({ eventName: "DeleteStack", at: T0 + 1_000, userAgent: CLI_UA("cloudformation.delete-stack") });
    const links = correlate([session([deleteStack()])], [e, { ...e }]);
    expect(links).toHaveLength(1);
  });
});

describe("userAgent md/command evidence", () => {
  it("raises confidence when several calls could explain the event, and excludes a different command", () => {
    const d1 = toolCall({ at: T0, endedAt: T0 + 1_000, commands: [awsCmd("cloudformation", "describe-stacks")] });
    const d2 = toolCall({ at: T0 + 10_000, endedAt: T0 + 11_000, commands: [awsCmd("cloudformation", "describe-stacks")] });
    const withUa = ev({
      eventName: "DescribeStacks",
      readOnly: true,
      at: T0 + 10_500,
      userAgent: CLI_UA("cloudformation.describe-stacks"),
    });
    const noUa = ev({
      eventName: "DescribeStacks",
      readOnly: true,
      at: T0 + 10_600,
      userAgent: "aws-cli/1.29.0 Python/3.11 Linux/6.8 botocore/1.31.0",
    });
    const otherCmdUa = ev({ eventName: "DescribeStacks", readOnly: true, at: T0 + 10_700, userAgent: CLI_UA("cloudformation.deploy") });
    const links = correlateSession(session([d1, d2]), [withUa, noUa, otherCmdUa]);
    const by = new Map(links.map((l) => [l.eventId, l]));
    expect(by.get(withUa.eventId)).toMatchObject({ actionId: d2.id, confidence: "high" });
    expect(by.get(noUa.eventId)).toMatchObject({ actionId: d2.id, confidence: "medium" });
    expect(by.get(noUa.eventId)!.evidence.join("\n")).toMatch(/2 tool calls could explain/);
    // md/command#cloudformation.deploy: not made by describe-stacks → no tool-call link (session-level only)
    expect(by.get(otherCmdUa.eventId)).toMatchObject({ actionId: null, confidence: "low" });
  });

  it("with the session identity unknown, links only on md/command evidence and at most medium", () => {
    const a = deleteStack();
    const s = session([a], { awsIdentity: null });
    const withUa = ev({ eventName: "DeleteStack", at: T0 + 1_000, userAgent: CLI_UA("cloudformation.delete-stack") });
    const noUa = ev({ eventName: "DeleteStack", at: T0 + 1_100, userAgent: "Boto3/1.35.0 md/Botocore#1.35.0" });
    const links = correlateSession(s, [withUa, noUa]);
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({ eventId: withUa.eventId, actionId: a.id, confidence: "medium" });
    expect(links[0].evidence.join("\n")).toMatch(/identity unknown/);
  });

  it("a role-only principal match is at most medium", () => {
    const a = deleteStack();
    const s = session([a], {
      awsIdentity: identity({
        principalArn: null,
        roleArn: `arn:aws-cn:iam::${ACCT}:role/aws-reserved/sso.amazonaws.com/cn-north-1/AWSReservedSSO_AdministratorAccess_0a1b2c3d4e5f6789`,
      }),
    });
    const e = ev({ eventName: "DeleteStack", at: T0 + 1_000, userAgent: CLI_UA("cloudformation.delete-stack") });
    const [l] = correlateSession(s, [e]);
    expect(l).toMatchObject({ actionId: a.id, confidence: "medium" });
    expect(l.evidence.join("\n")).toMatch(/role-level match only/);
  });
});

describe("terraform and SDK / script rules", () => {
  it("terraform destroy explains mutating calls with a Terraform userAgent, not reads or other clients", () => {
    const a = toolCall({ at: T0, endedAt: T0 + 120_000, tool: "executeBash", commands: [tfCmd("destroy")] });
    const s = session([a]);
    const tfUa =
      "APN/1.0 HashiCorp/1.0 Terraform/1.9.5 (+https://www.terraform.io) terraform-provider-aws/5.70.0 aws-sdk-go-v2/1.32.0 os/linux";
    const del = ev({ eventSource: "dynamodb.amazonaws.com", eventName: "DeleteTable", at: T0 + 30_000, userAgent: tfUa });
    const read = ev({
      eventSource: "dynamodb.amazonaws.com",
      eventName: "DescribeTable",
      readOnly: true,
      at: T0 + 31_000,
      userAgent: tfUa,
    });
    const boto = ev({
      eventSource: "dynamodb.amazonaws.com",
      eventName: "DeleteTable",
      at: T0 + 32_000,
      userAgent: "Boto3/1.35.0 md/Botocore#1.35.0",
    });
    const by = new Map(correlateSession(s, [del, read, boto]).map((l) => [l.eventId, l]));
    expect(by.get(del.eventId)).toMatchObject({ actionId: a.id, confidence: "high" });
    expect(by.get(del.eventId)!.evidence.join("\n")).toMatch(/Terraform userAgent/);
    expect(by.get(read.eventId)?.actionId ?? null).toBeNull();
    expect(by.get(boto.eventId)?.actionId ?? null).toBeNull();
  });

  it("a script's SDK calls link to the tool call through the session's app/<id> tag (principal match by tag)", () => {
    const a = toolCall({ at: T0, endedAt: T0 + 20_000, commands: [otherCmd("python3", ["scripts/cleanup.py"])] });
    const s = session([a], { awsIdentity: identity({ principalArn: null, appId: "kiro-run-7f3a" }) });
    const tagged = ev({
      eventSource: "s3.amazonaws.com",
      eventName: "DeleteBucket",
      at: T0 + 5_000,
      principalArn: OTHER_ARN,
      userAgent: "Boto3/1.35.0 md/Botocore#1.35.0 app/kiro-run-7f3a",
    });
    const untagged = ev({
      eventSource: "s3.amazonaws.com",
      eventName: "DeleteBucket",
      at: T0 + 6_000,
      principalArn: OTHER_ARN,
      userAgent: "Boto3/1.35.0 md/Botocore#1.35.0",
    });
    const links = correlateSession(s, [tagged, untagged]);
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({ eventId: tagged.eventId, actionId: a.id, confidence: "high" });
    expect(links[0].evidence.join("\n")).toMatch(/app\/kiro-run-7f3a/);
  });

  it("an exec-env marker set on the command links the script's calls", () => {
    const a = toolCall({ at: T0, endedAt: T0 + 20_000, commands: [otherCmd("node", ["fix.js"], { AWS_EXECUTION_ENV: "agent-run-42" })] });
    const e = ev({
      eventSource: "lambda.amazonaws.com",
      eventName: "UpdateFunctionConfiguration20150331v2",
      at: T0 + 3_000,
      userAgent: "aws-sdk-js/3.700.0 ua/2.1 os/linux lang/js md/nodejs#20.18.0 exec-env/agent-run-42",
    });
    const [l] = correlateSession(session([a]), [e]);
    expect(l).toMatchObject({ actionId: a.id, confidence: "high" });
  });

  it("same-principal calls no tool call explains become low session-level links; console calls do not", () => {
    const a = toolCall({ at: T0, endedAt: T0 + 20_000, commands: [otherCmd("python3", ["fix.py"])] });
    const sdk = ev({
      eventSource: "ec2.amazonaws.com",
      eventName: "TerminateInstances",
      at: T0 + 5_000,
      userAgent: "Boto3/1.35.0 md/Botocore#1.35.0",
    });
    const consoleCall = ev({
      eventSource: "ec2.amazonaws.com",
      eventName: "StopInstances",
      at: T0 + 6_000,
      userAgent: "Mozilla/5.0 (Macintosh) AppleWebKit/537.36 Chrome/131.0",
    });
    const links = correlateSession(session([a]), [sdk, consoleCall]);
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({ eventId: sdk.eventId, actionId: null, confidence: "low" });
    expect(links[0].evidence.join("\n")).toMatch(/python3 fix\.py/);
  });
});

describe("CloudFormation cascade", () => {
  it("links CloudFormation-invoked deletes for the same principal to the delete-stack call (medium)", () => {
    const a = deleteStack();
    const s = session([a], { endedAt: T0 + 60_000 });
    const cfn = { sourceIp: "cloudformation.amazonaws.com", userAgent: "cloudformation.amazonaws.com" };
    const fn = ev({
      eventSource: "lambda.amazonaws.com",
      eventName: "DeleteFunction20150331",
      at: T0 + 20 * 60_000,
      resources: ["web-api"],
      ...cfn,
    });
    const notOurs = ev({
      eventSource: "lambda.amazonaws.com",
      eventName: "DeleteFunction20150331",
      at: T0 + 21 * 60_000,
      principalArn: OTHER_ARN,
      sessionName: "gh",
      roleArn: `arn:aws-cn:iam::${ACCT}:role/ci-deploy`,
      humanName: null,
      ...cfn,
    });
    const tooLate = ev({
      eventSource: "lambda.amazonaws.com",
      eventName: "DeleteFunction20150331",
      at: T0 + 3_000 + 60_000 + 60 * 60_000 + 1,
      ...cfn,
    });
    const links = correlateSession(s, [fn, notOurs, tooLate]);
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({ eventId: fn.eventId, actionId: a.id, confidence: "medium" });
    expect(links[0].evidence[0]).toBe("invoked by CloudFormation during DeleteStack of web-prod");
  });

  it("extends the candidate window by 60 min when the session ran a stack operation", () => {
    const plain = session([toolCall({ at: T0, endedAt: T0 + 1_000, commands: [awsCmd("s3", "ls")] })], {
      startedAt: T0,
      endedAt: T0 + 60_000,
    });
    expect(candidateEventWindow(plain)).toEqual({ from: T0 - 5_000, to: T0 + 120_000 });
    const stack = session([deleteStack()], { startedAt: T0, endedAt: T0 + 60_000 });
    expect(candidateEventWindow(stack)).toEqual({ from: T0 - 5_000, to: T0 + 120_000 + 3_600_000 });
  });
});

describe("multiple sessions", () => {
  it("links each event only to the session whose principal made it", () => {
    const s1 = session([deleteStack()], { id: "s1" });
    const s2 = session(
      [toolCall({ at: T0, endedAt: T0 + 3_000, commands: [awsCmd("cloudformation", "delete-stack", { "stack-name": "web-prod" })] })],
      {
        id: "s2",
        awsIdentity: identity({ principalArn: OTHER_ARN }),
      },
    );
    const e = ev({ eventName: "DeleteStack", at: T0 + 1_000, principalArn: AGENT_ARN, userAgent: CLI_UA("cloudformation.delete-stack") });
    const links = correlate([s1, s2], [e]);
    expect(links.map((l) => l.sessionId)).toEqual(["s1"]);
  });
});

describe("CloudFormation cascade attribution", () => {
  it("attributes cascade deletes to the delete-stack even when a (failed) create-stack started in between", () => {
    const del = toolCall({
      at: T0,
      endedAt: T0 + 2_000,
      commands: [awsCmd("cloudformation", "delete-stack", { "stack-name": "web-prod" })],
    });
    const create = toolCall({
      at: T0 + 30_000,
      endedAt: T0 + 32_000,
      commands: [awsCmd("cloudformation", "create-stack", { "stack-name": "web-prod" })],
    });
    const s = session([del, create]);
    const cfn = { sourceIp: "cloudformation.amazonaws.com", userAgent: "cloudformation.amazonaws.com" };
    const events = [
      ev({ eventName: "DeleteStack", at: T0 + 1_000, userAgent: CLI_UA("cloudformation.delete-stack") }),
      ev({
        eventName: "CreateStack",
        at: T0 + 31_000,
        errorCode: "AlreadyExistsException",
        userAgent: CLI_UA("cloudformation.create-stack"),
      }),
      ev({ eventSource: "dynamodb.amazonaws.com", eventName: "DeleteTable", at: T0 + 45_000, ...cfn }),
      ev({ eventSource: "dynamodb.amazonaws.com", eventName: "CreateTable", at: T0 + 50_000, ...cfn }),
    ];
    const links = correlateSession(s, events);
    const delTable = links.find((l) => l.eventId === events[2].eventId)!;
    expect(delTable).toMatchObject({ actionId: del.id, confidence: "medium" });
    expect(delTable.evidence[0]).toBe("invoked by CloudFormation during DeleteStack of web-prod");
    // the failed create-stack started nothing; a CloudFormation create is not attributed to it
    const createTable = links.find((l) => l.eventId === events[3].eventId)!;
    expect(createTable.actionId).toBe(del.id);
  });
});

describe("sessions with approximate times (Claude Code headless output)", () => {
  it("widen each tool call's window by ±10 min and lower the link's confidence one level, saying so", () => {
    const a = deleteStack(); // at T0, ends T0 + 3 s
    const e = ev({
      eventName: "DeleteStack",
      at: T0 + 3_000 + 5 * 60_000,
      userAgent: CLI_UA("cloudformation.delete-stack"),
      resources: ["web-prod"],
    });
    const exact = session([a], { startedAt: T0, endedAt: T0 + 3_000 });
    expect(correlateSession(exact, [e]).filter((l) => l.actionId === a.id)).toEqual([]);
    const approx = session([a], { startedAt: T0, endedAt: T0 + 3_000, timesApproximate: "the file carries no timestamps" });
    expect(candidateEventWindow(approx)?.from).toBe(T0 - 5_000 - 10 * 60_000);
    const links = correlateSession(approx, [e]);
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({ actionId: a.id, confidence: "medium" });
    expect(links[0].evidence.join("\n")).toMatch(/whose time is approximate \(the file carries no timestamps\): window widened by ±10 min/);
  });
});
