import { getStore } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { RevisionParams } from "@/lib/postmortems/api-params";
import { getRevision } from "@/lib/postmortems/queries";

/** GET → one revision's text, author and time. */
export const GET = route({ permission: "data:read", params: RevisionParams }, async ({ params }) => {
  const r = await getRevision(await getStore(), params.id, params.number);
  if (!r) throw notFound(`No revision ${params.number}.`);
  return r;
});
