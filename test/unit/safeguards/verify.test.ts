import { describe, expect, it } from "vitest";
import { coveragePercent, overallStatus, verifyTarget } from "@/lib/safeguards/verify";
import {
  ACCT,
  AGENT_ARN,
  AGENT_ROLE_ARN,
  agentSession,
  approval,
  call,
  event,
  evidence,
  link,
  ROLLOUT,
  SCOPED_ARN,
  SCOPED_ROLE_ARN,
  T0,
  target,
} from "./fixtures";

const def = (kind: Parameters<typeof verifyTarget>[0]["kind"], extra = {}) => ({ key: "k", kind, ...extra });

describe("status rules", () => {
  it("a target without rollout, or with a rollout in the future, is planned whatever the evidence", () => {
    const s = agentSession([call("aws cloudformation delete-stack --stack-name x")]);
    expect(verifyTarget(def("approval-required"), target({ rolloutAt: null }), evidence({ sessions: [s] })).status).toBe("planned");
    const future = target({ rolloutAt: T0 + 30 * 86_400_000 });
    expect(verifyTarget(def("approval-required"), future, evidence({ sessions: [s] })).status).toBe("planned");
  });
  it("rolled out with nothing in scope is no_evidence", () => {
    expect(verifyTarget(def("approval-required"), target(), evidence({})).status).toBe("no_evidence");
  });
  it("overall status and coverage", () => {
    expect(overallStatus(["verified", "violated"])).toBe("violated");
    expect(overallStatus(["planned", "planned"])).toBe("planned");
    expect(overallStatus(["verified", "planned"])).toBe("verified");
    expect(overallStatus(["verified", "no_evidence"])).toBe("no_evidence");
    expect(coveragePercent(["verified", "violated", "planned", "verified"])).toBe(50);
  });
});

describe("approval-required", () => {
  it("violated by a destructive call with no human approval in autopilot; names the session and action", () => {
    const del = call("aws cloudformation delete-stack --stack-name web-prod");
    const s = agentSession([call("aws cloudformation describe-stacks"), del], { mode: "autopilot" });
    const v = verifyTarget(def("approval-required"), target(), evidence({ sessions: [s] }));
    expect(v).toMatchObject({ status: "violated", violations: 1, observations: 1 });
    expect(v.evidence[0]).toMatchObject({ verdict: "violation", sessionId: s.id, actionKey: del.key });
    expect(v.evidence[0].reason).toMatch(/autopilot mode \(unsupervised\)/);
  });
  it("verified when a person approved before it ran; a config auto-approval is not human approval", () => {
    const ok = call("aws dynamodb delete-table --table-name t", { approval: approval() });
    const s = agentSession([ok]);
    expect(verifyTarget(def("approval-required"), target(), evidence({ sessions: [s] }))).toMatchObject({
      status: "verified",
      observations: 1,
    });
    const auto = call("aws dynamodb delete-table --table-name t", { approval: approval({ source: "config", approver: null }) });
    expect(verifyTarget(def("approval-required"), target(), evidence({ sessions: [agentSession([auto])] })).status).toBe("violated");
  });
  it("an approval recorded after the call finished does not count", () => {
    const late = call("aws rds delete-db-instance --db-instance-identifier d");
    late.approval = approval({ at: (late.endedAt ?? 0) + 60_000 });
    expect(verifyTarget(def("approval-required"), target(), evidence({ sessions: [agentSession([late])] })).status).toBe("violated");
  });
  it("calls before rollout, other accounts and other agent kinds are out of scope", () => {
    const del = call("aws cloudformation delete-stack --stack-name x", { at: ROLLOUT - 1000 });
    const before = agentSession([del], { startedAt: ROLLOUT - 5000, endedAt: ROLLOUT - 100 });
    expect(verifyTarget(def("approval-required"), target(), evidence({ sessions: [before] })).status).toBe("no_evidence");
    const other = agentSession([call("aws cloudformation delete-stack --stack-name x")]);
    expect(verifyTarget(def("approval-required"), target({ account: "999988887777" }), evidence({ sessions: [other] })).status).toBe(
      "no_evidence",
    );
    expect(verifyTarget(def("approval-required"), target({ agentKinds: ["codex"] }), evidence({ sessions: [other] })).status).toBe(
      "no_evidence",
    );
  });
  it("teams scope sessions by their user", () => {
    const s = agentSession([call("aws cloudformation delete-stack --stack-name x")], { user: "dev.li" });
    expect(verifyTarget(def("approval-required"), target({ members: ["dev.li@example.com"] }), evidence({ sessions: [s] })).status).toBe(
      "violated",
    );
    expect(verifyTarget(def("approval-required"), target({ members: ["someone@example.com"] }), evidence({ sessions: [s] })).status).toBe(
      "no_evidence",
    );
  });
});

