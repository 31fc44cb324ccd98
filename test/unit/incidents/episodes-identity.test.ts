import { describe, expect, it } from "vitest";
import { extractResources } from "@/lib/cloudtrail/resources";
import { correlate } from "@/lib/correlation";
import type { CorrelationEvent } from "@/lib/correlation/types";
import { type IncidentSession, reconstructIncidents } from "@/lib/incidents";
import { assignIncidentIds, incidentNaturalKey, uuidFromKey } from "@/lib/incidents/identity";
import { awsCmd, CLI_UA, ev, session, T0, toolCall } from "../correlation/fixtures";

const H = 3_600_000;

function run(sessions: IncidentSession[], events: CorrelationEvent[]) {
  const links = correlate(sessions, events);
  return reconstructIncidents({ sessions, links, events });
}

/** One session, two destructive tool calls `gapMs` apart on different (or the same) log groups. */
function twoCalls(gapMs: number, secondName = "billing-logs") {
  const a = toolCall({ at: T0, commands: [awsCmd("logs", "delete-log-group", { "log-group-name": "orders-logs" })] });
  const b = toolCall({ at: T0 + gapMs, commands: [awsCmd("logs", "delete-log-group", { "log-group-name": secondName })] });
  const s: IncidentSession = { ...session([a, b], { startedAt: T0 - 60_000, endedAt: T0 + gapMs + 60_000 }), approvalPolicy: null };
  const events = [
    ev({
      eventSource: "logs.amazonaws.com",
      eventName: "DeleteLogGroup",
      at: T0 + 1_000,
      userAgent: CLI_UA("logs.delete-log-group"),
      resources: ["orders-logs"],
    }),
    ev({
      eventSource: "logs.amazonaws.com",
      eventName: "DeleteLogGroup",
      at: T0 + gapMs + 1_000,
      userAgent: CLI_UA("logs.delete-log-group"),
      resources: [secondName],
    }),
  ];
  return { s, events };
}

describe("episodes", () => {
  it("destructive calls hours apart, by different tool calls on different resources, are separate incidents", () => {
    const { s, events } = twoCalls(3 * H);
    const incidents = [...run([s], events).incidents.values()];
    expect(incidents).toHaveLength(2);
    expect(incidents.map((d) => d.naturalKey)).toEqual([
      incidentNaturalKey("kiro", "sess-ext-1", 1),
      incidentNaturalKey("kiro", "sess-ext-1", 2),
    ]);
    expect(incidents.map((d) => d.affectedResources)).toEqual([["orders-logs"], ["billing-logs"]]);
  });

  it("calls minutes apart, or on the same resource, stay one incident", () => {
    const close = twoCalls(10 * 60_000);
    expect(run([close.s], close.events).incidents.size).toBe(1);
    const same = twoCalls(3 * H, "orders-logs");
    expect(run([same.s], same.events).incidents.size).toBe(1);
  });
});

