import { z } from "zod";

/**
 * What the upload page reads from POST /api/ingest (see lib/ingest/report.ts for the full report). Lenient on
 * purpose: fields the page does not need may be added or dropped server-side without breaking uploads.
 */
const count = z.number().int().nonnegative().catch(0);

export const UploadQuarantineEntry = z.object({
  index: z.number().int(),
  line: z.number().int().nullable().optional(),
  reason: z.string(),
});

export const UploadFileReport = z.object({
  path: z.string(),
  sourceId: z.string().nullable(),
  kind: z.string(),
  format: z.string().nullable(),
  read: count,
  ingested: count,
  duplicates: count,
  quarantined: count,
  skipped: count,
  conflicts: count,
  redactions: count,
  notes: z.array(z.string()).catch([]),
  quarantine: z.array(UploadQuarantineEntry).catch([]),
  durationMs: z.number().optional(),
  error: z.string().nullable().optional(),
  /** event time range the file covered (epoch ms or ISO), when the server reports it */
  minTime: z.union([z.number(), z.string()]).nullable().optional(),
  maxTime: z.union([z.number(), z.string()]).nullable().optional(),
});
export type UploadFileReport = z.infer<typeof UploadFileReport>;

export const UploadReport = z.object({
  read: count,
  ingested: count,
  duplicates: count,
  quarantined: count,
  skipped: count,
  conflicts: count,
  redactions: count,
  files: z.array(UploadFileReport),
});
export type UploadReport = z.infer<typeof UploadReport>;

export const ErrorEnvelope = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export type UploadOutcome =
  | { kind: "report"; status: number; report: UploadReport }
  | { kind: "error"; status: number; code: string; message: string };

/** Interprets one /api/ingest response (status + parsed JSON body, or null when the body was not JSON). */
export function readIngestResponse(status: number, body: unknown): UploadOutcome {
  const report = UploadReport.safeParse(body);
  if (report.success) return { kind: "report", status, report: report.data };
  const env = ErrorEnvelope.safeParse(body);
  if (env.success) return { kind: "error", status, code: env.data.error.code, message: env.data.error.message };
  if (status === 413) return { kind: "error", status, code: "payload_too_large", message: "The file is larger than the server accepts." };
  return {
    kind: "error",
    status,
    code: "unexpected",
    message: status ? `Unexpected response from the server (HTTP ${status}).` : "The upload failed (network error).",
  };
}

/** The ingest URL for one file: the name goes in the query string, the file as the raw body. */
export function ingestUrl(fileName: string, format: string | null): string {
  let url = `/api/ingest?name=${encodeURIComponent(fileName)}&via=upload`;
  if (format) url += `&format=${encodeURIComponent(format)}`;
  return url;
}

/** Epoch ms from a report time (number or ISO string); null when absent or invalid. */
export function reportTime(v: number | string | null | undefined): number | null {
  if (v === null || v === undefined) return null;
  const ms = typeof v === "number" ? v : Date.parse(v);
  return Number.isFinite(ms) ? ms : null;
}
