import { readFileSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import type { Store } from "@/lib/db";
import { ingestFile } from "@/lib/ingest/ingest-file";
import type { FileReport } from "@/lib/ingest/report";

/** ../shared/corpus beside the checkout (CI has it there). */
export const CORPUS = path.resolve(import.meta.dirname, "../../../shared/corpus");

export function corpusFile(rel: string): string {
  return path.join(CORPUS, rel);
}

/** Ingests bytes as if uploaded under `name`. */
export function ingestBytes(store: Store, name: string, bytes: Uint8Array | string, format?: string): Promise<FileReport> {
  const buf = typeof bytes === "string" ? Buffer.from(bytes) : Buffer.from(bytes);
  return ingestFile(store, { name, chunks: Readable.from([buf]), format, via: "api" });
}

export function ingestCorpusFile(store: Store, rel: string, format?: string): Promise<FileReport> {
  return ingestBytes(store, rel, readFileSync(corpusFile(rel)), format);
}

export function expectCountsAddUp(r: FileReport) {
  if (r.read !== r.ingested + r.duplicates + r.quarantined + r.skipped) {
    throw new Error(
      `${r.path}: read ${r.read} ≠ ingested ${r.ingested} + duplicates ${r.duplicates} + quarantined ${r.quarantined} + skipped ${r.skipped}`,
    );
  }
}
