/**
 * What `aftermath watch` ingests next (pure). A directory that `aws s3 sync` or a mounted bucket keeps filling holds
 * finished files, files still being written, and the syncer's temporary files. A file is ready when it is not a
 * temporary file, has kept the same size and mtime for `settleMs`, and has not been ingested with that content.
 */
export type FileSeen = { path: string; size: number; mtimeMs: number };

/** What the watcher remembers of a file between polls. */
export type Observation = { size: number; mtimeMs: number; stableSince: number };

export type WatchState = Map<string, Observation>;

// aws s3 sync / s3transfer download to "<name>.<8 hex>" and rename when complete; browsers and rsync use these too.
const TEMP_NAME = [/^\./, /\.(tmp|temp|part|partial|crdownload|download|swp)$/i, /~$/, /\.[0-9a-f]{8}$/i];

export function isTemporaryName(fileName: string): boolean {
  return TEMP_NAME.some((re) => re.test(fileName));
}

/** Updates `state` with this poll's listing and returns the paths that have settled (not yet filtered by what was ingested). */
export function settledFiles(state: WatchState, listing: FileSeen[], now: number, settleMs: number): string[] {
  const present = new Set<string>();
  const ready: string[] = [];
  for (const f of listing) {
    const name = f.path.split(/[\\/]/).pop() ?? f.path;
    if (isTemporaryName(name)) continue;
    present.add(f.path);
    const prev = state.get(f.path);
    if (!prev || prev.size !== f.size || prev.mtimeMs !== f.mtimeMs) {
      state.set(f.path, { size: f.size, mtimeMs: f.mtimeMs, stableSince: now });
      // A file already old when first seen (the watcher restarted, or it was synced while we were down) has settled.
      if (!prev && now - f.mtimeMs >= settleMs && f.size > 0) ready.push(f.path);
      continue;
    }
    if (f.size > 0 && now - prev.stableSince >= settleMs) ready.push(f.path);
  }
  for (const p of state.keys()) if (!present.has(p)) state.delete(p);
  return ready.sort();
}

/** The content key a file was ingested under: its path and the SHA-256 of its bytes (as stored on the source row). */
export function contentKey(path: string, sha256: string): string {
  return `${path}\u0000${sha256}`;
}
