import type { Actor } from "@/lib/auth/actor";
import { getStore } from "@/lib/db";
import { payloadTooLarge, unsupportedMediaType } from "@/lib/errors";
import type { RequestMeta } from "@/lib/http/route";
import { otlpBodyLimit } from "@/lib/ingest/limits";
import { ingestOtlp } from "@/lib/ingest/otlp";
import { exportResponseJson, exportResponseProtobuf, type OtlpSignal } from "@/lib/otlp/decode";
import { inflateGzip } from "@/lib/otlp/inflate";
import { reconstructionHook } from "@/lib/reconstruct/hook";

/**
 * The HTTP side of OTLP/HTTP (`POST /v1/traces`, `/v1/logs`): content type, content encoding and size limits; the
 * decoding and storing live in lib/otlp and lib/ingest. Behind `route({ permission: "data:ingest" })`.
 * - `Content-Type: application/x-protobuf` (what most SDK exporters send by default, `http/protobuf`) or
 *   `application/json`; anything else is 415.
 * - `Content-Encoding: gzip` is inflated with the same limit as the body; `identity` or none as is; others 415.
 * - The answer is an ExportTraceServiceResponse / ExportLogsServiceResponse in the request's encoding, with
 *   `partialSuccess` naming how many spans / log records were quarantined and why.
 */
export type OtlpEncoding = "json" | "protobuf";

export function otlpEncoding(contentType: string | null): OtlpEncoding | null {
  const type = (contentType ?? "").split(";")[0].trim().toLowerCase();
  if (type === "application/x-protobuf" || type === "application/protobuf") return "protobuf";
  if (type === "application/json") return "json";
  return null;
}

async function readLimited(request: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) throw payloadTooLarge(`The export request is larger than ${limit} bytes.`);
  if (!request.body) return new Uint8Array();
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > limit) throw payloadTooLarge(`The export request is larger than ${limit} bytes.`);
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}

/** The request body, inflated when gzip-encoded, never more than `limit` bytes either way. */
export async function readOtlpBody(request: Request, limit: number): Promise<Uint8Array> {
  const encoding = (request.headers.get("content-encoding") ?? "identity").trim().toLowerCase();
  if (encoding !== "gzip" && encoding !== "identity" && encoding !== "")
    throw unsupportedMediaType(`Content-Encoding "${encoding}" is not supported (send gzip or no encoding).`);
  const body = await readLimited(request, limit);
  return encoding === "gzip" ? inflateGzip(body, limit) : body;
}

export async function handleOtlpExport(
  request: Request,
  signal: OtlpSignal,
  who: { actor?: Actor; meta?: RequestMeta } = {},
): Promise<Response> {
  const encoding = otlpEncoding(request.headers.get("content-type"));
  if (!encoding)
    throw unsupportedMediaType("Send OTLP/HTTP as Content-Type: application/x-protobuf or application/json (optionally gzip-encoded).");
  const body = await readOtlpBody(request, otlpBodyLimit());
  const store = await getStore();
  const report = await ingestOtlp(store, signal, body, { afterFile: reconstructionHook(store) }, who, encoding);
  const outcome = {
    rejected: report.quarantined,
    errorMessage: report.quarantine
      .slice(0, 5)
      .map((q) => `#${q.index}: ${q.reason}`)
      .join("; "),
  };
  if (encoding === "protobuf")
    return new Response(Buffer.from(exportResponseProtobuf(signal, outcome)), {
      status: 200,
      headers: { "content-type": "application/x-protobuf", "cache-control": "no-store" },
    });
  return Response.json(exportResponseJson(signal, outcome), { headers: { "cache-control": "no-store" } });
}
