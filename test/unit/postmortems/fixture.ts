import type { AnnotationView } from "@/lib/annotations/model";
import { correlate } from "@/lib/correlation";
import { reconstructIncidents } from "@/lib/incidents";
import { mergePhases } from "@/lib/incidents/phase-edits";
import type { DraftInput, EventFact } from "@/lib/postmortems/draft";
import { stackScenario } from "../incidents/scenario";

/** A draft input from the unit-test stack-deletion scenario (test/unit/incidents/scenario.ts), not a test file. */
export function draftFixture(): { input: DraftInput; ids: Record<string, string> } {
  const { session, events, ids } = stackScenario();
  const links = correlate([session], events);
  const detail = [...reconstructIncidents({ sessions: [session], links, events }).incidents.values()][0];
  const facts = new Map<string, EventFact>(
    events.map((e) => [
      e.eventId,
      {
        eventId: e.eventId,
        eventTime: new Date(e.eventTime).toISOString(),
        eventName: e.eventName,
        principalArn: e.principalArn,
        errorCode: e.errorCode,
      },
    ]),
  );
  const author = { type: "user", id: "u-1", label: "alice@example.com", userId: "u-1" };
  const base = {
    incidentId: "i-1",
    parentId: null,
    agentSessionRef: null,
    actionKey: null,
    tag: null,
    marker: null,
    at: null,
    deleted: false,
    author,
    updatedAt: "2025-12-10T00:00:00.000Z",
  };
  const annotations: AnnotationView[] = [
    { ...base, id: "a1", kind: "star", body: "", eventId: ids.impact, createdAt: "2025-12-10T00:00:01.000Z" },
    {
      ...base,
      id: "a2",
      kind: "marker",
      marker: "detection",
      body: "On-call opens the console",
      eventId: ids.detect,
      createdAt: "2025-12-10T00:00:02.000Z",
    },
    {
      ...base,
      id: "a3",
      kind: "marker",
      marker: "contributing_factor",
      body: "No deletion protection on the stack",
      eventId: ids.trigger,
      createdAt: "2025-12-10T00:00:03.000Z",
    },
    {
      ...base,
      id: "a4",
      kind: "note",
      body: "Customer tickets start arriving",
      eventId: null,
      at: "2025-12-08T02:30:00.000Z",
      createdAt: "2025-12-10T00:00:04.000Z",
    },
    {
      ...base,
      id: "a5",
      kind: "comment",
      body: "Why was **autopilot** on? <script>alert(1)</script>",
      eventId: ids.trigger,
      createdAt: "2025-12-10T00:00:05.000Z",
    },
    {
      ...base,
      id: "a6",
      kind: "comment",
      parentId: "a5",
      body: "Inherited from the template.",
      eventId: ids.trigger,
      author: { ...author, id: "u-2", label: "bob@example.com" },
      createdAt: "2025-12-10T00:00:06.000Z",
    },
    { ...base, id: "a7", kind: "tag", tag: "cfn", body: "", eventId: ids.trigger, createdAt: "2025-12-10T00:00:07.000Z" },
  ];
  const input: DraftInput = {
    incidentId: "i-1",
    detail,
    phases: mergePhases(detail.phases, []),
    annotations,
    events: facts,
    agent: { prompt: "The forecast endpoint returns 500s. Find and fix the bug.", plan: "1. Read logs\n2. ```rm -rf``` fix the handler" },
    failedCalls: { count: 3, firstEventId: ids.impact },
  };
  return { input, ids };
}
