import { route } from "@/lib/http/route";
import { handleIngest, IngestQuery } from "./handle-ingest";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** POST /api/ingest?name=<file name>[&format=<format>]: the file as the raw, streamed body (see handle-ingest.ts). */
export const POST = route({ permission: "data:ingest", query: IngestQuery }, ({ request, actor, query, meta }) =>
  handleIngest(request, actor, query, meta),
);
