import { z } from "zod";
import { getStore } from "@/lib/db";
import { HttpError, withErrors } from "@/lib/http/errors";
import { ingestFile } from "@/lib/ingest/ingest-file";
import { ingestBodyLimit } from "@/lib/ingest/limits";
import { totalReport } from "@/lib/ingest/report";
import { ALL_FORMATS } from "@/lib/ingest/sniff";
import { reconstructionHook } from "@/lib/reconstruct/hook";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const Query = z.object({
  name: z.string().min(1).max(1024),
  format: z
    .string()
    .refine((f) => ALL_FORMATS.includes(f), "unknown format")
    .optional(),
  via: z.enum(["api", "upload"]).default("api"),
});

/**
 * POST /api/ingest?name=<file name>[&format=<format>] with the file as the raw (streamed) body, gzip or not.
 * 200 with the report when nothing was quarantined, 207 when some records were (the report lists them),
 * 413 over the size limit, 400 for a bad query. The body is read as a stream: memory stays bounded.
 */
export const POST = withErrors(async (request: Request) => {
  const url = new URL(request.url);
  const parsed = Query.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success)
    throw new HttpError(
      400,
      "invalid_parameter",
      `Bad query: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  const limit = ingestBodyLimit();
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit)
    throw new HttpError(413, "payload_too_large", `The file is larger than the limit of ${limit} bytes.`);
  if (!request.body) throw new HttpError(400, "bad_request", "Send the file as the request body.");
  const store = await getStore();
  const report = await ingestFile(
    store,
    {
      name: parsed.data.name,
      chunks: request.body as unknown as AsyncIterable<Uint8Array>,
      format: parsed.data.format,
      via: parsed.data.via,
      limitBytes: limit,
    },
    { afterFile: reconstructionHook(store) },
  );
  const body = totalReport([report], report.durationMs);
  if (report.error?.includes("larger than the limit")) return Response.json(body, { status: 413 });
  if (report.error) return Response.json(body, { status: 500 });
  return Response.json(body, { status: report.quarantined > 0 ? 207 : 200 });
});
