import { beforeAll, describe, expect, it } from "vitest";
import { parseAgentLog } from "@/lib/agent-logs";
import { normalizeRecord } from "@/lib/cloudtrail/normalize";
import { type CorrelationEvent, correlate, type EventLink, sessionFromInput } from "@/lib/correlation";
import { DEMO_AGENT_LOG_PATH, DEMO_EXPECTED, generateDemoIncident } from "@/lib/demo";
import { type IncidentDetail, IncidentReport, type ReconstructionResult, reconstructIncidents, toIncidentReport } from "@/lib/incidents";

/** The demo through the real pipeline pieces: agent-log parser, CloudTrail normalizer, correlation, reconstruction. */

const S3_KEY =
  /^AWSLogs\/417382950164\/CloudTrail\/cn-north-1\/\d{4}\/\d{2}\/\d{2}\/417382950164_CloudTrail_cn-north-1_\d{8}T\d{4}Z_[A-Za-z0-9]{16}\.json$/;

let events: CorrelationEvent[];
let links: EventLink[];
let result: ReconstructionResult;
let detail: IncidentDetail;
let sessionId: string;

beforeAll(async () => {
  const { files } = generateDemoIncident();
  const log = files.find((f) => f.path === DEMO_AGENT_LOG_PATH)!;
  const parsed = await parseAgentLog(log.content, { fileName: log.path });
  expect(parsed.format).toBe("canonical");
  expect(parsed.quarantine).toEqual([]);
  expect(parsed.sessions).toHaveLength(1);
  const session = sessionFromInput(parsed.sessions[0], "11111111-2222-4333-8444-555555555555");
  sessionId = session.id;

  events = [];
  for (const f of files.filter((x) => x.path !== log.path)) {
    for (const rec of (JSON.parse(f.content) as { Records: unknown[] }).Records) {
      const n = normalizeRecord(rec);
      if (!n.ok) throw new Error(`demo record does not normalize: ${n.reason}`);
      const { raw: _raw, ...event } = n.event;
      events.push(event);
    }
  }
  links = correlate([session], events);
  result = reconstructIncidents({ sessions: [session], links, events });
  detail = [...result.incidents.values()][0];
});