describe("peer-review", () => {
  it("a violating action points at the CloudTrail call it caused", () => {
    const del = call("aws cloudformation delete-stack --stack-name x");
    const s = agentSession([del], { mode: "autopilot" });
    const e = event({ eventName: "DeleteStack", at: del.at + 300 });
    const v = verifyTarget(def("peer-review"), target(), evidence({ sessions: [s], events: [e], links: [link(s, del, e)] }));
    expect(v.evidence[0]).toMatchObject({ verdict: "violation", actionKey: del.key, eventId: e.eventId });
  });
  it("self-approval is a violation, another person's approval verifies", () => {
    const self = call("aws cloudformation delete-stack --stack-name x", { approval: approval({ approver: "dev.li" }) });
    const v = verifyTarget(def("peer-review"), target(), evidence({ sessions: [agentSession([self])] }));
    expect(v.status).toBe("violated");
    expect(v.evidence[0].reason).toMatch(/self-approved/);
    const peer = call("aws cloudformation delete-stack --stack-name x", { approval: approval({ approver: "wang.fang@example.com" }) });
    expect(verifyTarget(def("peer-review"), target(), evidence({ sessions: [agentSession([peer])] }))).toMatchObject({
      status: "verified",
      violations: 0,
      observations: 1,
    });
  });
});

describe("scoped-agent-role", () => {
  it("a session on an inherited SSO admin session is a violation pointing at its CloudTrail call", () => {
    const a = call("aws sts get-caller-identity");
    const s = agentSession([a]);
    const e = event({ eventName: "GetCallerIdentity", eventSource: "sts.amazonaws.com", at: a.at + 100 });
    const v = verifyTarget(def("scoped-agent-role"), target(), evidence({ sessions: [s], events: [e], links: [link(s, a, e)] }));
    expect(v.status).toBe("violated");
    expect(v.evidence[0]).toMatchObject({ eventId: e.eventId, sessionId: s.id });
    expect(v.evidence[0].reason).toMatch(/AWSReservedSSO|admin/);
  });
  it("a dedicated agent role verifies; agentRoles narrows which roles count", () => {
    const a = call("aws sts get-caller-identity");
    const s = agentSession([a], {
      awsIdentity: { ...agentSession([]).awsIdentity!, principalArn: SCOPED_ARN, roleArn: SCOPED_ROLE_ARN },
    });
    const e = event({
      eventName: "GetCallerIdentity",
      eventSource: "sts.amazonaws.com",
      principalArn: SCOPED_ARN,
      roleArn: SCOPED_ROLE_ARN,
      humanName: null,
      sessionName: "kiro-run-7",
    });
    const ev = evidence({ sessions: [s], events: [e], links: [link(s, a, e)] });
    expect(verifyTarget(def("scoped-agent-role"), target(), ev).status).toBe("verified");
    expect(verifyTarget(def("scoped-agent-role", { agentRoles: ["agent-*"] }), target(), ev).status).toBe("verified");
    expect(verifyTarget(def("scoped-agent-role", { agentRoles: ["ci-*"] }), target(), ev).status).toBe("violated");
    expect(AGENT_ARN).not.toBe(SCOPED_ARN);
    expect(AGENT_ROLE_ARN).toContain("AWSReservedSSO");
  });
});

