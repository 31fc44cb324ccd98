import { getStore } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { IncidentParams } from "@/lib/postmortems/api-params";
import { SavePostMortemInput } from "@/lib/postmortems/model";
import { openPostMortem, savePostMortem } from "@/lib/postmortems/mutations";
import { getPostMortem } from "@/lib/postmortems/queries";

/** GET → the post-mortem (404 until someone opens it). */
export const GET = route({ permission: "data:read", params: IncidentParams }, async ({ params }) => {
  const pm = await getPostMortem(await getStore(), params.id);
  if (!pm) throw notFound("This incident has no post-mortem yet.");
  return pm;
});

/** POST → opens it, drafting it from the reconstruction the first time. */
export const POST = route({ permission: "postmortems:write", params: IncidentParams }, async ({ actor, params, meta }) =>
  openPostMortem(await getStore(), actor, params.id, meta),
);

/** PUT {baseRevision, title, body} → a new revision; 409 conflict (with diffs) when baseRevision is stale. */
export const PUT = route(
  { permission: "postmortems:write", params: IncidentParams, body: SavePostMortemInput, maxBodyBytes: 1024 * 1024 },
  async ({ actor, params, body, meta }) => savePostMortem(await getStore(), actor, params.id, body, meta),
);
