import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { syntheticRecord } from "@/test/support/synthetic-cloudtrail";
import { S3FileWriter } from "./s3-file-writer";

/**
 * The benchmark corpus: N synthetic CloudTrail records (test/support/synthetic-cloudtrail.ts) over 24 h, written as gzipped S3 delivery
 * files `{"Records":[…]}` under `AWSLogs/<acct>/CloudTrail/<region>/YYYY/MM/DD/`, one file per account/region every
 * `fileRecords` records (as CloudTrail delivers them). Cached in `<dataDir>/corpus-…/` keyed by its parameters.
 */

/** Bump when the generator or the layout changes, so cached corpora are rebuilt. */
const CORPUS_VERSION = 1;
export const CORPUS_START_MS = Date.UTC(2026, 10, 1);
export const CORPUS_SPAN_MS = 24 * 3600_000;

export interface CorpusSpec {
  records: number;
  fileRecords: number;
  seed: number;
}

export interface Corpus extends CorpusSpec {
  dir: string;
  /** Absolute paths of the .json.gz files, sorted (the order `aftermath ingest <dir>` reads them in). */
  files: string[];
  /** Uncompressed JSON bytes and compressed bytes. */
  jsonBytes: number;
  gzBytes: number;
  startMs: number;
  spanMs: number;
  /** True when an existing cached corpus was reused. */
  cached: boolean;
}

type Manifest = CorpusSpec & { version: number; files: number; jsonBytes: number; gzBytes: number; startMs: number; spanMs: number };

export function corpusDirName(spec: CorpusSpec): string {
  return `corpus-v${CORPUS_VERSION}-${spec.records}r-${spec.fileRecords}pf-s${spec.seed}`;
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      if (name.startsWith(".")) continue;
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith(".json.gz")) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** Options to pass syntheticRecord for record i of this corpus. */
export function recordOptions(spec: CorpusSpec) {
  return { seed: spec.seed, total: spec.records, startMs: CORPUS_START_MS, spanMs: CORPUS_SPAN_MS };
}

/** Generates (or reuses) the corpus under `dataDir`. */
export function ensureCorpus(dataDir: string, spec: CorpusSpec, log: (msg: string) => void = () => undefined): Corpus {
  const dir = path.resolve(dataDir, corpusDirName(spec));
  const manifestPath = path.join(dir, "manifest.json");
  if (existsSync(manifestPath)) {
    try {
      const m = JSON.parse(readFileSync(manifestPath, "utf8")) as Manifest;
      const files = listFiles(path.join(dir, "AWSLogs"));
      if (m.version === CORPUS_VERSION && m.records === spec.records && m.files === files.length) {
        return {
          ...spec,
          dir: path.join(dir, "AWSLogs"),
          files,
          jsonBytes: m.jsonBytes,
          gzBytes: m.gzBytes,
          startMs: m.startMs,
          spanMs: m.spanMs,
          cached: true,
        };
      }
    } catch {
      /* rebuild */
    }
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const opts = recordOptions(spec);
  const out = new S3FileWriter(dir, spec.fileRecords);
  const started = Date.now();
  for (let i = 0; i < spec.records; i++) {
    out.add(syntheticRecord(i, opts));
    if ((i + 1) % 50_000 === 0)
      log(
        `corpus: ${(i + 1).toLocaleString("en-US")} / ${spec.records.toLocaleString("en-US")} records (${((Date.now() - started) / 1000).toFixed(0)} s)`,
      );
  }
  out.finish();
  const { jsonBytes, gzBytes } = out;
  const manifest: Manifest = {
    version: CORPUS_VERSION,
    ...spec,
    files: out.fileNo,
    jsonBytes,
    gzBytes,
    startMs: opts.startMs,
    spanMs: opts.spanMs,
  };
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return {
    ...spec,
    dir: path.join(dir, "AWSLogs"),
    files: listFiles(path.join(dir, "AWSLogs")),
    jsonBytes,
    gzBytes,
    startMs: opts.startMs,
    spanMs: opts.spanMs,
    cached: false,
  };
}
