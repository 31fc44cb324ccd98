import { z } from "zod";
import { NormalizedEvent } from "@/lib/model/cloudtrail-event";
import { QuarantineItem, RecordPosition, SkipItem } from "@/lib/model/ingest-item";
import { CloudTrailFormat, DETECT_HEAD_BYTES, describeUnrecognised, detectCloudTrailFormat } from "./detect";
import { type DecompressState, decompress } from "./gzip";
import { JsonSplitter, type SplitMode, type SplitPiece } from "./json-split";
import { type LinePiece, LineSplitter } from "./line-split";
import { normalizeRecord } from "./normalize";
import { parseJsonTolerant } from "./parse-json";
import { unwrapElement } from "./unwrap";

/**
 * One item of readCloudTrail's output. The first item is always `{type:"format"}` (null = unrecognised);
 * every record read afterwards becomes exactly one `event`, `quarantine` or `skip`, so
 * events + quarantined + skipped = records read.
 */
export const CloudTrailItem = z.discriminatedUnion("type", [
  z.object({ type: z.literal("format"), format: CloudTrailFormat.nullable() }),
  z.object({
    type: z.literal("event"),
    position: RecordPosition,
    event: NormalizedEvent,
    /** The record's own JSON text when `event.raw` is exactly that text parsed (no envelope, no repair): storing it
     * keeps the original as written and saves re-serialising. */
    rawJson: z.string().optional(),
  }),
  z.object({ type: z.literal("quarantine"), item: QuarantineItem }),
  z.object({ type: z.literal("skip"), item: SkipItem }),
]);
export type CloudTrailItem = z.infer<typeof CloudTrailItem>;

export const ReadCloudTrailOptions = z.object({
  /** Used for detection hints (`.jsonl`, `.yml`, `CloudTrail-Digest`) and nothing else. */
  fileName: z.string(),
  /** Skip detection and read as this format. */
  format: CloudTrailFormat.optional(),
});
export type ReadCloudTrailOptions = z.infer<typeof ReadCloudTrailOptions>;

/** Returned by the generator when it finishes (available to callers that drive it with `.next()`). */
export interface ReadSummary {
  format: CloudTrailFormat | null;
  records: number;
  events: number;
  quarantined: number;
  skipped: number;
  gzip: boolean;
  /** Decompressed bytes read. */
  bytes: number;
  /** Non-fatal oddities (missing commas between elements, unclosed brackets…). */
  warnings: string[];
}

/** Quarantined rawText longer than this is cut (the store truncates further if it wants). */
export const MAX_RAW_TEXT = 1024 * 1024;

const SPLIT_MODES: Record<Exclude<CloudTrailFormat, "cloudtrail-jsonl" | "cloudtrail-digest">, SplitMode> = {
  "cloudtrail-records": { kind: "keyed", key: "Records" },
  "lookup-events": { kind: "keyed", key: "Events" },
  "cloudtrail-lake": { kind: "keyed", key: "QueryResultRows" },
  "cloudtrail-array": { kind: "values" },
  "cloudtrail-record": { kind: "values" },
  eventbridge: { kind: "values" },
};

function cap(text: string): string {
  return text.length > MAX_RAW_TEXT ? text.slice(0, MAX_RAW_TEXT) : text;
}

type Piece = SplitPiece | ({ kind: "element" } & LinePiece);

/**
 * Read a CloudTrail file of any supported layout (plain or gzip) as a stream of items. Memory stays bounded
 * by the largest single record: the input is split element by element and never parsed as a whole.
 * Positions: `index` counts records (0-based) across the file; `line` is the 1-based line where the record
 * starts (for JSON-lines this is the record's line; for JSON documents, the line of its first byte).
 */
