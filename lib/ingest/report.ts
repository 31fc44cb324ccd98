import { z } from "zod";

/** Per-record problem in a report (quarantine), as shown to API clients and the upload page. */
export const QuarantineEntry = z.object({ index: z.number().int(), line: z.number().int().nullable(), reason: z.string() });

/** One file's ingest report. read = ingested + duplicates + quarantined + skipped, always. */
export const FileReport = z.object({
  path: z.string(),
  sourceId: z.string().nullable(),
  kind: z.enum(["cloudtrail", "agent-log", "unknown"]),
  format: z.string().nullable(),
  read: z.number().int(),
  ingested: z.number().int(),
  duplicates: z.number().int(),
  quarantined: z.number().int(),
  skipped: z.number().int(),
  /** same eventID with different content (counted within duplicates) */
  conflicts: z.number().int(),
  redactions: z.number().int(),
  notes: z.array(z.string()),
  /** the first quarantined records (at most QUARANTINE_IN_REPORT) */
  quarantine: z.array(QuarantineEntry),
  durationMs: z.number().int(),
  /** time range of the events or actions this file held (ms epoch), null when it held none */
  minTime: z.number().int().nullable(),
  maxTime: z.number().int().nullable(),
  error: z.string().nullable(),
});
export type FileReport = z.infer<typeof FileReport>;

export const IngestReport = z.object({
  read: z.number().int(),
  ingested: z.number().int(),
  duplicates: z.number().int(),
  quarantined: z.number().int(),
  skipped: z.number().int(),
  conflicts: z.number().int(),
  redactions: z.number().int(),
  durationMs: z.number().int(),
  files: z.array(FileReport),
});
export type IngestReport = z.infer<typeof IngestReport>;

export const QUARANTINE_IN_REPORT = 1000;

export function emptyFileReport(path: string): FileReport {
  return {
    path,
    sourceId: null,
    kind: "unknown",
    format: null,
    read: 0,
    ingested: 0,
    duplicates: 0,
    quarantined: 0,
    skipped: 0,
    conflicts: 0,
    redactions: 0,
    notes: [],
    quarantine: [],
    durationMs: 0,
    minTime: null,
    maxTime: null,
    error: null,
  };
}

export function totalReport(files: FileReport[], durationMs: number): IngestReport {
  const sum = (k: "read" | "ingested" | "duplicates" | "quarantined" | "skipped" | "conflicts" | "redactions") =>
    files.reduce((n, f) => n + f[k], 0);
  return {
    read: sum("read"),
    ingested: sum("ingested"),
    duplicates: sum("duplicates"),
    quarantined: sum("quarantined"),
    skipped: sum("skipped"),
    conflicts: sum("conflicts"),
    redactions: sum("redactions"),
    durationMs,
    files,
  };
}
