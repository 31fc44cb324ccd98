import "server-only";
import { getStore } from "@/lib/db";
import { HttpError } from "@/lib/http/errors";
import { reconstructionHook } from "@/lib/reconstruct/hook";
import { otlpBodyLimit } from "./limits";
import { ingestOtlp, type OtlpSignal } from "./otlp";

async function readBody(request: Request, limit: number): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array();
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > limit) throw new HttpError(413, "payload_too_large", `The export request is larger than ${limit} bytes.`);
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}

/**
 * OTLP/HTTP with JSON encoding (the only encoding accepted; protobuf → 415). Answers with the OTLP
 * ExportServiceResponse shape, using partialSuccess for quarantined spans / log records.
 */
export async function handleOtlp(request: Request, signal: OtlpSignal): Promise<Response> {
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  if (!type.includes("json"))
    throw new HttpError(415, "unsupported_media_type", "Only OTLP/HTTP with JSON encoding (Content-Type: application/json) is accepted.");
  const body = await readBody(request, otlpBodyLimit());
  const store = await getStore();
  const report = await ingestOtlp(store, signal, body, { afterFile: reconstructionHook(store) });
  const rejectedKey = signal === "traces" ? "rejectedSpans" : "rejectedLogRecords";
  if (report.quarantined === 0) return Response.json({});
  const reasons = report.quarantine
    .slice(0, 5)
    .map((q) => `#${q.index}: ${q.reason}`)
    .join("; ");
  return Response.json({ partialSuccess: { [rejectedKey]: String(report.quarantined), errorMessage: reasons } });
}
