import "server-only";
import { createReadStream } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import type { Actor } from "@/lib/auth/actor";
import type { Store } from "@/lib/db";
import { type IngestHooks, type IngestVia, ingestFiles } from "./ingest-file";
import { emptyFileReport, type FileReport, type IngestReport, totalReport } from "./report";

export type FileEntry = { path: string; size: number; mtimeMs: number };

/** Files under the given paths (directories recursively, e.g. an S3 `AWSLogs/<acct>/CloudTrail/<region>/YYYY/MM/DD/` tree), sorted. */
export async function expandPaths(paths: string[]): Promise<{ files: FileEntry[]; missing: string[] }> {
  const files: FileEntry[] = [];
  const missing: string[] = [];
  async function walk(p: string) {
    let st;
    try {
      st = await stat(p);
    } catch {
      missing.push(p);
      return;
    }
    if (st.isDirectory()) {
      const names = (await readdir(p)).filter((n) => !n.startsWith(".")).sort();
      for (const n of names) await walk(path.join(p, n));
    } else if (st.isFile()) {
      files.push({ path: p, size: st.size, mtimeMs: st.mtimeMs });
    }
  }
  for (const p of paths) await walk(p);
  return { files, missing };
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
          chunks: createReadStream(f.path, { highWaterMark: 1 << 20 }),
          format: opts.format,
          via: opts.via ?? "cli",
          fileTime: f.mtimeMs,
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
 * Sources left "running" by a process that died are marked interrupted, and their not-yet-finalised quarantine
 * rows removed (a re-run stores them again). `olderThanMs` protects ingests running in other processes (PostgreSQL).
 */
export async function recoverInterruptedIngests(store: Store, olderThanMs: number): Promise<number> {
  const cutoff = new Date(Date.now() - olderThanMs);
  const stale = await store.prisma.ingestSource.findMany({ where: { status: "running", startedAt: { lt: cutoff } }, select: { id: true } });
  for (const s of stale) {
    await store.prisma.quarantinedRecord.deleteMany({ where: { sourceId: s.id, fileSha256: `pending:${s.id}` } });
    await store.prisma.ingestSource.update({
      where: { id: s.id },
      data: { status: "interrupted", error: "the ingest process stopped before finishing; re-run it" },
    });
  }
  return stale.length;
}
