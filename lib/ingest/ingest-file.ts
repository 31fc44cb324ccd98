import "server-only";
import { randomUUID } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { parseAgentLog } from "@/lib/agent-logs";
import type { AgentLogFormat, AgentLogParseResult } from "@/lib/agent-logs/types";
import { auditSqlRow } from "@/lib/audit/mutations";
import type { Actor } from "@/lib/auth/actor";
import type { ReadSummary } from "@/lib/cloudtrail";
import type { SqlSession, Store } from "@/lib/db";
import type { RequestMeta } from "@/lib/http/route";
import { writeAgentSession } from "./agent-writer";
import { ByteSource, SizeLimitError } from "./byte-source";
import { CloudTrailWriter } from "./cloudtrail-writer";
import { jsonbSafeText } from "./jsonb-text";
import type { ParseJob } from "./parse/parse-job";
import { parseConcurrency, startParseJob } from "./parse/parse-pool";
import { QuarantineWriter } from "./quarantine-writer";
import { emptyFileReport, type FileReport } from "./report";
import { classifyFile, headText, isGzip } from "./sniff";

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
  /** Who ingests it (the `ingest.source` audit row); default: the system, named by `via`. */
  actor?: Actor;
  /** The request's IP and user agent, for the audit row. */
  meta?: RequestMeta;
}

export interface IngestHooks {
  /** Called as records are read: total records so far in this file, and bytes consumed. */
  onProgress?: (records: number, bytes: number) => void;
  /** Called once after a run's rows are stored, with everything its files touched (incident reconstruction). */
  afterFile?: (report: FileReport, affected: AffectedRange) => Promise<void>;
}

/** What a file changed, so reconstruction can work incrementally. */
export type AffectedRange = { minTime: number | null; maxTime: number | null; sessionIds: string[] };

/** A run that adds at least this many events refreshes the table's planner statistics. */
const ANALYZE_AFTER_ROWS = 5000;

/**
 * The columns the explorer and reconstruction filter, sort or join on. ANALYZE of these alone is several times
 * faster than of the whole row: the raw record (jsonb) and the search text are the widest values and no plan
 * depends on their statistics.
 */
const ANALYZE_COLUMNS = [
  "event_id",
  "event_time",
  "account_id",
  "region",
  "event_source",
  "event_name",
  "principal_arn",
  "session_name",
  "role_arn",
  "source_ip",
  "access_key_id",
  "risk",
  "executed",
  "error_code",
  "resources",
  "source_id",
];

/**
 * Sample size of that refresh (ANALYZE samples 300 × target rows): 9,000 rows, a tenth of the default's cost, is
 * plenty for the explorer's range and equality estimates. PostgreSQL's autovacuum later refreshes them in full.
 */
const ANALYZE_STATISTICS_TARGET = 30;

/** Agent logs are parsed whole; this bounds the memory one takes. */
export const AGENT_LOG_LIMIT_BYTES = 512 * 1024 * 1024;

/** Messages safe to show a client: ours, never a driver's or a stack trace. */
function safeError(e: unknown): string {
  if (e instanceof SizeLimitError) return e.message;
  if (e instanceof Error && e.message.startsWith("unknown format")) return e.message;
  return "internal error while storing the file (see the server log)";
}

/** A file opened and classified; a CloudTrail file is already being parsed (on a worker) when it is here. */
type OpenedFile = {
  input: IngestInput;
  hooks: IngestHooks;
  report: FileReport;
  sourceId: string;
  bytes: ByteSource;
  started: number;
  /** The ingest_source row's insert (queued on the session). */
  registered: Promise<unknown>;
  affected: AffectedRange;
  /** Set for a CloudTrail file: its parse job and the promise feeding it bytes. */
  parse?: { job: ParseJob; pump: Promise<void> };
  /** Set for an agent log. */
  agent?: { format: AgentLogFormat; gzip: boolean };
};

/** A file read and written, waiting for the shared writer's counts before its report is final. */
type PendingFile = {
  report: FileReport;
  sourceId: string;
  registered: Promise<unknown>;
  affected: AffectedRange;
  bytes: ByteSource;
  hooks: IngestHooks;
  input: IngestInput;
};

/** Refreshes cloudtrail_event's planner statistics after a bulk load (the columns plans use, a 9,000-row sample). */
export async function analyzeAfterLoad(session: SqlSession): Promise<void> {
  await session.exec(`SET default_statistics_target = ${ANALYZE_STATISTICS_TARGET}`);
  await session.exec(`ANALYZE cloudtrail_event (${ANALYZE_COLUMNS.join(", ")})`);
  await session.exec("RESET default_statistics_target");
}

/** Ingests one file: detects its kind and format, stores its rows, quarantine and report. Never throws for bad input. */
export async function ingestFile(store: Store, input: IngestInput, hooks: IngestHooks = {}): Promise<FileReport> {
  const [report] = await ingestFiles(store, [{ input, hooks }]);
  return report;
}

