import "server-only";
import { createReadStream, type Stats } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import type { IngestContext } from "@/lib/agent-logs/types";
import type { Actor } from "@/lib/auth/actor";
import type { Store } from "@/lib/db";
import { heldLockKeys } from "@/lib/db/advisory-lock";
import { type IngestHooks, type IngestVia, ingestFiles } from "./ingest-file";
import { isDeadIngest } from "./liveness";
import { isOpenCodeStorage, openCodeBundle } from "./opencode-bundle";
import { emptyFileReport, type FileReport, type IngestReport, totalReport } from "./report";

export type FileEntry = { path: string; size: number; mtimeMs: number; bundle?: "opencode" };

/** Files under the given paths (directories recursively, e.g. an S3 `AWSLogs/<acct>/CloudTrail/<region>/YYYY/MM/DD/` tree), sorted. */
export async function expandPaths(paths: string[]): Promise<{ files: FileEntry[]; missing: string[] }> {
  const files: FileEntry[] = [];
  const missing: string[] = [];
  async function walk(p: string) {
    let st: Stats;
    try {
      st = await stat(p);
    } catch {
      missing.push(p);
      return;
    }
    if (st.isDirectory() && (await isOpenCodeStorage(p))) {
      files.push({ path: p, size: 0, mtimeMs: st.mtimeMs, bundle: "opencode" });
    } else if (st.isDirectory()) {
      const names = (await readdir(p)).filter((n) => !n.startsWith(".")).sort();
      for (const n of names) await walk(path.join(p, n));
    } else if (st.isFile()) {
      files.push({ path: p, size: st.size, mtimeMs: st.mtimeMs });
    }
  }
  for (const p of paths) await walk(p);
  return { files, missing };
}

async function* bundleChunks(dir: string): AsyncIterable<Uint8Array> {
  yield await openCodeBundle(dir);
}

export type PipelineProgress = {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  records: number;
  elapsedMs: number;
  currentFile: string | null;
};

export interface IngestPathsOptions {
  format?: string;
  via?: IngestVia;
  onProgress?: (p: PipelineProgress) => void;
  afterFile?: IngestHooks["afterFile"];
  /** Run context for agent logs without times of their own (Claude Code headless): the CI run, its start. */
  context?: IngestContext;
  /** who ingests (each source's `ingest.source` audit row) */
  actor?: Actor;
}

/** The one pipeline behind the CLI, the upload page and the API: every file goes through ingestFile. */
export async function ingestPaths(store: Store, paths: string[], opts: IngestPathsOptions = {}): Promise<IngestReport> {
  const started = Date.now();
  const { files, missing } = await expandPaths(paths);
  const bytesTotal = files.reduce((n, f) => n + f.size, 0);
  const reports: FileReport[] = missing.map((p) => ({ ...emptyFileReport(p), error: "no such file or directory" }));
  let doneBytes = 0;
  let doneRecords = 0;
  // A generator: each file is opened only when ingestFiles reaches it.
  function* inputs() {
    for (let i = 0; i < files.length; i++) {
      const f = files[i];
      if (i > 0) doneBytes += files[i - 1].size;
      let fileRecords = 0;
      yield {
        input: {
          name: f.path,
          chunks: f.bundle ? bundleChunks(f.path) : createReadStream(f.path, { highWaterMark: 1 << 20 }),
          format: opts.format,
          via: opts.via ?? "cli",
          fileTime: f.mtimeMs,
          context: opts.context,
          actor: opts.actor,
        },
        hooks: {
          onProgress: (n: number, b: number) => {
            doneRecords += n - fileRecords;
            fileRecords = n;
            opts.onProgress?.({
              filesDone: i,
              filesTotal: files.length,
              bytesDone: doneBytes + b,
              bytesTotal,
              records: doneRecords,
              elapsedMs: Date.now() - started,
              currentFile: f.path,
            });
          },
          afterFile: opts.afterFile,
        },
      };
    }
  }
  reports.push(...(await ingestFiles(store, inputs())));
  const bytesDone = bytesTotal;
  const records = reports.reduce((n, r) => n + r.read, 0);
  opts.onProgress?.({
    filesDone: files.length,
    filesTotal: files.length,
    bytesDone,
    bytesTotal,
    records,
    elapsedMs: Date.now() - started,
    currentFile: null,
  });
  return totalReport(reports, Date.now() - started);
}

/**
 * Sources left "running" by a process that died (see liveness.ts) are marked interrupted, with the counts of what
 * they stored, and their not-yet-finalised quarantine rows removed (a re-run stores them again). Safe to run while
 * other processes ingest: a live ingest is never touched. Returns how many were marked.
 */
export async function recoverInterruptedIngests(store: Store, opts: { everyRunning?: boolean } = {}): Promise<number> {
  const running = await store.prisma.ingestSource.findMany({
    where: { status: "running" },
    select: { id: true, kind: true, status: true, pid: true, host: true, heartbeatAt: true, startedAt: true, ingested: true },
  });
  // On PostgreSQL a live ingest (any process, any host) holds its source's advisory lock: read after the rows.
  const held = store.kind === "postgres" ? await heldLockKeys(store, "ingestSource") : undefined;
  // everyRunning: the caller holds the store alone (the CLI on PGlite's locked data directory), so nothing else runs.
  const dead = running.filter((s) => opts.everyRunning || isDeadIngest(s, Date.now(), held));
  for (const s of dead) {
    await store.prisma.quarantinedRecord.deleteMany({ where: { sourceId: s.id, fileSha256: `pending:${s.id}` } });
    // CloudTrail rows carry their source: count exactly what was stored. Agent logs keep their committed counts.
    const stored = s.kind === "agent-log" ? s.ingested : await store.prisma.cloudTrailEvent.count({ where: { sourceId: s.id } });
    const quarantined = await store.prisma.quarantinedRecord.count({ where: { sourceId: s.id } });
    const who = s.pid !== null ? ` (pid ${s.pid} on ${s.host ?? "?"})` : "";
    await store.prisma.ingestSource.updateMany({
      where: { id: s.id, status: "running" },
      data: {
        status: "interrupted",
        ingested: stored,
        quarantined,
        finishedAt: s.heartbeatAt ?? new Date(),
        error: `the ingest process${who} stopped before finishing: ${stored} event(s) were stored; re-run it to complete the file`,
      },
    });
  }
  return dead.length;
}