describe("deny-policy", () => {
  it("AccessDenied on an agent's destructive call is the guardrail holding; CreatePolicy/AttachPolicy are evidence", () => {
    const a = call("aws cloudformation delete-stack --stack-name web-prod");
    const s = agentSession([a]);
    const refused = event({ eventName: "DeleteStack", errorCode: "AccessDenied", at: a.at + 100, resources: ["web-prod"] });
    const attach = event({ eventName: "AttachPolicy", eventSource: "organizations.amazonaws.com", at: ROLLOUT + 1000 });
    const v = verifyTarget(
      def("deny-policy"),
      target(),
      evidence({ sessions: [s], events: [refused, attach], links: [link(s, a, refused)] }),
    );
    expect(v).toMatchObject({ status: "verified", violations: 0, observations: 2 });
    expect(v.evidence.map((i) => i.eventId).sort()).toEqual([refused.eventId, attach.eventId].sort());
  });
  it("a succeeded agent destructive call is a violation unless replay says the policy does not cover it", () => {
    const a = call("aws cloudformation delete-stack --stack-name web-prod");
    const s = agentSession([a]);
    const ok = event({ eventName: "DeleteStack", at: a.at + 100 });
    const ev = evidence({ sessions: [s], events: [ok], links: [link(s, a, ok)] });
    expect(verifyTarget(def("deny-policy"), target(), ev).status).toBe("violated");
    ev.policyDecisions = new Map([[ok.eventId, { blocked: false, statement: null }]]);
    expect(verifyTarget(def("deny-policy"), target(), ev).status).toBe("no_evidence");
  });
  it("a human's destructive call (no agent link) is not judged", () => {
    const e = event({ eventName: "DeleteStack" });
    expect(verifyTarget(def("deny-policy"), target(), evidence({ events: [e] })).status).toBe("no_evidence");
  });
});

describe("deletion-protection", () => {
  const d = def("deletion-protection", { resources: ["web-prod", `arn:aws-cn:dynamodb:cn-north-1:${ACCT}:table/usage`] });
  it("protection turned on verifies; a successful delete since is a violation", () => {
    const on = event({
      eventName: "UpdateTerminationProtection",
      resources: ["web-prod"],
      requestParameters: { enableTerminationProtection: true, stackName: "web-prod" },
    });
    expect(verifyTarget(d, target(), evidence({ events: [on] }))).toMatchObject({ status: "verified", observations: 1 });
    const del = event({ eventName: "DeleteTable", eventSource: "dynamodb.amazonaws.com", resources: ["usage"], at: T0 + 5000 });
    const v = verifyTarget(d, target(), evidence({ events: [on, del] }));
    expect(v.status).toBe("violated");
    expect(v.evidence[0]).toMatchObject({ verdict: "violation", eventId: del.eventId });
  });
  it("protection turned off is a violation; a refused delete is the protection holding", () => {
    const off = event({
      eventName: "ModifyDBInstance",
      eventSource: "rds.amazonaws.com",
      resources: ["web-prod"],
      requestParameters: { deletionProtection: false },
    });
    expect(verifyTarget(d, target(), evidence({ events: [off] })).status).toBe("violated");
    const refused = event({ eventName: "DeleteStack", resources: ["web-prod"], errorCode: "ValidationError" });
    expect(verifyTarget(d, target(), evidence({ events: [refused] })).status).toBe("verified");
  });
});

describe("agent-permission-rules", () => {
  const rules = { deny: ["Bash(terraform destroy:*)", "Bash(aws cloudformation delete-stack:*)"], ask: [], allow: [] };
  it("a command matching a deny rule that ran is a violation; refused by config is the rule holding", () => {
    const ran = call("cd infra && terraform destroy -auto-approve");
    const held = call("aws cloudformation delete-stack --stack-name x", {
      approval: approval({ decision: "rejected", source: "config", approver: null }),
    });
    const s = agentSession([ran, held], { kind: "claude-code", mode: "default" });
    const v = verifyTarget(def("agent-permission-rules", { rules }), target(), evidence({ sessions: [s] }));
    expect(v).toMatchObject({ status: "violated", violations: 1 });
    expect(v.evidence.find((i) => i.verdict === "violation")).toMatchObject({ actionKey: ran.key });
    expect(v.evidence.find((i) => i.actionKey === held.key)?.verdict).toBe("ok");
  });
  it("Codex with approval policy never and Kiro in autopilot are violations by mode", () => {
    const codex = agentSession([], { kind: "codex", mode: "never" });
    const kiro = agentSession([], { kind: "kiro", mode: "supervised" });
    const v = verifyTarget(def("agent-permission-rules"), target(), evidence({ sessions: [codex, kiro] }));
    expect(v).toMatchObject({ status: "violated", violations: 1, observations: 2 });
    const auto = agentSession([], { kind: "kiro", mode: "autopilot" });
    expect(verifyTarget(def("agent-permission-rules"), target(), evidence({ sessions: [auto] })).status).toBe("violated");
  });
});
