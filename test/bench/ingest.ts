import { spawn } from "node:child_process";
import path from "node:path";
import { watchPeakRss } from "./rss";

/**
 * (b) `aftermath ingest <dir> --json --no-reconstruct` end to end, in a child process exactly as a user runs it.
 * Two times: the report's `durationMs` (the pipeline from the first file opened to the last row stored — used for
 * ingestEventsPerSec) and the wall time of the whole process (adds Node/tsx start-up, opening and migrating the store).
 */

export interface IngestResult {
  read: number;
  ingested: number;
  quarantined: number;
  files: number;
  /** report.durationMs */
  reportMs: number;
  wallMs: number;
  /** ingested / report.durationMs */
  eventsPerSec: number;
  /** ingested / wall time */
  wallEventsPerSec: number;
  /** Peak RSS of the ingest process in bytes (Linux VmHWM, polled), null when unknown. */
  peakRssBytes: number | null;
}

type CliReport = { read: number; ingested: number; quarantined: number; durationMs: number; files: { error: string | null }[] };

/** The last line of stdout that parses as a JSON object with the report's fields. */
export function parseCliReport(stdout: string): CliReport {
  const lines = stdout
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.startsWith("{"));
  for (let i = lines.length - 1; i >= 0; i--) {
    try {
      const r = JSON.parse(lines[i]) as CliReport;
      if (typeof r.read === "number" && typeof r.durationMs === "number" && Array.isArray(r.files)) return r;
    } catch {
      /* not it */
    }
  }
  throw new Error(`aftermath ingest printed no JSON report (stdout: ${stdout.slice(-500)})`);
}

export async function measureIngest(
  databaseUrl: string,
  corpusDir: string,
  opts: {
    root?: string;
    cpuProfDir?: string | null /** run the reconstruction after the ingest (default: --no-reconstruct) */;
    reconstruct?: boolean;
  } = {},
): Promise<IngestResult> {
  const root = opts.root ?? process.cwd();
  const prof = opts.cpuProfDir ? ["--cpu-prof", "--cpu-prof-dir", path.resolve(opts.cpuProfDir)] : [];
  const bin = path.join(root, "lib/cli/bin.mjs");
  const started = performance.now();
  let peakRssBytes: number | null = null;
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        ...process.execArgv.filter((a) => a.startsWith("--max-old-space-size")),
        ...prof,
        bin,
        "ingest",
        corpusDir,
        "--json",
        ...(opts.reconstruct ? [] : ["--no-reconstruct"]),
      ],
      {
        cwd: root,
        env: { ...process.env, DATABASE_URL: databaseUrl, AFTERMATH_PROGRESS: "" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    const rss = watchPeakRss(child.pid);
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err = (err + d).slice(-8000)));
    child.on("error", reject);
    child.on("exit", (c) => {
      peakRssBytes = rss.stop();
      resolve({ code: c, stdout: out, stderr: err });
    });
  });
  const wallMs = performance.now() - started;
  if (code !== 0) throw new Error(`aftermath ingest exited ${code}: ${stderr.trim().slice(-2000)}`);
  const r = parseCliReport(stdout);
  const failed = r.files.filter((f) => f.error);
  if (failed.length) throw new Error(`aftermath ingest: ${failed.length} file(s) failed`);
  return {
    read: r.read,
    ingested: r.ingested,
    quarantined: r.quarantined,
    files: r.files.length,
    reportMs: r.durationMs,
    wallMs,
    eventsPerSec: r.ingested / (r.durationMs / 1000),
    wallEventsPerSec: r.ingested / (wallMs / 1000),
    peakRssBytes,
  };
}
