import { getStore } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { IncidentParams } from "@/lib/postmortems/api-params";
import { exportMarkdown } from "@/lib/postmortems/export";
import { loadExportBundle } from "@/lib/postmortems/export-queries";

/** GET → the post-mortem as GitHub-flavoured Markdown (same text as `npx aftermath postmortem <id> --format md`). */
export const GET = route({ permission: "data:read", params: IncidentParams }, async ({ params }) => {
  const bundle = await loadExportBundle(await getStore(), params.id);
  if (!bundle) throw notFound("No incident with this id.");
  return new Response(exportMarkdown(bundle), {
    headers: {
      "content-type": "text/markdown; charset=utf-8",
      "content-disposition": `attachment; filename="postmortem-${params.id}.md"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
