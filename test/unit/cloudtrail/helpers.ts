import { readFileSync } from "node:fs";
import path from "node:path";
import type { CloudTrailFormat } from "@/lib/cloudtrail";
import { type CloudTrailItem, type ReadSummary, readCloudTrail } from "@/lib/cloudtrail";

/** The shared sample corpus (CI has ../shared beside the checkout). */
export const CORPUS = path.resolve(__dirname, "../../../../shared/corpus/cloudtrail");
export const FIXTURES = path.resolve(__dirname, "../../fixtures/cloudtrail");

export function corpus(rel: string): Buffer {
  return readFileSync(path.join(CORPUS, rel));
}

export function fixture(name: string): Buffer {
  return readFileSync(path.join(FIXTURES, name));
}

/** Yield `buf` in chunks of the given sizes (cycled); a single size = fixed chunking. */
export async function* chunked(buf: Uint8Array, sizes: number[] = [buf.length || 1]): AsyncGenerator<Uint8Array> {
  let k = 0;
  for (let i = 0; i < buf.length; ) {
    const size = Math.max(1, sizes[k++ % sizes.length]);
    yield buf.subarray(i, i + size);
    i += size;
  }
}

export interface ReadResult {
  format: CloudTrailFormat | null;
  items: Exclude<CloudTrailItem, { type: "format" }>[];
  events: Extract<CloudTrailItem, { type: "event" }>[];
  quarantined: Extract<CloudTrailItem, { type: "quarantine" }>[];
  skipped: Extract<CloudTrailItem, { type: "skip" }>[];
  summary: ReadSummary;
}

/** Drive readCloudTrail to the end, keeping the returned summary. */
export async function readAll(buf: Uint8Array, fileName: string, sizes?: number[], format?: CloudTrailFormat): Promise<ReadResult> {
  const gen = readCloudTrail(chunked(buf, sizes), { fileName, format });
  const all: CloudTrailItem[] = [];
  let r = await gen.next();
  while (!r.done) {
    all.push(r.value);
    r = await gen.next();
  }
  const first = all[0];
  if (first?.type !== "format") throw new Error("first item is not the format");
  const items = all.slice(1) as ReadResult["items"];
  return {
    format: first.format,
    items,
    events: items.filter((i): i is Extract<CloudTrailItem, { type: "event" }> => i.type === "event"),
    quarantined: items.filter((i): i is Extract<CloudTrailItem, { type: "quarantine" }> => i.type === "quarantine"),
    skipped: items.filter((i): i is Extract<CloudTrailItem, { type: "skip" }> => i.type === "skip"),
    summary: r.value,
  };
}