describe("incident identity", () => {
  it("is a deterministic UUID of the natural key", () => {
    expect(uuidFromKey("kiro:s#1")).toBe(uuidFromKey("kiro:s#1"));
    expect(uuidFromKey("kiro:s#1")).not.toBe(uuidFromKey("kiro:s#2"));
    expect(uuidFromKey("kiro:s#1")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("keeps a stored id when new evidence moves the trigger or renumbers the episodes", () => {
    const stored = [{ id: "11111111-1111-4111-8111-111111111111", sessionRef: "kiro:s", destructiveEventIds: ["e2", "e3"] }];
    // an earlier destructive call e1 arrives: the same episode now starts at e1, and a new episode #1 appears before it
    const { ids, unclaimed } = assignIncidentIds(
      [
        { naturalKey: "kiro:s#1", sessionRef: "kiro:s", triggerEventId: "e0", destructiveEventIds: ["e0"] },
        { naturalKey: "kiro:s#2", sessionRef: "kiro:s", triggerEventId: "e1", destructiveEventIds: ["e1", "e2", "e3"] },
      ],
      stored,
    );
    expect(ids[1]).toBe(stored[0].id);
    expect(ids[0]).toBe(uuidFromKey("kiro:s#1"));
    expect(unclaimed).toEqual([]);
  });

  it("reports stored incidents nothing derives any more, and never gives one id twice", () => {
    const taken = uuidFromKey("kiro:s#1");
    const { ids, unclaimed } = assignIncidentIds(
      [
        { naturalKey: "kiro:s#1", sessionRef: "kiro:s", triggerEventId: "e9", destructiveEventIds: ["e9"] },
        { naturalKey: "kiro:t#1", sessionRef: "kiro:t", triggerEventId: "e5", destructiveEventIds: ["e5"] },
      ],
      [
        { id: taken, sessionRef: "kiro:s", destructiveEventIds: ["e9"] },
        { id: "22222222-2222-4222-8222-222222222222", sessionRef: "kiro:other", destructiveEventIds: ["x"] },
      ],
    );
    expect(ids[0]).toBe(taken);
    expect(new Set(ids).size).toBe(2);
    expect(unclaimed).toEqual(["22222222-2222-4222-8222-222222222222"]);
  });
});

describe("blast radius of every resource kind", () => {
  // request shapes as CloudTrail records them (AWS API reference parameter names, camel-cased by CloudTrail)
  const cases: [string, string, Record<string, unknown>, string][] = [
    ["rds.amazonaws.com", "DeleteDBSubnetGroup", { dBSubnetGroupName: "orders-db-subnets" }, "orders-db-subnets"],
    ["rds.amazonaws.com", "DeleteDBParameterGroup", { dBParameterGroupName: "orders-pg16" }, "orders-pg16"],
    [
      "elasticloadbalancing.amazonaws.com",
      "DeleteListener",
      { listenerArn: "arn:aws:elasticloadbalancing:us-east-1:111122223333:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2" },
      "arn:aws:elasticloadbalancing:us-east-1:111122223333:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2",
    ],
    ["logs.amazonaws.com", "DeleteLogGroup", { logGroupName: "/aws/lambda/web-api" }, "/aws/lambda/web-api"],
    ["elasticache.amazonaws.com", "DeleteCacheSubnetGroup", { cacheSubnetGroupName: "sessions" }, "sessions"],
  ];
  it.each(cases)("%s %s names its resource", (source, name, requestParameters, id) => {
    expect(extractResources({ eventName: name, eventSource: source, requestParameters }, source)).toContain(id);
  });

  it("a child resource whose request names its parent (an API Gateway stage) is covered by the parent", () => {
    const r = extractResources(
      { eventName: "DeleteStage", requestParameters: { restApiId: "k7x2m9q4w1", stageName: "prod" } },
      "apigateway.amazonaws.com",
    );
    expect(r).not.toContain("prod");
  });

  it("a destroyed DB subnet group is in the blast radius and listed as never recreated", () => {
    const a = toolCall({ at: T0, commands: [awsCmd("rds", "delete-db-subnet-group", { "db-subnet-group-name": "orders-db-subnets" })] });
    const s: IncidentSession = { ...session([a]), approvalPolicy: null };
    const resources = extractResources(
      { eventName: "DeleteDBSubnetGroup", requestParameters: { dBSubnetGroupName: "orders-db-subnets" } },
      "rds.amazonaws.com",
    );
    const e = ev({
      eventSource: "rds.amazonaws.com",
      eventName: "DeleteDBSubnetGroup",
      at: T0 + 1_000,
      userAgent: CLI_UA("rds.delete-db-subnet-group"),
      resources,
    });
    const d = [...run([s], [e]).incidents.values()][0];
    expect(d.affectedResources).toEqual(["orders-db-subnets"]);
    expect(d.status).toBe("open");
    expect(d.blastRadius[0].recreatedAt).toBeNull();
  });
});
