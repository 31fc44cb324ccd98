/**
 * The Sources page's shape for many near-identical files. Pure.
 *  - runs: files finalised together by one ingest (same `via` and finish time; unfinished ones by start within a minute);
 *  - prefixes: within a run, files by their directory below the run's common directory;
 *  - names: the part of each name that differs from its neighbours, the shared prefix/suffix dimmed;
 *  - status: a "done" file whose records were all (or partly) quarantined gets its own status, not "done".
 */

export interface GroupableSource {
  id: string;
  fileName: string;
  path: string | null;
  via: string;
  status: string;
  read: number;
  quarantined: number;
  startedAt: string;
  finishedAt: string | null;
}

export type EffectiveStatus = "done" | "quarantined" | "partly-quarantined" | "failed" | "interrupted" | "running" | "pending" | string;

export function effectiveStatus(s: Pick<GroupableSource, "status" | "read" | "quarantined">): EffectiveStatus {
  if (s.status !== "done") return s.status;
  if (s.quarantined > 0 && s.quarantined >= s.read) return "quarantined";
  if (s.quarantined > 0) return "partly-quarantined";
  return "done";
}

export interface NameParts {
  head: string;
  distinct: string;
  tail: string;
}

const SEP = /[_\-./]/;

/** Splits names into shared head, distinguishing middle and shared tail (cut at separators; never empties a name). */
export function distinguishingParts(names: readonly string[]): NameParts[] {
  if (names.length < 2) return names.map((n) => ({ head: "", distinct: n, tail: "" }));
  let pre = names[0].length;
  let suf = names[0].length;
  for (const n of names.slice(1)) {
    let i = 0;
    while (i < pre && i < n.length && n[i] === names[0][i]) i++;
    pre = i;
    let j = 0;
    while (j < suf && j < n.length && n[n.length - 1 - j] === names[0][names[0].length - 1 - j]) j++;
    suf = j;
  }
  // cut the shared head after its last separator, the tail before its first one
  const h = names[0].slice(0, pre);
  let headLen = 0;
  for (let i = h.length - 1; i >= 0; i--)
    if (SEP.test(h[i])) {
      headLen = i + 1;
      break;
    }
  const t = names[0].slice(names[0].length - suf);
  const firstSep = t.search(SEP);
  const tailLen = firstSep === -1 ? 0 : t.length - firstSep;
  return names.map((n) => {
    const tl = Math.min(tailLen, Math.max(0, n.length - headLen - 1));
    const distinct = n.slice(headLen, n.length - tl);
    return distinct ? { head: n.slice(0, headLen), distinct, tail: n.slice(n.length - tl) } : { head: "", distinct: n, tail: "" };
  });
}

function dirOf(p: string | null): string {
  if (!p) return "";
  const i = p.replace(/\\/g, "/").lastIndexOf("/");
  return i > 0 ? p.replace(/\\/g, "/").slice(0, i) : "";
}

function commonDir(dirs: readonly string[]): string {
  const parts = dirs.filter(Boolean).map((d) => d.split("/"));
  if (parts.length === 0) return "";
  const out: string[] = [];
  for (let i = 0; i < parts[0].length; i++) {
    const seg = parts[0][i];
    if (parts.every((p) => p[i] === seg)) out.push(seg);
    else break;
  }
  return out.join("/");
}

export interface PrefixGroup<T> {
  /** directory below the run's common directory ("" = the run's own directory) */
  prefix: string;
  files: (T & { name: NameParts; effective: EffectiveStatus })[];
}

export interface SourceRun<T> {
  key: string;
  via: string;
  startedAt: string;
  finishedAt: string | null;
  /** the run's common directory (absolute, as recorded) */
  root: string;
  files: number;
  read: number;
  quarantined: number;
  /** files whose effective status is not "done" */
  problems: number;
  prefixes: PrefixGroup<T>[];
}

const RUN_GAP_MS = 60_000;

/** Groups rows (newest first, as listed) into runs and, within each run, by directory prefix. */
export function groupSources<T extends GroupableSource>(rows: readonly T[]): SourceRun<T>[] {
  const runs: T[][] = [];
  for (const r of rows) {
    const cur = runs[runs.length - 1];
    const last = cur?.[cur.length - 1];
    const same =
      last &&
      last.via === r.via &&
      (last.finishedAt && r.finishedAt
        ? last.finishedAt === r.finishedAt
        : Math.abs(Date.parse(last.startedAt) - Date.parse(r.startedAt)) <= RUN_GAP_MS);
    if (same) cur.push(r);
    else runs.push([r]);
  }
  return runs.map((files) => {
    const root = commonDir(files.map((f) => dirOf(f.path)));
    const byPrefix = new Map<string, T[]>();
    for (const f of files) {
      const d = dirOf(f.path);
      const prefix = d.length > root.length ? d.slice(root.length).replace(/^\//, "") : "";
      byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), f]);
    }
    const prefixes = [...byPrefix].map(([prefix, fs]) => {
      const parts = distinguishingParts(fs.map((f) => f.fileName));
      return { prefix, files: fs.map((f, i) => ({ ...f, name: parts[i], effective: effectiveStatus(f) })) };
    });
    const effective = files.map(effectiveStatus);
    return {
      key: files[0].id,
      via: files[0].via,
      startedAt: files[files.length - 1].startedAt,
      finishedAt: files[0].finishedAt,
      root,
      files: files.length,
      read: files.reduce((n, f) => n + f.read, 0),
      quarantined: files.reduce((n, f) => n + f.quarantined, 0),
      problems: effective.filter((s) => s !== "done").length,
      prefixes,
    };
  });
}
