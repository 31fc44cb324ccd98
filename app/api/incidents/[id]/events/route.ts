import { getStore } from "@/lib/db";
import { HttpError, withErrors } from "@/lib/http/errors";
import { firstIssue, IncidentEventsQuery, parseQuery } from "@/lib/incidents/api-params";
import { incidentScope, isIncidentId } from "@/lib/incidents/queries";
import { listIncidentEvents } from "@/lib/timeline/queries";

/**
 * GET /api/incidents/:id/events?from&to&lane=all|linked|human|other&cursor&limit → { rows, nextCursor, total }:
 * the CloudTrail calls in a range of the incident's timeline, oldest first, one keyset page at a time.
 */
export const GET = withErrors(async (request: Request, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  if (!isIncidentId(id)) throw new HttpError(404, "not_found", "No incident with this id.");
  const q = parseQuery(IncidentEventsQuery, new URL(request.url).searchParams);
  if (!q.success) throw new HttpError(400, "invalid_parameter", firstIssue(q.error));
  const store = await getStore();
  const scope = await incidentScope(store, id);
  if (!scope) throw new HttpError(404, "not_found", "No incident with this id.");
  const page = await listIncidentEvents(store, scope, {
    range: { from: q.data.from, to: q.data.to },
    lane: q.data.lane,
    cursor: q.data.cursor,
    limit: q.data.limit,
    withTotal: q.data.total === "1",
  });
  return Response.json(page, { headers: { "cache-control": "no-store" } });
});
