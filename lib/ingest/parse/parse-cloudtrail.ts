import { z } from "zod";
import { CloudTrailFormat, type ReadSummary, readCloudTrail } from "@/lib/cloudtrail";
import type { QuarantineItem, SkipItem } from "@/lib/model/ingest-item";
import { redactCloudTrailRecord } from "../cloudtrail-redact";
import { type EventCopyChunk, EventCopyTextBatcher } from "../event-copy-text";

/**
 * The CPU-heavy half of CloudTrail ingest — gunzip, split, JSON.parse, normalize, hash, COPY text rows — as one function from
 * a file's bytes to COPY-ready chunks plus the records that could not be used. It touches no database, so it runs
 * on a parse worker thread (parse-worker-main.ts) or, with no workers, in the calling thread.
 */

export const ParseRequest = z.object({
  /** Name used in reasons and for format hints. */
  fileName: z.string(),
  format: CloudTrailFormat.optional(),
  /** ingest_source id written into every row. */
  sourceId: z.string(),
  /** Rows per output chunk. */
  chunkRows: z.number().int().positive().default(2000),
});
export type ParseRequest = z.input<typeof ParseRequest>;

/** What a parse emits, in order. `records` is the number of records read so far (for progress). */
export type ParseOutput =
  | { type: "rows"; chunk: EventCopyChunk; records: number }
  | { type: "quarantine"; items: QuarantineItem[]; records: number }
  | { type: "skip"; item: SkipItem; records: number }
  | { type: "progress"; records: number }
  | { type: "done"; summary: ReadSummary; redactions: number };

const PROGRESS_EVERY = 4096;
/** Quarantined records travel in batches (one message per record made a file of 2M tiny invalid records crawl). */
export const QUARANTINE_BATCH = 1000;

export async function parseCloudTrail(
  chunks: AsyncIterable<Uint8Array>,
  request: ParseRequest,
  emit: (out: ParseOutput) => void | Promise<void>,
): Promise<void> {
  const req = ParseRequest.parse(request);
  const batcher = new EventCopyTextBatcher(req.chunkRows);
  const reader = readCloudTrail(chunks, { fileName: req.fileName, format: req.format });
  let records = 0;
  let redactions = 0;
  let held: QuarantineItem[] = [];
  const release = async () => {
    if (!held.length) return;
    const items = held;
    held = [];
    await emit({ type: "quarantine", items, records });
  };
  for (;;) {
    const r = await reader.next();
    if (r.done) {
      await release();
      const last = batcher.take();
      if (last) await emit({ type: "rows", chunk: last, records });
      await emit({ type: "done", summary: r.value, redactions });
      return;
    }
    const item = r.value;
    if (item.type === "format") continue;
    records++;
    if (item.type === "event") {
      // Secrets in request parameters / response elements are replaced before the row is built (raw record included).
      let rawJson = item.rawJson;
      const n = redactCloudTrailRecord(item.event.raw as Record<string, unknown>, rawJson);
      if (n) {
        redactions += n;
        rawJson = undefined;
      }
      const full = batcher.add(item.event, req.sourceId, item.position.index, rawJson);
      if (full) await emit({ type: "rows", chunk: full, records });
      else if (records % PROGRESS_EVERY === 0) await emit({ type: "progress", records });
    } else if (item.type === "quarantine") {
      held.push(item.item);
      if (held.length >= QUARANTINE_BATCH) await release();
    } else {
      await release();
      await emit({ type: "skip", item: item.item, records });
    }
  }
}
