import { getStore } from "@/lib/db";
import { route } from "@/lib/http/route";
import { IncidentParams } from "@/lib/postmortems/api-params";
import { RestoreRevisionInput } from "@/lib/postmortems/model";
import { restoreRevision } from "@/lib/postmortems/mutations";

/** POST {baseRevision, revision} → the old revision's text becomes a new revision. */
export const POST = route(
  { permission: "postmortems:write", params: IncidentParams, body: RestoreRevisionInput },
  async ({ actor, params, body, meta }) => restoreRevision(await getStore(), actor, params.id, body, meta),
);
