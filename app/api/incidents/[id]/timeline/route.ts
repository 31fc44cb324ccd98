import { readStore } from "@/lib/db/read";
import { notFound } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { IncidentIdParams, IncidentTimelineQuery } from "@/lib/incidents/api-params";
import { incidentScope } from "@/lib/incidents/queries";
import { incidentTimeline } from "@/lib/timeline/queries";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * GET /api/incidents/:id/timeline?from&to&buckets → the swimlanes' data for a zoomed range: agent actions and the
 * calls per lane (items when few, counts per bucket when many) plus the density series.
 */
export const GET = route(
  { permission: "data:read", params: IncidentIdParams, query: IncidentTimelineQuery },
  async ({ actor, params, query }) => {
    const store = await readStore(actor);
    const scope = await incidentScope(store, params.id);
    if (!scope) throw notFound("No incident with this id.");
    return incidentTimeline(store, scope, { from: query.from, to: query.to }, query.buckets);
  },
);
