import "server-only";
import type { Store } from "@/lib/db";
import { type IncidentStory, pickStory, type StoryStep } from "./story";
import type { IncidentView } from "./view-types";

const CALLS_SHOWN = 12;

/** Reads the agent steps and the trigger step's API calls the incident page quotes (see lib/incidents/story.ts). */
export async function incidentStory(store: Store, v: Pick<IncidentView, "session" | "triggerAction">): Promise<IncidentStory | null> {
  if (!v.session) return null;
  const triggerSeq = v.triggerAction?.seq ?? null;
  const actions = await store.prisma.agentAction.findMany({
    where: {
      sessionId: v.session.id,
      kind: { in: ["prompt", "plan", "message"] },
      ...(triggerSeq !== null ? { seq: { lt: triggerSeq } } : {}),
    },
    orderBy: [{ seq: "asc" }],
    select: { id: true, seq: true, kind: true, at: true, text: true, command: true, tool: true },
    take: 2000,
  });
  const steps: StoryStep[] = actions.map((a) => ({
    actionId: a.id.toString(),
    seq: a.seq,
    kind: a.kind,
    at: a.at.toISOString(),
    text: a.text,
    command: a.command,
    tool: a.tool,
  }));
  const picked = pickStory(steps, triggerSeq);
  const t = v.triggerAction;
  let calls: IncidentStory["calls"] = [];
  let callsTotal = 0;
  if (t) {
    const where = { sessionId: v.session.id, actionId: BigInt(t.id) };
    const [links, n] = await Promise.all([
      store.prisma.actionEventLink.findMany({ where, select: { eventId: true }, take: 500 }),
      store.prisma.actionEventLink.count({ where }),
    ]);
    callsTotal = n;
    const events = await store.prisma.cloudTrailEvent.findMany({
      where: { eventId: { in: links.map((l) => l.eventId) } },
      orderBy: [{ eventTime: "asc" }, { id: "asc" }],
      take: CALLS_SHOWN,
      select: { eventId: true, eventTime: true, eventName: true, eventSource: true, errorCode: true, resources: true },
    });
    calls = events.map((e) => ({ ...e, eventTime: e.eventTime.toISOString(), resources: e.resources.slice(0, 3) }));
  }
  return {
    ...picked,
    command: t ? { actionId: t.id, seq: t.seq, kind: "tool_call", at: t.at, text: null, command: t.command, tool: t.tool } : null,
    calls,
    callsTotal,
  };
}
