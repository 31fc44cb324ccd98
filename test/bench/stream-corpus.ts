import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { syntheticRecord } from "@/test/support/synthetic-cloudtrail";
import { CORPUS_SPAN_MS, CORPUS_START_MS } from "./corpus";
import { S3FileWriter } from "./s3-file-writer";

/**
 * The scale benchmark's corpus, generated one checkpoint at a time so 10M records never sit in memory or on disk at
 * once: chunk c of K holds records i ≡ c (mod K), i < records, so every chunk spans the whole corpus day and the
 * table after k chunks is an even sample of that day (the 1M checkpoint of a 10M run has the shape of a 1M corpus).
 * Records are grouped per account/region into gzipped S3 files of `fileRecords` records, as CloudTrail delivers them;
 * at most one open file per group is held in memory. The caller ingests the chunk's directory, then deletes it.
 */

export interface ChunkSpec {
  records: number;
  fileRecords: number;
  seed: number;
  /** Number of chunks (checkpoints) the corpus is cut into. */
  chunks: number;
}

export interface ChunkResult {
  /** The directory to ingest (…/AWSLogs). */
  dir: string;
  records: number;
  files: number;
  jsonBytes: number;
  gzBytes: number;
  ms: number;
}

/** Options for syntheticRecord: the whole corpus spans one day whatever its size (so 10M is 10× as dense as 1M). */
export function streamRecordOptions(spec: Pick<ChunkSpec, "records" | "seed">) {
  return { seed: spec.seed, total: spec.records, startMs: CORPUS_START_MS, spanMs: CORPUS_SPAN_MS };
}

/** Records in chunk `c`. */
export function chunkRecords(spec: ChunkSpec, c: number): number {
  if (c < 0 || c >= spec.chunks) return 0;
  return Math.floor((spec.records - 1 - c) / spec.chunks) + 1;
}

/** Record index of the j-th record of chunk c. */
export const chunkRecordIndex = (spec: ChunkSpec, c: number, j: number) => j * spec.chunks + c;

/**
 * Writes chunk `c` under `dir/AWSLogs/…` (the directory is emptied first). `fileNoStart` numbers the S3 keys so
 * file names stay unique across chunks; the next free number is `fileNoStart + result.files`.
 */
export function writeChunk(dir: string, spec: ChunkSpec, c: number, fileNoStart: number): ChunkResult {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const started = performance.now();
  const opts = streamRecordOptions(spec);
  // transient files: the fastest gzip level (the ingest's gunzip costs the same)
  const out = new S3FileWriter(dir, spec.fileRecords, fileNoStart, 1);
  const n = chunkRecords(spec, c);
  for (let j = 0; j < n; j++) {
    out.add(syntheticRecord(chunkRecordIndex(spec, c, j), opts));
  }
  out.finish();
  const { jsonBytes, gzBytes } = out;
  return {
    dir: path.join(dir, "AWSLogs"),
    records: n,
    files: out.fileNo - fileNoStart,
    jsonBytes,
    gzBytes,
    ms: performance.now() - started,
  };
}
