import "server-only";
import { randomUUID } from "node:crypto";
import { redactSecrets } from "@/lib/agent-logs/redact";
import type { AgentLogFormat } from "@/lib/agent-logs/types";
import { auditSqlRow } from "@/lib/audit/mutations";
import type { ReadSummary } from "@/lib/cloudtrail";
import { isStoreUnavailable, type SqlSession, type Store } from "@/lib/db";
import { keyOfId, LOCK_NAMESPACE } from "@/lib/lock-keys";
import { retentionQuietly } from "@/lib/retention/job";
import { eventRetentionDays } from "@/lib/retention/policy";
import { ingestAgentLog } from "./agent-log-ingest";
import { ANALYZE_AFTER_ROWS, analyzeAfterLoad } from "./analyze";
import { ByteSource } from "./byte-source";
import { CloudTrailWriter } from "./cloudtrail-writer";
import { failReport, ingestFailure } from "./ingest-failure";
import type { AffectedRange, IngestHooks, IngestInput } from "./ingest-types";
import { jsonbSafeText } from "./jsonb-text";
import { HEARTBEAT_MS, THIS_HOST } from "./liveness";
import type { ParseJob } from "./parse/parse-job";
import { parseConcurrency, startParseJob } from "./parse/parse-pool";
import { QuarantineWriter } from "./quarantine-writer";
import { emptyFileReport, type FileReport } from "./report";
import { classifyFile, headText } from "./sniff";

export { storeAgentLogResult } from "./agent-log-ingest";
export { analyzeAfterLoad } from "./analyze";
export { failReport, ingestFailure } from "./ingest-failure";
export type { AffectedRange, IngestHooks, IngestInput, IngestVia } from "./ingest-types";

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
  /** Set when writing failed: the pump stops feeding the parse. */
  stopped?: boolean;
  /** Set for an agent log. */
  agent?: { format: AgentLogFormat };
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

/** Ingests one file: detects its kind and format, stores its rows, quarantine and report. Never throws for bad input. */
export async function ingestFile(store: Store, input: IngestInput, hooks: IngestHooks = {}): Promise<FileReport> {
  // In the app on PGlite, pages' reads share the one database thread with uploads: smaller batches keep each bulk
  // statement short, so a read never waits long behind one (see the bulk queue in pglite-worker.mjs).
  const app = input.via === "api" || input.via === "upload";
  const [report] = await ingestFiles(store, [{ input, hooks }], app && store.kind === "pglite" ? { batchRows: appBatchRows() } : {});
  return report;
}

/** COPY batch rows for uploads into PGlite (AFTERMATH_PGLITE_UPLOAD_BATCH_ROWS, default 100). */
function appBatchRows(): number {
  const v = Number(process.env.AFTERMATH_PGLITE_UPLOAD_BATCH_ROWS);
  return Number.isInteger(v) && v > 0 ? v : 100;
}

/**
 * Ingests files in order on one database session with one CloudTrail writer. CloudTrail files are parsed on the
 * parse workers, up to `parseConcurrency()` files at once, so parsing runs beside the database; rows are still
 * written file by file in input order (the first copy of an event is the one kept). Reports are completed (and
 * `afterFile` run) once the writer is flushed; inputs are opened lazily, just ahead of the one being written.
 */
export async function ingestFiles(
  store: Store,
  inputs: Iterable<{ input: IngestInput; hooks?: IngestHooks }>,
  opts: { batchRows?: number } = {},
): Promise<FileReport[]> {
  return store.session(async (session) => {
    const writer = new CloudTrailWriter(session, randomUUID(), opts.batchRows);
    const pending: PendingFile[] = [];
    // Liveness and counts as the run goes: each committed batch updates its sources' counts (queued on the session,
    // right after the batch), and a timer refreshes the heartbeat, so a killed run shows what it stored.
    const live = new Map<string, FileReport>();
    writer.onBatch = (sourceIds) => {
      for (const id of sourceIds) {
        const t = writer.totalsFor(id);
        const r = live.get(id);
        session
          .query(
            `UPDATE ingest_source SET ingested = $2, duplicates = $3, conflicts = $4, read = $5, quarantined = $6, skipped = $7, heartbeat_at = now()
             WHERE id = $1::uuid AND status = 'running'`,
            [id, t.inserted, t.staged - t.inserted, t.conflicts, r?.read ?? 0, r?.quarantined ?? 0, r?.skipped ?? 0],
          )
          .catch(() => undefined);
      }
    };
    const heartbeat = setInterval(() => {
      const ids = [...live.keys()];
      if (ids.length)
        void store.prisma.ingestSource
          .updateMany({ where: { id: { in: ids }, status: "running" }, data: { heartbeatAt: new Date() } })
          .catch(() => undefined);
    }, HEARTBEAT_MS);
    heartbeat.unref();
    const opening: Promise<OpenedFile>[] = [];
    const next = inputs[Symbol.iterator]();
    const ahead = parseConcurrency();
    const fill = () => {
      while (opening.length < ahead) {
        const n = next.next();
        if (n.done) return;
        opening.push(openFile(session, n.value.input, n.value.hooks ?? {}, store.kind === "postgres", opts.batchRows));
      }
    };
    try {
      fill();
      while (opening.length) {
        const file = await opening.shift()!;
        live.set(file.sourceId, file.report);
        fill();
        pending.push(await completeFile(store, session, writer, file));
      }
    } finally {
      clearInterval(heartbeat);
      for (const p of opening)
        void p.then(
          (f) => f.parse?.job.abort(new Error("ingest stopped")),
          () => undefined,
        );
      await writer.close().catch((e) => {
        for (const p of pending) if (p.report.kind === "cloudtrail" && !p.report.error) failReport(p.report, e);
      });
    }
    // The database went away: the reports say what was stored before that, and nothing more is attempted.
    const storeLost = pending.some((p) => ingestFailure(p.report)?.code === "unavailable");
    // PGlite has no autovacuum: after a bulk load, fresh statistics keep the explorer's plans on their indexes.
    if (!storeLost && writer.inserted >= ANALYZE_AFTER_ROWS) await analyzeAfterLoad(session);
    let reports: FileReport[];
    try {
      reports = await finishFiles(session, writer, pending);
    } catch (e) {
      if (!isStoreUnavailable(e)) throw e;
      for (const p of pending) failReport(p.report, e);
      return pending.map((p) => p.report);
    }
    if (storeLost) return reports;
    // Event retention (AFTERMATH_RETENTION_DAYS), before reconstruction sees the data: old partitions this run may have
    // created for years-old events go again.
    if (writer.inserted && eventRetentionDays() !== null) await retentionQuietly(store, "after ingest");
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
      try {
        await last.hooks.afterFile!(last.report, merged);
      } catch (e) {
        // The rows are stored; the database going away during reconstruction still fails the run (503 / exit 1).
        if (!isStoreUnavailable(e)) throw e;
        failReport(last.report, e);
      }
    }
    return reports;
  });
}

