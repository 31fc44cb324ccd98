import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { getStore, isStoreUnavailable } from "@/lib/db";
import { AppError, badRequest, payloadTooLarge, unavailable } from "@/lib/errors";
import type { RequestMeta } from "@/lib/http/route";
import { ingestFailure, ingestFile } from "@/lib/ingest/ingest-file";
import { ingestBodyLimit } from "@/lib/ingest/limits";
import { totalReport } from "@/lib/ingest/report";
import { ALL_FORMATS } from "@/lib/ingest/sniff";
import { reconstructionHook } from "@/lib/reconstruct/hook";

export const IngestQuery = z.object({
  name: z.string().min(1).max(1024),
  format: z
    .string()
    .refine((f) => ALL_FORMATS.includes(f), "unknown format")
    .optional(),
  via: z.enum(["api", "upload"]).default("api"),
});
export type IngestQuery = z.output<typeof IngestQuery>;

/**
 * POST /api/ingest below the route wrapper: the file is the raw (streamed) request body, gzip or not. 200 with the
 * report when nothing was quarantined, 207 when some records were. A file that could not be stored whole answers
 * in the error envelope with the report of what was stored in `error.details.report`: 413 over the size limit,
 * 400 an unknown format, 503 when the database went away (or did not answer in time), 500 otherwise.
 */
export async function handleIngest(request: Request, actor: Actor, query: IngestQuery, meta?: RequestMeta): Promise<Response> {
  const limit = ingestBodyLimit();
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) throw payloadTooLarge(`The file is larger than the limit of ${limit} bytes.`);
  if (!request.body) throw badRequest("Send the file as the request body.");
  let store: Awaited<ReturnType<typeof getStore>>;
  try {
    store = await getStore();
  } catch (e) {
    if (isStoreUnavailable(e)) throw unavailable("The database is unavailable; try again shortly.");
    throw e;
  }
  const report = await ingestFile(
    store,
    {
      name: query.name,
      chunks: request.body as unknown as AsyncIterable<Uint8Array>,
      format: query.format,
      via: query.via,
      limitBytes: limit,
    },
    { afterFile: reconstructionHook(store) },
  );
  const body = totalReport([report], report.durationMs);
  const failure = ingestFailure(report);
  if (failure) throw new AppError(failure.code, failure.message, { details: { report: body } });
  return Response.json(body, { status: report.quarantined > 0 ? 207 : 200, headers: { "cache-control": "no-store" } });
}
