import { searchIdsOf } from "@/lib/events/search-terms";
import type { NormalizedEvent } from "@/lib/model/cloudtrail-event";
import { countEvent, type RollupCounts } from "@/lib/rollup/counts";
import { CopyTextBuffer } from "./copy-text-buffer";
import { jsonbSafeText } from "./jsonb-text";

/**
 * A normalized CloudTrail event as one row for `COPY cloudtrail_event … (FORMAT text)`. Pure (no database), so parse workers
 * build the rows and the main thread only forwards bytes.
 */

/** Columns written by COPY, in `writeEventCopyText` order (see prisma/schema.prisma model CloudTrailEvent). */
export const EVENT_COPY_COLUMNS = [
  "event_id",
  "event_time",
  "account_id",
  "region",
  "partition",
  "event_source",
  "event_name",
  "event_type",
  "event_category",
  "principal_arn",
  "principal_type",
  "session_name",
  "role_arn",
  "human_name",
  "source_identity",
  "access_key_id",
  "user_agent",
  "source_ip",
  "read_only",
  "error_code",
  "error_message",
  "executed",
  "request_id",
  "resources",
  "risk",
  "search_text",
  "search_ids",
  "raw",
  "source_id",
  "record_index",
] as const;

/** Lower-cased text the free-text filter searches: names, principals, resources, codes. */
export function searchTextOf(e: NormalizedEvent): string {
  return [
    e.eventName,
    e.eventSource,
    e.principalArn,
    e.sessionName,
    e.humanName,
    e.roleArn,
    e.sourceIdentity,
    e.accessKeyId,
    e.sourceIp,
    e.errorCode,
    e.userAgent,
    ...e.resources,
  ]
    .filter(Boolean)
    .join(" ")
    .toLowerCase();
}

/**
 * Writes one event as a row in COPY text format. `rawJson`: the record's original JSON text when the reader has it (see
 * readCloudTrail's `rawJson`); otherwise the parsed record is serialised. Either way escapes jsonb refuses are
 * neutralised (jsonbSafeText).
 */
export function writeEventCopyText(out: CopyTextBuffer, e: NormalizedEvent, sourceId: string, recordIndex: number, rawJson?: string): void {
  const searchText = searchTextOf(e);
  out
    .text(e.eventId)
    .text(new Date(e.eventTime).toISOString())
    .text(e.accountId)
    .text(e.region)
    .text(e.partition)
    .text(e.eventSource)
    .text(e.eventName)
    .text(e.eventType)
    .text(e.eventCategory)
    .text(e.principalArn)
    .text(e.principalType)
    .text(e.sessionName)
    .text(e.roleArn)
    .text(e.humanName)
    .text(e.sourceIdentity)
    .text(e.accessKeyId)
    .text(e.userAgent)
    .text(e.sourceIp)
    .value(e.readOnly)
    .text(e.errorCode)
    .text(e.errorMessage)
    .value(e.executed)
    .text(e.requestId)
    .value(e.resources)
    .text(e.risk)
    .text(searchText)
    .value(searchIdsOf(searchText))
    .text(jsonbSafeText(rawJson ?? JSON.stringify(e.raw)))
    .text(sourceId)
    .value(recordIndex)
    .endRow();
}

/**
 * What a chunk of rows covers, carried from the parse workers to the writer (plain data: it crosses postMessage).
 * The writer creates partitions for `days` before the rows go in (lib/partitions).
 */
export type EventChunkMeta = {
  rows: number;
  /** earliest / latest eventTime, ms */
  minTime: number;
  maxTime: number;
  /** the UTC days (days since 1970-01-01, lib/partitions/plan dayOf) the rows' eventTimes fall on, ascending */
  days: number[];
};

/** One COPY-ready chunk of rows (UTF-8, COPY text format) and what it covers. */
export type EventCopyChunk = EventChunkMeta & {
  /** COPY text-format bytes */
  data: Uint8Array;
  /** the rows counted per rollup key (lib/rollup/counts.ts) */
  rollup: RollupCounts;
};

const DAY_MS = 86_400_000;

/** Collects rows into chunks of at most `maxRows` rows or about `maxBytes` bytes. */
export class EventCopyTextBatcher {
  private readonly out = new CopyTextBuffer();
  private rows = 0;
  private minTime = Infinity;
  private maxTime = -Infinity;
  private rollup: RollupCounts = new Map();
  private days = new Set<number>();

  constructor(
    private readonly maxRows = 5000,
    private readonly maxBytes = 16 * 1024 * 1024,
  ) {}

  /** Adds an event; returns a full chunk when this event completes one. */
  add(e: NormalizedEvent, sourceId: string, recordIndex: number, rawJson?: string): EventCopyChunk | null {
    writeEventCopyText(this.out, e, sourceId, recordIndex, rawJson);
    this.rows++;
    if (e.eventTime < this.minTime) this.minTime = e.eventTime;
    if (e.eventTime > this.maxTime) this.maxTime = e.eventTime;
    countEvent(this.rollup, e);
    this.days.add(Math.floor(e.eventTime / DAY_MS));
    return this.rows >= this.maxRows || this.out.byteLength >= this.maxBytes ? this.take() : null;
  }

  /** The rows collected so far as a chunk (null when there are none). */
  take(): EventCopyChunk | null {
    if (!this.rows) return null;
    const days = [...this.days].sort((a, b) => a - b);
    const chunk: EventCopyChunk = {
      data: this.out.take(),
      rows: this.rows,
      minTime: this.minTime,
      maxTime: this.maxTime,
      days,
      rollup: this.rollup,
    };
    this.rollup = new Map();
    this.rows = 0;
    this.days = new Set();
    this.minTime = Infinity;
    this.maxTime = -Infinity;
    return chunk;
  }
}
