import { gunzipSync } from "node:zlib";
import { randomUUID } from "node:crypto";
import type { SqlSession, Store } from "@/lib/db";
import { readCloudTrail } from "@/lib/cloudtrail";
import type { CloudTrailFormat } from "@/lib/cloudtrail";
import { parseAgentLog } from "@/lib/agent-logs";
import type { AgentLogFormat, AgentLogParseResult } from "@/lib/agent-logs/types";
import { ByteSource, SizeLimitError } from "./byte-source";
import { classifyFile, headText, isGzip } from "./sniff";
import { CloudTrailWriter } from "./cloudtrail-writer";
import { QuarantineWriter } from "./quarantine-writer";
import { writeAgentSession } from "./agent-writer";
import { emptyFileReport, type FileReport } from "./report";

export type IngestVia = "cli" | "upload" | "api" | "otlp" | "demo";

export interface IngestInput {
  /** File name or path as shown in reports. */
  name: string;
  chunks: AsyncIterable<Uint8Array>;
  format?: string;
  via: IngestVia;
  /** Reject inputs larger than this (bytes, compressed as received). */
  limitBytes?: number;
  /** ms epoch used as the time of agent-log records that carry none (e.g. the file's mtime). */
  fileTime?: number;
}

export interface IngestHooks {
  /** Called as records are read: total records so far in this file, and bytes consumed. */
  onProgress?: (records: number, bytes: number) => void;
  /** Called once after a run's rows are stored, with everything its files touched (incident reconstruction). */
  afterFile?: (report: FileReport, affected: AffectedRange) => Promise<void>;
}

/** What a file changed, so reconstruction can work incrementally. */
export type AffectedRange = { minTime: number | null; maxTime: number | null; sessionIds: string[] };

/** A file that adds at least this many events refreshes the table's planner statistics. */
const ANALYZE_AFTER_ROWS = 5000;

/** Agent logs are parsed whole; this bounds the memory one takes. */
export const AGENT_LOG_LIMIT_BYTES = 512 * 1024 * 1024;

/** Messages safe to show a client: ours, never a driver's or a stack trace. */
function safeError(e: unknown): string {
  if (e instanceof SizeLimitError) return e.message;
  if (e instanceof Error && e.message.startsWith("unknown format")) return e.message;
  return "internal error while storing the file (see the server log)";
}

/** A file read and written, waiting for the shared writer's counts before its report is final. */
type PendingFile = { report: FileReport; sourceId: string; affected: AffectedRange; bytes: ByteSource; hooks: IngestHooks };

/** Ingests one file: detects its kind and format, stores its rows, quarantine and report. Never throws for bad input. */
export async function ingestFile(store: Store, input: IngestInput, hooks: IngestHooks = {}): Promise<FileReport> {
  const [report] = await ingestFiles(store, [{ input, hooks }]);
  return report;
}

/**
 * Ingests files in order on one database session with one CloudTrail writer, so batches run across file
 * boundaries and parsing overlaps the database. Reports are completed (and `afterFile` run) once the writer is
 * flushed; inputs are opened lazily, one at a time.
 */
export async function ingestFiles(store: Store, inputs: Iterable<{ input: IngestInput; hooks?: IngestHooks }>): Promise<FileReport[]> {
  return store.session(async (session) => {
    const writer = new CloudTrailWriter(session, randomUUID());
    const pending: PendingFile[] = [];
    try {
      for (const { input, hooks = {} } of inputs) pending.push(await readFile(store, session, writer, input, hooks));
    } finally {
      await writer.close().catch((e) => {
        console.error("[ingest] final batch failed:", e);
        for (const p of pending) if (p.report.kind === "cloudtrail") p.report.error ??= "internal error while storing the file (see the server log)";
      });
    }
    // PGlite has no autovacuum: after a bulk load, fresh statistics keep the explorer's plans on their indexes.
    if (writer.inserted >= ANALYZE_AFTER_ROWS) await session.exec("ANALYZE cloudtrail_event");
    const reports: FileReport[] = [];
    for (const p of pending) reports.push(await finishFile(store, writer, p));
    // Reconstruction (the afterFile hook) runs once for the whole run, over everything the files touched.
    const ok = pending.filter((p) => !p.report.error && p.hooks.afterFile);
    if (ok.length) {
      const merged: AffectedRange = { minTime: null, maxTime: null, sessionIds: [] };
      for (const p of ok) {
        const a = p.affected;
        if (a.minTime !== null) merged.minTime = merged.minTime === null ? a.minTime : Math.min(merged.minTime, a.minTime);
        if (a.maxTime !== null) merged.maxTime = merged.maxTime === null ? a.maxTime : Math.max(merged.maxTime, a.maxTime);
        merged.sessionIds.push(...a.sessionIds);
      }
      const last = ok[ok.length - 1];
      await last.hooks.afterFile!(last.report, merged);
    }
    return reports;
  });
}

