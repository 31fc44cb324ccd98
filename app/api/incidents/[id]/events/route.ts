import { readStore } from "@/lib/db/read";
import { notFound } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { IncidentEventsQuery, IncidentIdParams } from "@/lib/incidents/api-params";
import { incidentScope } from "@/lib/incidents/queries";
import { listIncidentEvents } from "@/lib/timeline/queries";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * GET /api/incidents/:id/events?from&to&lane=all|linked|human|other&cursor&limit → { rows, nextCursor, total }:
 * the CloudTrail calls in a range of the incident's timeline, oldest first, one keyset page at a time.
 */
export const GET = route(
  { permission: "data:read", params: IncidentIdParams, query: IncidentEventsQuery },
  async ({ actor, params, query }) => {
    const store = await readStore(actor);
    const scope = await incidentScope(store, params.id);
    if (!scope) throw notFound("No incident with this id.");
    return listIncidentEvents(store, scope, {
      range: { from: query.from, to: query.to },
      lane: query.lane,
      cursor: query.cursor,
      limit: query.limit,
      withTotal: query.total === "1",
    });
  },
);