describe("generateDemoIncident", () => {
  it("writes a canonical agent log and CloudTrail S3 files in the real key layout", () => {
    const { files } = generateDemoIncident();
    const trail = files.filter((f) => f.path.startsWith("AWSLogs/"));
    expect(trail.length).toBeGreaterThan(50);
    for (const f of trail) {
      expect(f.path).toMatch(S3_KEY);
      const body = JSON.parse(f.content);
      expect(Object.keys(body)).toEqual(["Records"]);
    }
    const all = trail.flatMap((f) => JSON.parse(f.content).Records as Record<string, unknown>[]);
    expect(all.length).toBeGreaterThan(3000);
    expect(new Set(all.map((r) => r.eventID)).size).toBe(all.length);
    const trigger = all.find((r) => r.eventID === DEMO_EXPECTED.triggerEventId)!;
    expect(trigger).toMatchObject({
      eventVersion: expect.any(String),
      eventSource: "cloudformation.amazonaws.com",
      eventName: "DeleteStack",
      awsRegion: "cn-north-1",
      readOnly: false,
      eventType: "AwsApiCall",
      managementEvent: true,
      recipientAccountId: DEMO_EXPECTED.accountId,
      eventCategory: "Management",
      requestParameters: { stackName: "cost-insights-prod" },
    });
    expect(trigger.userAgent).toMatch(/^aws-cli\/2\.\S+ .*md\/command#cloudformation\.delete-stack$/);
    expect(trigger.userIdentity).toMatchObject({
      type: "AssumedRole",
      arn: DEMO_EXPECTED.principalArn,
      sessionContext: { attributes: { mfaAuthenticated: "false" } },
    });
    for (const r of all) expect(JSON.stringify(r)).not.toMatch(/arn:aws:/);
  });

  it("is deterministic; the seed changes the noise, not the incident", () => {
    expect(generateDemoIncident()).toEqual(generateDemoIncident());
    const other = generateDemoIncident({ seed: 7, noiseEvents: 200 });
    const all = other.files
      .filter((f) => f.path.startsWith("AWSLogs/"))
      .flatMap((f) => JSON.parse(f.content).Records as { eventID: string }[]);
    expect(all.some((r) => r.eventID === DEMO_EXPECTED.triggerEventId)).toBe(true);
    expect(all.length).toBeLessThan(1200);
  });
});

describe("the demo reconstructs to the expected incident", () => {
  it("exactly one incident, triggered by the agent's delete-stack", () => {
    expect(result.incidents.size).toBe(1);
    expect(detail.triggerEventId).toBe(DEMO_EXPECTED.triggerEventId);
    expect(detail.trigger).toMatchObject({ eventName: "DeleteStack", principalArn: DEMO_EXPECTED.principalArn, linkConfidence: "high" });
    expect(detail.agent).toMatchObject({
      kind: DEMO_EXPECTED.agentKind,
      sessionId: DEMO_EXPECTED.sessionExternalId,
      toolCallId: DEMO_EXPECTED.triggerToolCallId,
      command: DEMO_EXPECTED.triggerCommand,
    });
  });

  it("approval gap in autopilot, on a human's inherited admin session", () => {
    expect(detail.approval).toMatchObject({ recorded: false, mode: "autopilot" });
    expect(detail.privilege).toMatchObject({
      inheritedHumanSession: true,
      human: DEMO_EXPECTED.human,
      principalArn: DEMO_EXPECTED.principalArn,
    });
    const kinds = detail.findings.map((f) => f.kind);
    expect(kinds).toEqual(expect.arrayContaining(["approval-gap", "inherited-privilege", "out-of-scope"]));
    const scope = detail.findings.find((f) => f.kind === "out-of-scope")!;
    expect(scope.eventIds).toContain(DEMO_EXPECTED.triggerEventId);
    expect(scope.evidence.join("\n")).toMatch(/not to touch "usage"/);
  });

  it("lasts 780 minutes, from the trigger to the last recreate", () => {
    expect(detail).toMatchObject({
      status: "resolved",
      startedAt: DEMO_EXPECTED.startedAt,
      endedAt: DEMO_EXPECTED.endedAt,
      durationMinutes: DEMO_EXPECTED.durationMinutes,
    });
    expect(detail.recovery?.eventId).toBe(DEMO_EXPECTED.recoveryEventId);
    expect(detail.blastRadius.map((b) => b.name).sort()).toEqual([...DEMO_EXPECTED.destroyedNames].sort());
    expect(detail.blastRadius.every((b) => b.recreatedAt !== null)).toBe(true);
  });

  it("derives the phases", () => {
    const at = Object.fromEntries(detail.phases.map((p) => [p.phase, p.at]));
    expect(at).toEqual({
      trigger: DEMO_EXPECTED.startedAt,
      first_impact: DEMO_EXPECTED.phases.firstImpact,
      detection: DEMO_EXPECTED.phases.detection,
      mitigation: DEMO_EXPECTED.phases.mitigation,
      recovery: DEMO_EXPECTED.phases.recovery,
    });
  });

  it("does not blame the unrelated human deletes; lists the blocked attempt", () => {
    for (const id of DEMO_EXPECTED.unrelatedDeleteEventIds) {
      expect(links.some((l) => l.eventId === id)).toBe(false);
      expect(detail.destructiveEventIds).not.toContain(id);
    }
    expect(detail.blockedAttempts.map((b) => b.eventId)).toEqual([DEMO_EXPECTED.blockedEventId]);
    expect(result.blockedAttempts.get(sessionId)?.[0]).toMatchObject({ errorCode: "AccessDenied", eventName: "DeleteDBInstance" });
  });

  it("only the agent's principal is linked", () => {
    const byId = new Map(events.map((e) => [e.eventId, e]));
    for (const l of links) expect(byId.get(l.eventId)?.principalArn).toBe(DEMO_EXPECTED.principalArn);
  });

  it("prints a valid CLI report", () => {
    const report = toIncidentReport(detail, "5f0c2a4e-8b1d-4e6f-9a3c-7d2e1b0f4a68");
    expect(IncidentReport.parse(report)).toEqual(report);
    expect(report).toMatchObject({
      approval: { recorded: false, mode: "autopilot" },
      privilege: { inheritedHumanSession: true, human: DEMO_EXPECTED.human },
      durationMinutes: 780,
    });
  });
});
