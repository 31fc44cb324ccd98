import "server-only";
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import type { Store } from "@/lib/db";
import { keyOfId, withLock } from "@/lib/db/advisory-lock";
import type { IngestHooks } from "@/lib/ingest/ingest-file";
import { ingestPaths } from "@/lib/ingest/pipeline";
import type { FileReport } from "@/lib/ingest/report";
import { contentKey, type FileSeen, settledFiles, type WatchState } from "./plan";
import { finishedSources } from "./queries";

export type WatchOptions = {
  dirs: string[];
  /** a file must keep its size and mtime this long before it is read (default 5 s) */
  settleMs?: number;
  /** poll interval (default 2 s) */
  intervalMs?: number;
  format?: string;
  afterFile?: IngestHooks["afterFile"];
  onFile?: (report: FileReport) => void;
  onError?: (e: unknown) => void;
  /** stop when this resolves (SIGINT/SIGTERM); the file being ingested is finished first */
  stop?: Promise<void>;
  /** one poll cycle only, ingesting what has settled (for cron and tests) */
  once?: boolean;
  now?: () => number;
};

async function listFiles(dirs: string[]): Promise<FileSeen[]> {
  const out: FileSeen[] = [];
  async function walk(p: string) {
    let st: Awaited<ReturnType<typeof stat>>;
    try {
      st = await stat(p);
    } catch {
      return; // removed between readdir and stat
    }
    if (st.isDirectory()) {
      let names: string[] = [];
      try {
        names = (await readdir(p)).sort();
      } catch {
        return;
      }
      for (const n of names) if (!n.startsWith(".")) await walk(path.join(p, n));
    } else if (st.isFile()) {
      out.push({ path: p, size: st.size, mtimeMs: st.mtimeMs });
    }
  }
  for (const d of dirs) await walk(path.resolve(d));
  return out;
}

function sha256File(p: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash("sha256");
    createReadStream(p)
      .on("data", (c) => h.update(c))
      .on("error", reject)
      .on("end", () => resolve(h.digest("hex")));
  });
}

/**
 * Follows directories and ingests every file once: new files when they have settled, a file again only when its
 * content changed. Restart-safe: what was ingested is read back from the store (path + sha256 of finished sources),
 * so a restarted watcher neither ingests a finished file twice nor skips one that a killed run left unfinished.
 * Returns the number of files ingested.
 */
export async function watchDirectories(store: Store, opts: WatchOptions): Promise<number> {
  const settleMs = opts.settleMs ?? 5_000;
  const intervalMs = opts.intervalMs ?? 2_000;
  const now = opts.now ?? Date.now;
  const state: WatchState = new Map();
  // path → the content last hashed there, and whether the store holds a finished ingest of it
  const hashes = new Map<string, { size: number; mtimeMs: number; sha256: string; done: boolean }>();
  const unchangedAndDone = (p: string) => {
    const h = hashes.get(p);
    const seen = state.get(p);
    return !!h && !!seen && h.done && h.size === seen.size && h.mtimeMs === seen.mtimeMs;
  };
  let stopped = false;
  opts.stop?.then(() => {
    stopped = true;
  });
  let ingested = 0;
  for (;;) {
    try {
      ingested += await poll();
    } catch (e) {
      if (opts.once) throw e;
      opts.onError?.(e); // the store went away, a file vanished mid-read…: try again next poll
    }
    if (opts.once || stopped) return ingested;
    await Promise.race([new Promise((r) => setTimeout(r, intervalMs)), opts.stop ?? new Promise(() => undefined)]);
    if (stopped) return ingested;
  }

  async function poll(): Promise<number> {
    let n = 0;
    const listing = await listFiles(opts.dirs);
    const settled = settledFiles(state, listing, now(), settleMs).filter((p) => !unchangedAndDone(p));
    if (settled.length) {
      const done = new Set((await finishedSources(store, settled)).map((r) => contentKey(r.path, r.sha256)));
      const todo: string[] = [];
      for (const p of settled) {
        const seen = state.get(p);
        if (!seen) continue;
        let h = hashes.get(p);
        if (!h || h.size !== seen.size || h.mtimeMs !== seen.mtimeMs) {
          try {
            h = { size: seen.size, mtimeMs: seen.mtimeMs, sha256: await sha256File(p), done: false };
          } catch {
            continue; // gone since the listing
          }
          hashes.set(p, h);
        }
        if (done.has(contentKey(p, h.sha256))) h.done = true;
        else todo.push(p);
      }
      for (const p of todo) {
        if (stopped) break;
        const h = hashes.get(p);
        // Another watcher on the same directory (another process) may be on this file: one at a time per content,
        // and the one that comes second finds it finished.
        const report = await withLock(store, "watchFile", keyOfId(contentKey(p, h?.sha256 ?? "")), async () => {
          if (h && (await finishedSources(store, [p])).some((r) => r.sha256 === h.sha256)) return null;
          return ingestPaths(store, [p], { format: opts.format, via: "watch", afterFile: opts.afterFile });
        });
        if (!report) {
          if (h) h.done = true;
          continue;
        }
        for (const f of report.files) opts.onFile?.(f);
        // Finished, even with quarantined records. A file that failed is looked up again next poll: a source row the
        // store recorded as failed (unknown format…) settles it; a store that failed under it means a retry.
        if (h) h.done = report.files.every((f) => !f.error);
        n += 1;
      }
    }
    return n;
  }
}