async function readFile(store: Store, session: SqlSession, writer: CloudTrailWriter, input: IngestInput, hooks: IngestHooks): Promise<PendingFile> {
  const started = Date.now();
  const report = emptyFileReport(input.name);
  const source = await store.prisma.ingestSource.create({
    data: { kind: "unknown", fileName: input.name.split(/[\\/]/).pop() || input.name, path: input.name, sha256: "pending", sizeBytes: 0n, status: "running", via: input.via },
  });
  report.sourceId = source.id;
  const bytes = new ByteSource(input.chunks, input.limitBytes);
  const affected: AffectedRange = { minTime: null, maxTime: null, sessionIds: [] };
  try {
    const head = await bytes.peek(64 * 1024);
    const kind = classifyFile(headText(head), input.name, input.format);
    report.kind = kind.format === null ? "unknown" : kind.kind;
    report.format = kind.format;
    if (kind.kind === "cloudtrail") await readCloudTrailFile(session, writer, bytes, input, kind.format, source.id, report, affected, hooks);
    else await ingestAgentLog(store, session, bytes, input, kind.format, source.id, report, affected, isGzip(head), hooks);
    await bytes.drain();
  } catch (e) {
    if (!(e instanceof SizeLimitError) && !(e instanceof Error && e.message.startsWith("unknown format"))) console.error(`[ingest] ${input.name}:`, e);
    report.error = safeError(e);
  }
  report.durationMs = Date.now() - started;
  return { report, sourceId: source.id, affected, bytes, hooks };
}

async function finishFile(store: Store, writer: CloudTrailWriter, p: PendingFile): Promise<FileReport> {
  const { report, affected, bytes } = p;
  if (report.kind !== "agent-log") {
    const t = writer.totalsFor(p.sourceId);
    report.ingested = t.inserted;
    report.duplicates = t.staged - t.inserted;
    report.conflicts = t.conflicts;
  }
  report.minTime = affected.minTime;
  report.maxTime = affected.maxTime;
  await store.prisma.ingestSource.update({
    where: { id: p.sourceId },
    data: {
      kind: report.kind,
      format: report.format,
      sha256: bytes.sha256(),
      sizeBytes: BigInt(bytes.bytes),
      status: report.error ? "failed" : "done",
      read: report.read,
      ingested: report.ingested,
      duplicates: report.duplicates,
      quarantined: report.quarantined,
      skipped: report.skipped,
      conflicts: report.conflicts,
      redactions: report.redactions,
      notes: report.notes,
      error: report.error,
      finishedAt: new Date(),
      durationMs: report.durationMs,
    },
  });
  return report;
}