/**
 * Ingests files in order on one database session with one CloudTrail writer. CloudTrail files are parsed on the
 * parse workers, up to `parseConcurrency()` files at once, so parsing runs beside the database; rows are still
 * written file by file in input order (the first copy of an event is the one kept). Reports are completed (and
 * `afterFile` run) once the writer is flushed; inputs are opened lazily, just ahead of the one being written.
 */
export async function ingestFiles(store: Store, inputs: Iterable<{ input: IngestInput; hooks?: IngestHooks }>): Promise<FileReport[]> {
  return store.session(async (session) => {
    const writer = new CloudTrailWriter(session, randomUUID());
    const pending: PendingFile[] = [];
    const opening: Promise<OpenedFile>[] = [];
    const next = inputs[Symbol.iterator]();
    const ahead = parseConcurrency();
    const fill = () => {
      while (opening.length < ahead) {
        const n = next.next();
        if (n.done) return;
        opening.push(openFile(session, n.value.input, n.value.hooks ?? {}));
      }
    };
    try {
      fill();
      while (opening.length) {
        const file = await opening.shift()!;
        fill();
        pending.push(await completeFile(store, session, writer, file));
      }
    } finally {
      for (const p of opening)
        void p.then(
          (f) => f.parse?.job.abort(new Error("ingest stopped")),
          () => undefined,
        );
      await writer.close().catch((e) => {
        console.error("[ingest] final batch failed:", e);
        for (const p of pending)
          if (p.report.kind === "cloudtrail") p.report.error ??= "internal error while storing the file (see the server log)";
      });
    }
    // PGlite has no autovacuum: after a bulk load, fresh statistics keep the explorer's plans on their indexes.
    if (writer.inserted >= ANALYZE_AFTER_ROWS) await analyzeAfterLoad(session);
    const reports = await finishFiles(session, writer, pending);
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

/** Registers the source, reads the head to classify the file, and starts parsing a CloudTrail file. Never throws. */
async function openFile(session: SqlSession, input: IngestInput, hooks: IngestHooks): Promise<OpenedFile> {
  const started = Date.now();
  const report = emptyFileReport(input.name);
  const sourceId = randomUUID();
  report.sourceId = sourceId;
  // Queued on the run's session, not awaited: the session runs statements in order, so the row exists before any
  // batch that refers to it, and parsing starts without waiting behind the batch being written.
  const registered = session.query(
    `INSERT INTO ingest_source (id, kind, file_name, path, sha256, size_bytes, status, via) VALUES ($1::uuid, 'unknown', $2, $3, 'pending', 0, 'running', $4)`,
    [sourceId, input.name.split(/[\\/]/).pop() || input.name, input.name, input.via],
  );
  registered.catch(() => undefined);
  const bytes = new ByteSource(input.chunks, input.limitBytes);
  const file: OpenedFile = {
    input,
    hooks,
    report,
    sourceId,
    bytes,
    started,
    registered,
    affected: { minTime: null, maxTime: null, sessionIds: [] },
  };
  try {
    const head = await bytes.peek(64 * 1024);
    const kind = classifyFile(headText(head), input.name, input.format);
    report.kind = kind.format === null ? "unknown" : kind.kind;
    report.format = kind.format;
    if (kind.kind === "cloudtrail") {
      const job = startParseJob({ fileName: input.name, format: kind.format ?? undefined, sourceId });
      const pump = (async () => {
        try {
          for await (const chunk of bytes.stream()) {
            await job.room();
            job.push(chunk);
          }
          job.end();
        } catch (e) {
          job.abort(e);
        }
      })();
      file.parse = { job, pump };
    } else file.agent = { format: kind.format, gzip: isGzip(head) };
  } catch (e) {
    fail(file, e);
  }
  return file;
}

function fail(file: OpenedFile, e: unknown) {
  if (!(e instanceof SizeLimitError) && !(e instanceof Error && e.message.startsWith("unknown format")))
    console.error(`[ingest] ${file.input.name}:`, e);
  file.report.error = safeError(e);
}

/** Writes what an opened file holds (rows, quarantine, agent sessions). Never throws for bad input. */
async function completeFile(store: Store, session: SqlSession, writer: CloudTrailWriter, file: OpenedFile): Promise<PendingFile> {
  const { report, bytes, hooks, affected, sourceId } = file;
  if (!report.error) {
    try {
      // Rows and quarantine go through the session after the source's insert; agent logs are written through
      // Prisma on other connections, so they wait for it.
      if (file.agent) await file.registered;
      if (file.parse) await writeCloudTrail(session, writer, file, file.parse.job);
      else if (file.agent)
        await ingestAgentLog(store, session, bytes, file.input, file.agent.format, sourceId, report, affected, file.agent.gzip, hooks);
      await bytes.drain();
    } catch (e) {
      fail(file, e);
      await file.parse?.pump;
    }
  }
  report.durationMs = Date.now() - file.started;
  return { report, sourceId, registered: file.registered, affected, bytes, hooks, input: file.input };
}

/** Moves a parse job's outputs into the writer and the quarantine, in order. */
async function writeCloudTrail(session: SqlSession, writer: CloudTrailWriter, file: OpenedFile, job: ParseJob): Promise<void> {
  const { report, affected, bytes, hooks, sourceId } = file;
  const quarantine = new QuarantineWriter(session, sourceId);
  let min: number | null = null;
  let max: number | null = null;
  let summary: ReadSummary | null = null;
  for await (const out of job.outputs) {
    if (out.type === "done") {
      summary = out.summary;
      continue;
    }
    if (out.type === "rows") {
      const c = out.chunk;
      if (min === null || c.minTime < min) min = c.minTime;
      if (max === null || c.maxTime > max) max = c.maxTime;
      await writer.addCsv(c.csv, c.rows, sourceId);
    } else if (out.type === "quarantine") await quarantine.quarantine(out.item);
    else if (out.type === "skip") await quarantine.skip(out.item);
    hooks.onProgress?.(out.records, bytes.bytes);
  }
  await file.parse!.pump;
  if (!summary) throw new Error("parse ended without a summary");
  await bytes.drain();
  await quarantine.finish(bytes.sha256());
  hooks.onProgress?.(summary.records, bytes.bytes);
  report.format = summary.format;
  if (summary.warnings.length) report.notes.push(...summary.warnings.slice(0, 20));
  if (summary.gzip) report.notes.push("gzip");
  report.read = summary.records;
  report.quarantined = quarantine.quarantined;
  report.skipped = quarantine.skipped;
  report.quarantine = quarantine.firstEntries;
  if (report.format === "cloudtrail-digest") report.notes.push("CloudTrail digest file: recognised and skipped");
  affected.minTime = min;
  affected.maxTime = max;
}

/** Completes the reports from the writer's counts and stores every source row's final state in one statement. */
async function finishFiles(session: SqlSession, writer: CloudTrailWriter, files: PendingFile[]): Promise<FileReport[]> {
  await Promise.all(files.map((p) => p.registered));
  const rows = files.map((p) => {
    const { report, affected, bytes } = p;
    if (report.kind !== "agent-log") {
      const t = writer.totalsFor(p.sourceId);
      report.ingested = t.inserted;
      report.duplicates = t.staged - t.inserted;
      report.conflicts = t.conflicts;
    }
    report.minTime = affected.minTime;
    report.maxTime = affected.maxTime;
    return {
      id: p.sourceId,
      kind: report.kind,
      format: report.format,
      sha256: bytes.sha256(),
      size_bytes: bytes.bytes,
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
      duration_ms: report.durationMs,
    };
  });
  // One `ingest.source` audit row per source, written by the same statement that finalises it.
  const audits = files.map((p, i) => {
    const r = rows[i];
    return auditSqlRow({
      actor: p.input.actor ?? { kind: "system", name: p.input.via },
      action: "ingest.source",
      targetType: "ingest_source",
      targetId: p.sourceId,
      after: {
        file: p.report.path,
        via: p.input.via,
        kind: r.kind,
        format: r.format,
        status: r.status,
        sha256: r.sha256,
        sizeBytes: r.size_bytes,
        read: r.read,
        ingested: r.ingested,
        duplicates: r.duplicates,
        quarantined: r.quarantined,
        skipped: r.skipped,
        conflicts: r.conflicts,
        redactions: r.redactions,
        error: r.error,
      },
      meta: p.input.meta,
    });
  });
  if (rows.length) {
    await session.query(
      `WITH fin AS (UPDATE ingest_source s SET kind = v.kind, format = v.format, sha256 = v.sha256, size_bytes = v.size_bytes, status = v.status, read = v.read,
         ingested = v.ingested, duplicates = v.duplicates, quarantined = v.quarantined, skipped = v.skipped, conflicts = v.conflicts,
         redactions = v.redactions, notes = v.notes, error = v.error, finished_at = now(), duration_ms = v.duration_ms
       FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, kind text, format text, sha256 text, size_bytes bigint, status text, read int, ingested int,
         duplicates int, quarantined int, skipped int, conflicts int, redactions int, notes jsonb, error text, duration_ms int)
       WHERE s.id = v.id RETURNING s.id)
       INSERT INTO audit_log (actor_type, actor_id, actor_label, action, target_type, target_id, after, diff, ip, user_agent)
       SELECT a.actor_type, a.actor_id, a.actor_label, a.action, a.target_type, a.target_id, a.after, a.diff, a.ip, a.user_agent
       FROM jsonb_to_recordset($2::jsonb) AS a(actor_type text, actor_id text, actor_label text, action text, target_type text, target_id text,
         after jsonb, diff jsonb, ip text, user_agent text) JOIN fin ON fin.id::text = a.target_id`,
      [jsonbSafeText(JSON.stringify(rows)), jsonbSafeText(JSON.stringify(audits))],
    );
  }
  return files.map((p) => p.report);
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
