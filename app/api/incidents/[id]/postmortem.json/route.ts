import { getStore } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { IncidentParams } from "@/lib/postmortems/api-params";
import { exportJson } from "@/lib/postmortems/export";
import { loadExportBundle } from "@/lib/postmortems/export-queries";

/** GET → the whole incident as JSON for archiving (facts, annotations, post-mortem with every revision, action items). */
export const GET = route({ permission: "data:read", params: IncidentParams }, async ({ params }) => {
  const bundle = await loadExportBundle(await getStore(), params.id);
  if (!bundle) throw notFound("No incident with this id.");
  return new Response(exportJson(bundle), {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="incident-${params.id}.json"`,
      "cache-control": "no-store",
    },
  });
});