async function readCloudTrailFile(
  session: SqlSession,
  writer: CloudTrailWriter,
  bytes: ByteSource,
  input: IngestInput,
  format: CloudTrailFormat | null,
  sourceId: string,
  report: FileReport,
  affected: AffectedRange,
  hooks: IngestHooks,
): Promise<void> {
  const quarantine = new QuarantineWriter(session, sourceId);
  let records = 0;
  let min: number | null = null;
  let max: number | null = null;
  const reader = readCloudTrail(bytes.stream(), { fileName: input.name, format: format ?? undefined });
  for (;;) {
    const r = await reader.next();
    if (r.done) {
      report.format = r.value.format;
      if (r.value.warnings.length) report.notes.push(...r.value.warnings.slice(0, 20));
      if (r.value.gzip) report.notes.push("gzip");
      break;
    }
    const item = r.value;
    if (item.type === "format") continue;
    records++;
    if (item.type === "event") {
      const t = item.event.eventTime;
      if (min === null || t < min) min = t;
      if (max === null || t > max) max = t;
      await writer.add(item.event, sourceId, item.position.index);
    } else if (item.type === "quarantine") await quarantine.quarantine(item.item);
    else await quarantine.skip(item.item);
    if ((records & 1023) === 0) hooks.onProgress?.(records, bytes.bytes);
  }
  await bytes.drain();
  await quarantine.finish(bytes.sha256());
  hooks.onProgress?.(records, bytes.bytes);
  report.read = records;
  report.quarantined = quarantine.quarantined;
  report.skipped = quarantine.skipped;
  report.quarantine = quarantine.firstEntries;
  if (report.format === "cloudtrail-digest") report.notes.push("CloudTrail digest file: recognised and skipped");
  affected.minTime = min;
  affected.maxTime = max;
}

async function ingestAgentLog(
  store: Store,
  session: SqlSession,
  bytes: ByteSource,
  input: IngestInput,
  format: AgentLogFormat,
  sourceId: string,
  report: FileReport,
  affected: AffectedRange,
  gzip: boolean,
  hooks: IngestHooks,
): Promise<void> {
  let raw: Buffer = await bytes.readAll();
  if (raw.byteLength > AGENT_LOG_LIMIT_BYTES) throw new SizeLimitError(AGENT_LOG_LIMIT_BYTES);
  const notes: string[] = [];
  if (gzip) {
    try {
      raw = gunzipSync(raw);
    } catch {
      notes.push("truncated or corrupt gzip: read what could be decompressed");
      raw = gunzipPartial(raw);
    }
  }
  const result = parseAgentLog(raw.toString("utf8"), { fileName: input.name, format, fileTime: input.fileTime });
  await bytes.drain();
  report.notes.push(...notes);
  await storeAgentLogResult(store, result, sourceId, bytes.sha256(), report, affected, session);
  hooks.onProgress?.(result.read, bytes.bytes);
}

/** Stores what parseAgentLog (or the OTLP parsers) produced, filling the report's counts. */
export async function storeAgentLogResult(
  store: Store,
  result: AgentLogParseResult,
  sourceId: string,
  sha256: string,
  report: FileReport,
  affected: AffectedRange,
  session?: SqlSession,
): Promise<void> {
  report.format = result.format;
  report.read = result.read;
  report.redactions = result.redactions;
  report.notes.push(...(result.notes ?? []));
  let ingested = 0;
  let duplicates = 0;
  for (const s of result.sessions) {
    const w = await writeAgentSession(store, s, sourceId, result.sessions.length === 1 ? result.redactions : 0);
    ingested += w.ingestedRecords;
    duplicates += w.duplicateRecords;
    affected.sessionIds.push(w.sessionId);
    for (const a of s.actions) {
      affected.minTime = affected.minTime === null ? a.at : Math.min(affected.minTime, a.at);
      affected.maxTime = affected.maxTime === null ? (a.endedAt ?? a.at) : Math.max(affected.maxTime, a.endedAt ?? a.at);
    }
  }
  const storeQuarantine = async (s: SqlSession) => {
    const q = new QuarantineWriter(s, sourceId);
    for (const item of result.quarantine) await q.quarantine(item);
    for (const item of result.skipped) await q.skip(item);
    await q.finish(sha256);
    report.quarantine = q.firstEntries;
  };
  if (session) await storeQuarantine(session);
  else await store.session(storeQuarantine);
  report.ingested = ingested;
  report.duplicates = duplicates;
  report.quarantined = result.quarantine.length;
  report.skipped = result.skipped.length;
}

/** Decompresses as much of a cut-off gzip as possible. */
function gunzipPartial(buf: Buffer): Buffer {
  try {
    return gunzipSync(buf, { finishFlush: 2 /* Z_SYNC_FLUSH */ });
  } catch {
    return Buffer.alloc(0);
  }
}
