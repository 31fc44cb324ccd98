import { getStore } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { DiffQuery, IncidentParams } from "@/lib/postmortems/api-params";
import { revisionDiff } from "@/lib/postmortems/model";
import { getRevision } from "@/lib/postmortems/queries";

/** GET ?a=&b= → the unified diff between two revisions. */
export const GET = route({ permission: "data:read", params: IncidentParams, query: DiffQuery }, async ({ params, query }) => {
  const store = await getStore();
  const [a, b] = await Promise.all([getRevision(store, params.id, query.a), getRevision(store, params.id, query.b)]);
  if (!a || !b) throw notFound("No such revision.");
  return { a: a.number, b: b.number, diff: revisionDiff(a, b) };
});
