import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "@/lib/db";
import { DEMO_EXPECTED } from "@/lib/demo";
import { AGENT_TEXTS } from "@/lib/demo/agent-steps";
import { listEvents } from "@/lib/events/queries";
import { impactHeadline } from "@/lib/incidents/impact";
import { incidentImpact, incidentTeam } from "@/lib/incidents/impact-queries";
import { getIncidentView, listIncidents, sessionsWithBlockedAttempts } from "@/lib/incidents/queries";
import { incidentStory } from "@/lib/incidents/story-queries";
import { loadDemo } from "@/lib/reconstruct/demo";
import { sessionsOfSource } from "@/lib/sources/queries";
import { testStores } from "../support/stores";

/** The incident page's story, customer impact and team, and the explorer's new filters, on the demo (lib/demo). */
describe.each(testStores())("incident story and impact on $name", ({ open }) => {
  let store: Store;
  let incidentId: string;
  beforeAll(async () => {
    store = await open();
    await loadDemo(store);
    const row = await store.prisma.incident.findFirst({ where: { triggerEventId: DEMO_EXPECTED.triggerEventId }, select: { id: true } });
    incidentId = row!.id;
  });
  afterAll(async () => {
    await store?.close();
  });

  it("quotes the prompt, the deciding plan sentence, the command and its calls", async () => {
    const v = (await getIncidentView(store, incidentId))!;
    const s = (await incidentStory(store, v))!;
    expect(s.prompt?.text).toBe(AGENT_TEXTS.find((t) => t.type === "prompt")!.text);
    expect(s.decision).toMatch(/^The cleanest fix is to delete cost-insights-prod and recreate it/);
    expect(s.command?.command).toBe(DEMO_EXPECTED.triggerCommand);
    expect(s.callsTotal).toBeGreaterThan(0);
    expect(s.calls[0].eventName).toBe("DeleteStack");
  });

  it("measures the failed customer-facing calls on the destroyed resources and the failed recreates", async () => {
    const v = (await getIncidentView(store, incidentId))!;
    const i = (await incidentImpact(store, v))!;
    // the canary (every 5 min) and the ingest task (every 10 min) fail from the deletes until recovery
    expect(i.failed).toBe(233);
    expect(i.byCaller.map((c) => [c.caller, c.count])).toEqual([
      ["cost-insights-canary", 156],
      ["cost-insights-ingest-task", 77],
    ]);
    expect(i.byCode).toEqual([{ code: "ResourceNotFoundException", count: 233 }]);
    expect(i.baseline.errorRate).toBe(0);
    expect(i.baseline.calls).toBeGreaterThan(0);
    expect(impactHeadline(i)).toBe("233 failed customer-facing calls over 13 h");
    expect(i.recoveryAttempts.map((a) => a.eventName)).toEqual(["CreateStack", "CreateStack", "CreateStack", "CreateStack"]);
    expect(i.recoveryAttempts.map((a) => a.errorCode)).toContain("InsufficientCapabilitiesException");
  });

  it("finds the people working on the incident, not the unrelated engineer", async () => {
    const v = (await getIncidentView(store, incidentId))!;
    const team = await incidentTeam(store, v);
    expect(team.some((p) => p.endsWith(`/${DEMO_EXPECTED.oncall}`))).toBe(true);
    expect(team.some((p) => p.includes("zhao"))).toBe(false);
  });

  it("filters the explorer to agent-linked calls and to calls in an incident", async () => {
    const linked = await listEvents(store, { linkedOnly: true, limit: 200 });
    expect(linked.rows.length).toBeGreaterThan(0);
    expect(linked.rows.every((r) => r.agentLinked)).toBe(true);
    const inc = await listEvents(store, { incidentOnly: true, limit: 200 });
    expect(inc.rows.every((r) => r.inIncident)).toBe(true);
    expect(inc.rows.map((r) => r.eventId)).toContain(DEMO_EXPECTED.triggerEventId);
    for (const id of DEMO_EXPECTED.unrelatedDeleteEventIds) expect(inc.rows.map((r) => r.eventId)).not.toContain(id);
  });

  it("searches incidents by text and scopes the guardrails panel to the filters", async () => {
    expect((await listIncidents(store, { q: "COST-INSIGHTS-USAGE-PROD" })).total).toBe(1);
    expect((await listIncidents(store, { q: "delete-stack --stack-name cost-insights-prod" })).total).toBe(1);
    expect((await listIncidents(store, { q: "no-such-thing" })).total).toBe(0);
    expect((await sessionsWithBlockedAttempts(store, 10, { agent: "kiro" })).length).toBe(2); // the demo incident's session and the later autopilot session the SCP refused (lib/demo/remediation.ts)
    expect((await sessionsWithBlockedAttempts(store, 10, { agent: "codex" })).length).toBe(0);
  });

  it("leads from an uploaded agent log to its session and incident", async () => {
    const session = await store.prisma.agentSession.findFirst({ where: { externalId: DEMO_EXPECTED.sessionExternalId } });
    const refs = await sessionsOfSource(store, session!.sourceId!);
    expect(refs).toHaveLength(1);
    expect(refs[0].id).toBe(session!.id);
    expect(refs[0].incidents.map((i) => i.id)).toEqual([incidentId]);
  });
});
