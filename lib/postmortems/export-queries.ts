import "server-only";
import type { Store } from "@/lib/db";
import { toIncidentReport } from "@/lib/incidents/report-schema";
import { timelineRows } from "./draft";
import type { ExportBundle } from "./export";
import { allRevisions, annotationsWithFacts, eventFacts, getPostMortem, incidentForPostMortem } from "./queries";
import { toActionItemView } from "./views";

/** Loads everything an export of one incident holds (null: no such incident). */
export async function loadExportBundle(
  store: Store,
  incidentId: string,
  opts: { baseUrl?: string; now?: Date } = {},
): Promise<ExportBundle | null> {
  const inc = await incidentForPostMortem(store, incidentId);
  if (!inc) return null;
  const { annotations, events } = await annotationsWithFacts(store, incidentId);
  const pm = await getPostMortem(store, incidentId);
  const timeline = timelineRows({ phases: inc.phases, annotations, events });
  const more = await eventFacts(
    store,
    timeline.map((r) => r.eventId).filter((x): x is string => !!x && !events.has(x)),
  );
  for (const [k, v] of more) events.set(k, v);
  return {
    exportedAt: (opts.now ?? new Date()).toISOString(),
    baseUrl: opts.baseUrl ?? "",
    incident: toIncidentReport(inc.detail, inc.id, inc),
    postMortem: pm,
    revisions: pm ? await allRevisions(store, pm.id) : [],
    timeline,
    annotations,
    events: Object.fromEntries(events),
    actionItems:
      pm?.actionItems ??
      (await store.prisma.actionItem.findMany({ where: { incidentId }, orderBy: { createdAt: "asc" } })).map((r) => toActionItemView(r)),
  };
}