/** Registers the source, reads the head to classify the file, and starts parsing a CloudTrail file. Never throws. */
async function openFile(
  session: SqlSession,
  given: IngestInput,
  hooks: IngestHooks,
  lockSource: boolean,
  batchRows?: number,
): Promise<OpenedFile> {
  const started = Date.now();
  // The name is user input too (an upload's file name, a path): stored and reported with secrets redacted.
  const input = { ...given, name: redactSecrets(given.name).text };
  const report = emptyFileReport(input.name);
  const sourceId = randomUUID();
  report.sourceId = sourceId;
  // On PostgreSQL the run's session holds an advisory lock per running source, taken before its row exists and
  // released with the session: any process tells a live ingest from a dead one by it (lib/ingest/liveness.ts).
  if (lockSource)
    session.query("SELECT pg_advisory_lock($1::int, $2::int)", [LOCK_NAMESPACE.ingestSource, keyOfId(sourceId)]).catch(() => undefined);
  // Queued on the run's session, not awaited: the session runs statements in order, so the row exists before any
  // batch that refers to it, and parsing starts without waiting behind the batch being written.
  const registered = session.query(
    `INSERT INTO ingest_source (id, kind, file_name, path, sha256, size_bytes, status, via, heartbeat_at, pid, host)
     VALUES ($1::uuid, 'unknown', $2, $3, 'pending', 0, 'running', $4, now(), $5, $6)`,
    [sourceId, input.name.split(/[\\/]/).pop() || input.name, input.name, input.via, process.pid, THIS_HOST],
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
      // Parse chunks no larger than a batch: a batch is at least one chunk, so small batches need small chunks.
      const chunkRows = batchRows ? Math.min(batchRows, 2000) : undefined;
      const job = startParseJob({ fileName: input.name, format: kind.format ?? undefined, sourceId, chunkRows });
      const pump = (async () => {
        try {
          for await (const chunk of bytes.stream()) {
            await job.room();
            if (file.stopped) return;
            job.push(chunk);
          }
          job.end();
        } catch (e) {
          job.abort(e);
        }
      })();
      file.parse = { job, pump };
    } else file.agent = { format: kind.format };
  } catch (e) {
    fail(file, e);
  }
  return file;
}

function fail(file: OpenedFile, e: unknown) {
  failReport(file.report, e);
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
      else if (file.agent) await ingestAgentLog(store, session, bytes, file.input, file.agent.format, sourceId, report, affected, hooks);
      await bytes.drain();
    } catch (e) {
      fail(file, e);
      // Stop reading: the parse is aborted and the pump stops pulling the input (an HTTP body is not read on).
      file.stopped = true;
      file.parse?.job.abort(e);
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
  let redactions = 0;
  for await (const out of job.outputs) {
    if (out.type === "done") {
      summary = out.summary;
      redactions = out.redactions;
      continue;
    }
    if (out.type === "rows") {
      const c = out.chunk;
      if (min === null || c.minTime < min) min = c.minTime;
      if (max === null || c.maxTime > max) max = c.maxTime;
      await writer.addCopyText(c, sourceId);
    } else if (out.type === "quarantine") await quarantine.quarantineMany(out.items);
    else if (out.type === "skip") await quarantine.skip(out.item);
    // Kept current, so a file that stops half-way (the database went away) reports what was read until then.
    report.read = out.records;
    report.quarantined = quarantine.quarantined;
    report.skipped = quarantine.skipped;
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
  report.redactions = redactions + quarantine.redactions;
  if (report.format === "cloudtrail-digest") report.notes.push("CloudTrail digest file: recognised and skipped");
  affected.minTime = min;
  affected.maxTime = max;
}

/** Completes the reports from the writer's counts and stores every source row's final state in one statement. */
async function finishFiles(session: SqlSession, writer: CloudTrailWriter, files: PendingFile[]): Promise<FileReport[]> {
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
  await Promise.all(files.map((p) => p.registered));
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
