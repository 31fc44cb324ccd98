import type { NormalizedEvent } from "@/lib/model/cloudtrail-event";
import type { SqlSession } from "@/lib/db";
import { csvRow } from "./csv";

/** Columns written by COPY, in order (see prisma/schema.prisma model CloudTrailEvent). */
const COLUMNS = [
  "event_id", "event_time", "account_id", "region", "partition", "event_source", "event_name", "event_type", "event_category",
  "principal_arn", "principal_type", "session_name", "role_arn", "human_name", "source_identity", "access_key_id", "user_agent",
  "source_ip", "read_only", "error_code", "error_message", "executed", "request_id", "resources", "risk", "content_hash",
  "search_text", "raw", "source_id", "record_index",
] as const;

const STAGE_DDL = (name: string) => `CREATE TEMP TABLE IF NOT EXISTS ${name} (
  event_id text, event_time timestamptz(3), account_id text, region text, partition text, event_source text, event_name text,
  event_type text, event_category text, principal_arn text, principal_type text, session_name text, role_arn text, human_name text,
  source_identity text, access_key_id text, user_agent text, source_ip text, read_only boolean, error_code text, error_message text,
  executed boolean, request_id text, resources text[], risk text, content_hash text, search_text text, raw jsonb, source_id uuid,
  record_index int)`;

/** Lower-cased text the free-text filter searches: names, principals, resources, codes. */
export function searchTextOf(e: NormalizedEvent): string {
  return [e.eventName, e.eventSource, e.principalArn, e.sessionName, e.humanName, e.roleArn, e.sourceIdentity, e.accessKeyId, e.sourceIp, e.errorCode, e.userAgent, ...e.resources]
    .filter(Boolean)
    .join(" ")
    .toLowerCase();
}

export function eventCsvRow(e: NormalizedEvent, sourceId: string, recordIndex: number): string {
  return csvRow([
    e.eventId, new Date(e.eventTime), e.accountId, e.region, e.partition, e.eventSource, e.eventName, e.eventType, e.eventCategory,
    e.principalArn, e.principalType, e.sessionName, e.roleArn, e.humanName, e.sourceIdentity, e.accessKeyId, e.userAgent,
    e.sourceIp, e.readOnly, e.errorCode, e.errorMessage, e.executed, e.requestId, e.resources, e.risk, e.contentHash,
    searchTextOf(e), JSON.stringify(e.raw), sourceId, recordIndex,
  ]);
}

export type BatchResult = { staged: number; inserted: number; conflicts: number; minTime: number | null; maxTime: number | null };

/**
 * Writes normalized events in batches: COPY into a session temp table, then one INSERT … ON CONFLICT DO NOTHING
 * into cloudtrail_event (the same eventID is stored once; a second copy with other content is recorded in
 * event_conflict and the first is kept). Each batch is one statement, so a killed ingest re-run converges.
 */
export class CloudTrailWriter {
  private rows: string[] = [];
  private bytes = 0;
  private inFlight: Promise<BatchResult> | null = null;
  private stage: string;
  private ready = false;
  readonly totals: BatchResult = { staged: 0, inserted: 0, conflicts: 0, minTime: null, maxTime: null };
  private encoder = new TextEncoder();
  private pendingMin: number | null = null;
  private pendingMax: number | null = null;

  constructor(
    private readonly session: SqlSession,
    private readonly sourceId: string,
    private readonly batchRows = 5000,
  ) {
    this.stage = `stage_ct_${sourceId.replace(/-/g, "")}`;
  }

  /** Adds one event; flushes a full batch in the background (at most one batch in flight). */
  async add(event: NormalizedEvent, recordIndex: number): Promise<void> {
    const row = eventCsvRow(event, this.sourceId, recordIndex);
    this.rows.push(row);
    this.bytes += row.length;
    this.pendingMin = this.pendingMin === null ? event.eventTime : Math.min(this.pendingMin, event.eventTime);
    this.pendingMax = this.pendingMax === null ? event.eventTime : Math.max(this.pendingMax, event.eventTime);
    if (this.rows.length >= this.batchRows || this.bytes > 32 * 1024 * 1024) await this.flush(false);
  }

  /** Sends the current batch; with wait=true also waits for everything sent so far. */
  async flush(wait = true): Promise<void> {
    if (this.inFlight) this.accumulate(await this.inFlight);
    this.inFlight = null;
    if (this.rows.length) {
      const csv = this.encoder.encode(this.rows.join(""));
      const count = this.rows.length;
      const range = { min: this.pendingMin, max: this.pendingMax };
      this.rows = [];
      this.bytes = 0;
      this.pendingMin = this.pendingMax = null;
      this.inFlight = this.writeBatch(csv, count, range);
    }
    if (wait && this.inFlight) {
      this.accumulate(await this.inFlight);
      this.inFlight = null;
    }
  }

  async close(): Promise<void> {
    await this.flush(true);
    if (this.ready) await this.session.exec(`DROP TABLE IF EXISTS ${this.stage}`);
  }

  private accumulate(r: BatchResult) {
    this.totals.staged += r.staged;
    this.totals.inserted += r.inserted;
    this.totals.conflicts += r.conflicts;
    if (r.minTime !== null) this.totals.minTime = this.totals.minTime === null ? r.minTime : Math.min(this.totals.minTime, r.minTime);
    if (r.maxTime !== null) this.totals.maxTime = this.totals.maxTime === null ? r.maxTime : Math.max(this.totals.maxTime, r.maxTime);
  }

  private async writeBatch(csv: Uint8Array, count: number, range: { min: number | null; max: number | null }): Promise<BatchResult> {
    const s = this.session;
    if (!this.ready) {
      await s.exec(STAGE_DDL(this.stage));
      this.ready = true;
    }
    await s.exec(`TRUNCATE ${this.stage}`);
    await s.copyCsv(this.stage, [...COLUMNS], csv);
    const cols = COLUMNS.join(", ");
    const [ins] = await s.query<{ n: number }>(
      `WITH ins AS (
         INSERT INTO cloudtrail_event (${cols})
         SELECT DISTINCT ON (event_id) ${cols} FROM ${this.stage} ORDER BY event_id, record_index
         ON CONFLICT (event_id) DO NOTHING RETURNING 1)
       SELECT count(*)::int AS n FROM ins`,
    );
    // Every staged row went in: no duplicate, so no conflict to look for.
    if ((ins?.n ?? 0) === count) return { staged: count, inserted: count, conflicts: 0, minTime: range.min, maxTime: range.max };
    const [conf] = await s.query<{ n: number }>(
      `WITH c AS (
         SELECT s.event_id, s.source_id, s.record_index, e.content_hash AS existing_hash, s.content_hash AS new_hash, s.raw
         FROM ${this.stage} s JOIN cloudtrail_event e ON e.event_id = s.event_id
         WHERE e.content_hash <> s.content_hash),
       ins AS (
         INSERT INTO event_conflict (event_id, source_id, record_index, existing_hash, new_hash, raw)
         SELECT DISTINCT ON (event_id, new_hash) event_id, source_id, record_index, existing_hash, new_hash, raw FROM c
         ORDER BY event_id, new_hash, record_index
         ON CONFLICT (event_id, new_hash) DO NOTHING RETURNING 1)
       SELECT (SELECT count(*)::int FROM c) AS n`,
    );
    return { staged: count, inserted: ins?.n ?? 0, conflicts: conf?.n ?? 0, minTime: range.min, maxTime: range.max };
  }
}
