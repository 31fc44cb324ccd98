import { getStore } from "@/lib/db";
import { HttpError, withErrors } from "@/lib/http/errors";
import { firstIssue, IncidentTimelineQuery, parseQuery } from "@/lib/incidents/api-params";
import { incidentScope, isIncidentId } from "@/lib/incidents/queries";
import { incidentTimeline } from "@/lib/timeline/queries";

/**
 * GET /api/incidents/:id/timeline?from&to&buckets → the swimlanes' data for a zoomed range: agent actions and the
 * calls per lane (items when few, counts per bucket when many) plus the density series.
 */
export const GET = withErrors(async (request: Request, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  if (!isIncidentId(id)) throw new HttpError(404, "not_found", "No incident with this id.");
  const q = parseQuery(IncidentTimelineQuery, new URL(request.url).searchParams);
  if (!q.success) throw new HttpError(400, "invalid_parameter", firstIssue(q.error));
  const store = await getStore();
  const scope = await incidentScope(store, id);
  if (!scope) throw new HttpError(404, "not_found", "No incident with this id.");
  const data = await incidentTimeline(store, scope, { from: q.data.from, to: q.data.to }, q.data.buckets);
  return Response.json(data, { headers: { "cache-control": "no-store" } });
});
