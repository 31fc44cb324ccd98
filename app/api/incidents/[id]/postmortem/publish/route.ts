import { getStore } from "@/lib/db";
import { route } from "@/lib/http/route";
import { IncidentParams } from "@/lib/postmortems/api-params";
import { publishPostMortem } from "@/lib/postmortems/mutations";

/** POST → approved becomes published. */
export const POST = route({ permission: "postmortems:write", params: IncidentParams }, async ({ actor, params, meta }) =>
  publishPostMortem(await getStore(), actor, params.id, meta),
);
