import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import { readCloudTrail } from "@/lib/cloudtrail";
import type { Store } from "@/lib/db";
import { WRITER_BATCH_ROWS } from "@/lib/ingest/cloudtrail-writer";
import { EVENT_COPY_COLUMNS, EventCopyTextBatcher } from "@/lib/ingest/event-copy-text";
import { ensureEventPartitions } from "@/lib/partitions/mutations";

/**
 * (a) The raw limit: how fast these files could go into the store if ingest cost nothing beyond the unavoidable
 * primitives. The normalized COPY text rows are prepared first (untimed, through the same reader and COPY text encoding the
 * ingest uses); then, timed: read + gunzip + JSON.parse of every file, and COPY of the prepared rows straight into
 * `cloudtrail_event` of a fresh database (same table, same indexes and constraints as the real insert), in batches
 * of the writer's size with one batch in flight while the next file is parsed, as the writer does.
 */

export type PreparedBatch = { data: Uint8Array; rows: number /** index of the file whose parse completes this batch */; afterFile: number };

/** Reads every file through readCloudTrail and builds the COPY text batches (not timed). */
export async function prepareRawBatches(
  files: string[],
  sourceId: string,
  batchRows = WRITER_BATCH_ROWS,
): Promise<{ batches: PreparedBatch[]; events: number; days: Set<number> }> {
  const batcher = new EventCopyTextBatcher(batchRows, Infinity);
  const batches: PreparedBatch[] = [];
  const days = new Set<number>();
  let events = 0;
  for (let f = 0; f < files.length; f++) {
    for await (const item of readCloudTrail(createReadStream(files[f], { highWaterMark: 1 << 20 }), { fileName: files[f] })) {
      if (item.type === "quarantine") throw new Error(`bench corpus: ${files[f]}: ${item.item.reason}`);
      if (item.type !== "event") continue;
      events++;
      const chunk = batcher.add(item.event, sourceId, item.position.index, item.rawJson);
      if (chunk) batches.push({ data: chunk.data, rows: chunk.rows, afterFile: f });
      for (const d of chunk?.days ?? []) days.add(d);
    }
  }
  const last = batcher.take();
  if (last) batches.push({ data: last.data, rows: last.rows, afterFile: files.length - 1 });
  for (const d of last?.days ?? []) days.add(d);
  return { batches, events, days };
}

export interface RawResult {
  records: number;
  ms: number;
  eventsPerSec: number;
  /** Time spent in read + gunzip + JSON.parse alone (main thread), for the breakdown. */
  parseMs: number;
  /** Time the main thread waited for COPY to finish (COPY time not hidden behind parsing). */
  copyWaitMs: number;
  prepareMs: number;
}

export async function measureRaw(store: Store, files: string[]): Promise<RawResult> {
  const prepStarted = performance.now();
  const [source] = await store.session((s) =>
    s.query<{ id: string }>(
      `INSERT INTO ingest_source (id, kind, file_name, sha256, size_bytes, status, via) VALUES (gen_random_uuid(), 'cloudtrail', 'bench-raw', 'bench', 0, 'done', 'cli') RETURNING id::text AS id`,
    ),
  );
  const { batches, events, days } = await prepareRawBatches(files, source.id);
  // The partitions the rows need (the ingest creates them per batch; here, untimed, up front).
  await store.session((s) => ensureEventPartitions(s, days));
  const prepareMs = performance.now() - prepStarted;

  let parsed = 0;
  let parseMs = 0;
  let copyWaitMs = 0;
  let copied = 0;
  const started = performance.now();
  await store.session(async (s) => {
    let inFlight: Promise<number> | null = null;
    let b = 0;
    const wait = async () => {
      if (!inFlight) return;
      const t = performance.now();
      copied += await inFlight;
      copyWaitMs += performance.now() - t;
      inFlight = null;
    };
    for (let f = 0; f < files.length; f++) {
      const t = performance.now();
      const doc = JSON.parse(gunzipSync(await readFile(files[f])).toString("utf8")) as { Records: unknown[] };
      parsed += doc.Records.length;
      parseMs += performance.now() - t;
      while (b < batches.length && batches[b].afterFile <= f) {
        await wait();
        inFlight = s.copyText("cloudtrail_event", [...EVENT_COPY_COLUMNS], batches[b].data);
        b++;
      }
    }
    await wait();
  });
  const ms = performance.now() - started;
  if (parsed !== events || copied !== events)
    throw new Error(`raw limit: parsed ${parsed}, prepared ${events}, copied ${copied} rows — expected them equal`);
  return { records: events, ms, eventsPerSec: events / (ms / 1000), parseMs, copyWaitMs, prepareMs };
}
