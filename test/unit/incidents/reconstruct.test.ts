import { describe, expect, it } from "vitest";
import { correlate } from "@/lib/correlation";
import type { CorrelationEvent } from "@/lib/correlation/types";
import {
  followingEventQueries,
  IncidentDetail,
  IncidentReport,
  type IncidentSession,
  reconstructIncidents,
  toIncidentReport,
} from "@/lib/incidents";
import { ACCT, AGENT_ARN, approved, awsCmd, CLI_UA, ev, session, T0, toolCall } from "../correlation/fixtures";
import { ONCALL_ARN, RECOVERY_AT, stackScenario, TRIGGER_AT } from "./scenario";

function run(sessions: IncidentSession[], events: CorrelationEvent[]) {
  const links = correlate(sessions, events);
  return { links, ...reconstructIncidents({ sessions, links, events }) };
}

describe("reconstructIncidents: the stack-deletion story", () => {
  const { session: s, events, ids } = stackScenario();
  const { incidents, links } = run([s], events);
  const detail = [...incidents.values()][0];

  it("finds exactly one incident, triggered by the first successful destructive agent call", () => {
    expect(incidents.size).toBe(1);
    expect([...incidents.keys()]).toEqual([ids.trigger]);
    expect(detail.trigger).toMatchObject({
      eventId: ids.trigger,
      eventName: "DeleteStack",
      principalArn: AGENT_ARN,
      linkConfidence: "high",
    });
    expect(detail.agent).toMatchObject({
      kind: "kiro",
      sessionId: "sess-ext-1",
      command: "aws cloudformation delete-stack --stack-name web-prod",
    });
    expect(detail.agent.toolCallId).toMatch(/^tooluse_/);
  });

  it("holds the agent's destructive set (CloudFormation cascade included) and its blast radius", () => {
    expect(detail.destructiveEventIds).toEqual([ids.trigger, ids.delFn, ids.delTable, ids.delApi, ids.detach, ids.delRole]);
    expect(detail.destructiveEvents.filter((d) => d.cloudFormationInvoked)).toHaveLength(5);
    expect([...detail.affectedResources].sort()).toEqual(
      [
        "web-prod",
        "web-api",
        `arn:aws-cn:dynamodb:cn-north-1:${ACCT}:table/web-orders`,
        "arn:aws-cn:apigateway:cn-north-1::/restapis/abc123",
        "web-role",
      ].sort(),
    );
    // the AWS-managed policy was detached, not destroyed
    expect(detail.affectedResources.some((r) => r.includes(":aws:policy/"))).toBe(false);
    // unrelated human delete and the failed agent create are not part of it
    expect(detail.destructiveEventIds).not.toContain(ids.unrelatedHumanDelete);
    expect(links.find((l) => l.eventId === ids.unrelatedHumanDelete)).toBeUndefined();
  });

  it("resolves at the recreate that completed recovery: 780 minutes", () => {
    expect(detail.status).toBe("resolved");
    expect(detail.recovery).toMatchObject({ eventId: ids.createApi, eventTime: new Date(RECOVERY_AT).toISOString() });
    expect(detail.durationMinutes).toBe(780);
    expect(detail.endedAt).toBe(new Date(RECOVERY_AT).toISOString());
    const api = detail.blastRadius.find((b) => b.service === "apigateway")!;
    expect(api).toMatchObject({ recreateMatch: "stack-replacement", recreatedByEventId: ids.createApi, stack: "web-prod" });
    const stack = detail.blastRadius.find((b) => b.service === "cloudformation")!;
    expect(stack).toMatchObject({
      recreateMatch: "same-identifier",
      recreatedByEventId: ids.recreateStack,
      recreatedBy: "wang.fang@example.com",
    });
    expect(detail.blastRadius.find((b) => b.name === "web-role")).toMatchObject({
      destroyedByEventName: "DeleteRole",
      recreatedByEventId: ids.createRole,
    });
  });

  it("derives the phases from evidence", () => {
    const by = Object.fromEntries(detail.phases.map((p) => [p.phase, p]));
    expect(by.trigger.eventId).toBe(ids.trigger);
    expect(by.first_impact).toMatchObject({ eventId: ids.impact });
    expect(by.first_impact.evidence[0]).toMatch(/ResourceNotFoundException on web-orders/);
    expect(by.detection).toMatchObject({ eventId: ids.detect, principalArn: ONCALL_ARN });
    expect(by.detection.evidence[0]).toMatch(/wang\.fang@example\.com ran DescribeStacks in the console on web-prod/);
    expect(by.mitigation).toMatchObject({ eventId: ids.attempt });
    expect(by.mitigation.evidence[0]).toMatch(/first recreate attempt \(failed: ValidationError\)/);
    expect(by.recovery).toMatchObject({ eventId: ids.createApi });
  });

  it("reports the findings: approval gap with mode, inherited privilege, out of scope", () => {
    const kinds = Object.fromEntries(detail.findings.map((f) => [f.kind, f]));
    expect(detail.approval).toMatchObject({ recorded: false, mode: "autopilot", decision: null });
    expect(kinds["approval-gap"].title).toMatch(/autopilot/);
    expect(kinds["approval-gap"].evidence.join("\n")).toMatch(/no approval record for tool call tooluse_/);
    expect(detail.privilege).toMatchObject({ inheritedHumanSession: true, human: "dev.li@example.com", principalArn: AGENT_ARN });
    expect(kinds["inherited-privilege"]).toBeDefined();
    expect(kinds["out-of-scope"].evidence.join("\n")).toMatch(/stated scope: "Scope: only the ce-forecast-staging/);
    expect(kinds["out-of-scope"].evidence.join("\n")).toMatch(
      /DeleteStack web-prod is not named in the stated scope \("ce-forecast-staging"\)/,
    );
    expect(kinds["out-of-scope"].eventIds).toContain(ids.trigger);
  });

  it("the report is exactly the CLI contract", () => {
    expect(() => IncidentDetail.parse(detail)).not.toThrow();
    const report = toIncidentReport(detail, "7d2f0c9e-1111-4222-8333-444455556666");
    expect(IncidentReport.parse(report)).toEqual(report);
    expect(report).toMatchObject({
      id: "7d2f0c9e-1111-4222-8333-444455556666",
      status: "resolved",
      durationMinutes: 780,
      startedAt: new Date(TRIGGER_AT).toISOString(),
      trigger: { eventId: ids.trigger, eventName: "DeleteStack", resources: ["web-prod"] },
      approval: { recorded: false, mode: "autopilot" },
      privilege: { inheritedHumanSession: true, human: "dev.li@example.com" },
      recovery: { eventId: ids.createApi },
    });
    expect(Object.keys(report).sort()).toEqual(
      [
        "id",
        "title",
        "status",
        "startedAt",
        "endedAt",
        "durationMinutes",
        "trigger",
        "agent",
        "approval",
        "privilege",
        "destructiveEventIds",
        "affectedResources",
        "recovery",
        "notRecreated",
        "reproduced",
        "notReproducedReason",
      ].sort(),
    );
    expect(() => IncidentReport.parse({ ...report, extra: 1 })).toThrow();
    expect(() => IncidentReport.parse({ ...report, startedAt: "yesterday" })).toThrow();
  });

  it("is deterministic and order-independent (re-running after more ingest gives the same incident)", () => {
    const again = run([s], [...events].reverse().concat(events.slice(0, 3)));
    expect(JSON.stringify([...again.incidents.entries()])).toBe(JSON.stringify([...incidents.entries()]));
  });
});

describe("open and partial recovery", () => {
  it("no recreate → open, no recovery, no duration", () => {
    const { session: s, events } = stackScenario({ recover: "none" });
    const d = [...run([s], events).incidents.values()][0];
    expect(d).toMatchObject({ status: "open", recovery: null, durationMinutes: null, endedAt: null });
    expect(d.phases.map((p) => p.phase)).not.toContain("recovery");
    expect(IncidentReport.parse(toIncidentReport(d, "x")).recovery).toBeNull();
  });

  it("only the stack recreated, its resources not → recovered at the last re-creation, the rest listed as never recreated", () => {
    const { session: s, events, ids } = stackScenario({ recover: "stack-only" });
    const d = [...run([s], events).incidents.values()][0];
    expect(d.status).toBe("resolved");
    expect(d.recovery?.eventId).toBe(ids.recreateStack);
    expect(d.recovery?.partial).toBe(true);
    expect(d.blastRadius.find((b) => b.service === "cloudformation")?.recreatedByEventId).toBe(ids.recreateStack);
    const never = d.blastRadius.filter((b) => b.recreatedAt === null).map((b) => b.resource);
    expect(never.length).toBeGreaterThan(0);
    expect(d.recovery?.notRecreated).toEqual(never);
    expect(toIncidentReport(d, "x").notRecreated).toEqual(never);
  });
});

describe("horizon", () => {
  it("a recreate more than 7 days after the trigger is not looked at: the incident stays open", () => {
    const { session: s, events, ids } = stackScenario();
    const late = new Set([ids.recreateStack, ids.createRole, ids.createTable, ids.createFn, ids.createApi]);
    const shifted = events.map((e) => (late.has(e.eventId) ? { ...e, eventTime: e.eventTime + 7 * 86_400_000 } : e));
    const d = [...run([s], shifted).incidents.values()][0];
    expect(d.status).toBe("open");
    expect(d.recovery).toBeNull();
  });
});

describe("what is not an incident", () => {
  it("a human-only deletion is never blamed on an agent", () => {
    const s = session([toolCall({ at: T0, commands: [awsCmd("cloudformation", "describe-stacks")] })]);
    const humanDelete = ev({
      eventName: "DeleteStack",
      at: T0 + 1_000,
      principalArn: ONCALL_ARN,
      sessionName: "wang.fang@example.com",
      roleArn: null,
      humanName: "wang.fang@example.com",
      userAgent: CLI_UA("cloudformation.delete-stack"),
      resources: ["web-prod"],
    });
    const r = run([s], [humanDelete]);
    expect(r.links).toEqual([]);
    expect(r.incidents.size).toBe(0);
  });

  it("a failed destructive attempt is a blocked attempt, not an incident", () => {
    const a = toolCall({
      at: T0,
      commands: [awsCmd("rds", "delete-db-instance", { "db-instance-identifier": "orders-db", "skip-final-snapshot": true })],
    });
    const s = session([a]);
    const denied = ev({
      eventSource: "rds.amazonaws.com",
      eventName: "DeleteDBInstance",
      at: T0 + 800,
      errorCode: "AccessDenied",
      errorMessage: "explicit deny in a service control policy",
      userAgent: CLI_UA("rds.delete-db-instance"),
      resources: ["orders-db"],
    });
    const r = run([s], [denied]);
    expect(r.incidents.size).toBe(0);
    const blocked = r.blockedAttempts.get(s.id)!;
    expect(blocked).toHaveLength(1);
    expect(blocked[0]).toMatchObject({ eventId: denied.eventId, errorCode: "AccessDenied", toolCallId: a.toolCallId });
    expect(blocked[0].evidence[0]).toMatch(/guardrail held/);
  });

  it("lists blocked attempts inside an incident too", () => {
    const { session: s, events } = stackScenario();
    const extra = toolCall({
      at: T0 + 200_000,
      endedAt: T0 + 201_000,
      commands: [awsCmd("rds", "delete-db-instance", { "db-instance-identifier": "orders-db" })],
    });
    const s2 = { ...s, actions: [...s.actions, extra] };
    const denied = ev({
      eventSource: "rds.amazonaws.com",
      eventName: "DeleteDBInstance",
      at: T0 + 200_500,
      errorCode: "AccessDenied",
      userAgent: CLI_UA("rds.delete-db-instance"),
      resources: ["orders-db"],
    });
    const d = [...run([s2], [...events, denied]).incidents.values()][0];
    expect(d.blockedAttempts.map((b) => b.eventId)).toEqual([denied.eventId]);
    expect(d.affectedResources).not.toContain("orders-db");
  });
});

describe("approval findings", () => {
  it("a human approval of the trigger clears the approval gap", () => {
    const { session: s, events } = stackScenario();
    const actions = s.actions.map((a) => (a.command?.includes("delete-stack") ? { ...a, approval: approved("user") } : a));
    const d = [...run([{ ...s, mode: "supervised" }], events).incidents.values()][0];
    expect(d.findings.map((f) => f.kind)).toContain("approval-gap");
    const d2 = [...run([{ ...s, actions, mode: "supervised" }], events).incidents.values()][0];
    expect(d2.approval).toMatchObject({ recorded: true, mode: "supervised", decision: "approved", source: "user" });
    expect(d2.findings.map((f) => f.kind)).not.toContain("approval-gap");
  });

  it("a config allow-list approval is not a human approval", () => {
    const { session: s, events } = stackScenario();
    const actions = s.actions.map((a) =>
      a.command?.includes("delete-stack") ? { ...a, approval: { ...approved("config"), detail: "allowlist: aws *" } } : a,
    );
    const d = [...run([{ ...s, actions, mode: "bypass" }], events).incidents.values()][0];
    expect(d.approval.recorded).toBe(false);
    expect(d.approval.evidence.join("\n")).toMatch(/auto-approved by config \(allowlist: aws \*\)/);
    expect(d.findings.find((f) => f.kind === "approval-gap")?.title).toMatch(/bypass/);
  });

  it("no scope statement → no out-of-scope finding; a scope naming the stack → none either", () => {
    const { session: s1, events: e1 } = stackScenario({ scope: "Investigate the forecast error and fix it." });
    expect([...run([s1], e1).incidents.values()][0].findings.map((f) => f.kind)).not.toContain("out-of-scope");
    const { session: s2, events: e2 } = stackScenario({
      scope: "You may only change resources of the web-prod stack: web-prod, web-api, web-orders, web-role, abc123.",
    });
    expect([...run([s2], e2).incidents.values()][0].findings.map((f) => f.kind)).not.toContain("out-of-scope");
  });
});

describe("followingEventQueries", () => {
  it("gives the DB layer the trigger window and the identifiers to overlap", () => {
    const { session: s, events, ids } = stackScenario();
    const links = correlate([s], events);
    const linked = events.filter((e) => links.some((l) => l.eventId === e.eventId));
    const [q] = followingEventQueries(linked, links);
    expect(q).toMatchObject({
      sessionId: s.id,
      triggerEventId: ids.trigger,
      accountId: ACCT,
      from: TRIGGER_AT,
      to: TRIGGER_AT + 7 * 86_400_000,
    });
    expect(q.terms).toEqual(
      expect.arrayContaining([
        "web-prod",
        "web-api",
        "web-orders",
        "web-role",
        "abc123",
        "arn:aws-cn:apigateway:cn-north-1::/restapis/abc123",
      ]),
    );
    // the usual ARN forms of names, so a later call naming the function by ARN is fetched too
    expect(q.terms).toEqual(
      expect.arrayContaining([`arn:aws-cn:lambda:cn-north-1:${ACCT}:function:web-api`, `arn:aws-cn:iam::${ACCT}:role/web-role`]),
    );
  });
});