export async function* readCloudTrail(
  chunks: AsyncIterable<Uint8Array>,
  opts: ReadCloudTrailOptions,
): AsyncGenerator<CloudTrailItem, ReadSummary> {
  const options = ReadCloudTrailOptions.parse(opts);
  const state: DecompressState = { gzip: false, compressedBytes: 0, outputBytes: 0, gzipError: null, truncated: false };
  const input = decompress(chunks, state)[Symbol.asyncIterator]();
  const summary: ReadSummary = { format: null, records: 0, events: 0, quarantined: 0, skipped: 0, gzip: false, bytes: 0, warnings: [] };

  // Buffer the head for detection (never more than one chunk past DETECT_HEAD_BYTES).
  const head: Buffer[] = [];
  let headLen = 0;
  while (headLen < DETECT_HEAD_BYTES) {
    const r = await input.next();
    if (r.done) break;
    head.push(r.value);
    headLen += r.value.length;
  }
  stripBom(head);
  const headText = Buffer.concat(head).subarray(0, DETECT_HEAD_BYTES).toString("utf8");
  const format = options.format ?? detectCloudTrailFormat(headText, options.fileName);
  summary.format = format;
  summary.gzip = state.gzip;
  yield { type: "format", format };

  const quarantine = (position: RecordPosition, reason: string, rawText: string): CloudTrailItem => {
    summary.records++;
    summary.quarantined++;
    return { type: "quarantine", item: { position, reason, rawText: cap(rawText) } };
  };

  if (format === null || format === "cloudtrail-digest") {
    void input.return?.(undefined);
    summary.bytes = state.outputBytes;
    if (format === null) {
      const why = describeUnrecognised(headText, options.fileName);
      yield quarantine({ index: 0, line: 1 }, state.gzipError ? `${gzipReason(state)}; ${why}` : why, headText);
    } else {
      summary.records++;
      summary.skipped++;
      yield { type: "skip", item: { position: { index: 0, line: 1 }, reason: "CloudTrail digest file: not an event log" } };
    }
    return summary;
  }

  const readFormat = format;
  const splitter = makeSplitter(readFormat);
  function* handle(pieces: Piece[]): Generator<CloudTrailItem> {
    for (const p of pieces) {
      if (p.kind === "warning") {
        summary.warnings.push(p.message);
        continue;
      }
      const position = { index: summary.records, line: p.line };
      const where = `record ${position.index} (line ${p.line})`;
      if (p.kind === "stray") yield quarantine(position, `${p.reason} at ${where}`, p.text);
      else if (p.kind === "fatal") yield quarantine(position, `${p.reason} (${p.bytes} bytes from ${where})`, p.text);
      else if (p.kind === "incomplete") {
        const why = state.gzipError ? gzipReason(state) : "input ended inside this record (truncated file?)";
        yield quarantine(position, why, p.text);
      } else if (p.truncated) {
        yield quarantine(position, `${where} is ${p.bytes} bytes, over the per-record limit: not parsed`, p.text);
      } else {
        yield* handleElement(p.text, position, where);
      }
    }
  }

  function* handleElement(text: string, position: RecordPosition, where: string): Generator<CloudTrailItem> {
    const parsed = parseJsonTolerant(text);
    if (!parsed.ok) {
      yield quarantine(position, `invalid JSON at ${where}: ${parsed.error}`, text);
      return;
    }
    const unwrapped = unwrapElement(parsed.value, readFormat);
    if (unwrapped.kind === "skip") {
      summary.records++;
      summary.skipped++;
      yield { type: "skip", item: { position, reason: unwrapped.reason } };
      return;
    }
    if (unwrapped.kind === "quarantine") {
      yield quarantine(position, `${unwrapped.reason} at ${where}`, text);
      return;
    }
    const result = normalizeRecord(unwrapped.record, unwrapped.fallbacks);
    if (!result.ok) {
      yield quarantine(position, `${result.reason} at ${where}`, text);
      return;
    }
    summary.records++;
    summary.events++;
    const own = !parsed.repaired && unwrapped.record === parsed.value;
    yield own ? { type: "event", position, event: result.event, rawJson: text } : { type: "event", position, event: result.event };
  }

  let sawIncomplete = false;
  const track = (pieces: Piece[]): Piece[] => {
    if (pieces.some((p) => p.kind === "incomplete")) sawIncomplete = true;
    return pieces;
  };
  for (const b of head) yield* handle(track(splitter.push(b)));
  for (let r = await input.next(); !r.done; r = await input.next()) yield* handle(track(splitter.push(r.value)));
  yield* handle(track(splitter.end(state.gzipError !== null)));
  if (state.gzipError && !sawIncomplete) {
    yield quarantine({ index: summary.records, line: null }, gzipReason(state), "");
  }
  summary.bytes = state.outputBytes;
  return summary;
}

interface Splitter {
  push(b: Buffer): Piece[];
  /** `cut`: the input was cut short, so a last unterminated line is incomplete rather than a record. */
  end(cut: boolean): Piece[];
}

function makeSplitter(format: Exclude<CloudTrailFormat, "cloudtrail-digest">): Splitter {
  if (format === "cloudtrail-jsonl") {
    const lines = new LineSplitter();
    return {
      push: (b) => lines.push(b).map((p) => ({ kind: "element" as const, ...p })),
      end: (cut) => lines.end().map((p) => ({ kind: cut ? ("incomplete" as const) : ("element" as const), ...p })),
    };
  }
  const json = new JsonSplitter(SPLIT_MODES[format]);
  return { push: (b) => json.push(b), end: () => json.end() };
}

function gzipReason(state: DecompressState): string {
  const what = state.truncated ? "truncated gzip" : `corrupt gzip (${state.gzipError})`;
  return `${what}: stream ended after ${state.compressedBytes} bytes (${state.outputBytes} bytes decompressed)`;
}

function stripBom(head: Buffer[]): void {
  const b = head[0];
  if (b && b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) head[0] = b.subarray(3);
}
