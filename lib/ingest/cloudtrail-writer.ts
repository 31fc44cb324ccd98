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

export type SourceTotals = { staged: number; inserted: number; conflicts: number };

/**
 * Writes normalized events in batches: COPY into a session temp table, then one INSERT … ON CONFLICT DO NOTHING
 * into cloudtrail_event (the same eventID is stored once; a second copy with other content is recorded in
 * event_conflict and the first is kept). Each batch is one statement, so a killed ingest re-run converges.
 * One writer serves every file of a run: batches cross file boundaries (no stall at the end of each file) and the
 * counts are kept per ingest source.
 */
export class CloudTrailWriter {
  private rows: string[] = [];
  private bytes = 0;
  private stagedBySource = new Map<string, number>();
  private inFlight: Promise<Map<string, SourceTotals>> | null = null;
  private readonly stage: string;
  private ready = false;
  private readonly totals = new Map<string, SourceTotals>();
  private encoder = new TextEncoder();
  inserted = 0;

  constructor(
    private readonly session: SqlSession,
    stageKey: string,
    private readonly batchRows = 5000,
  ) {
    this.stage = `stage_ct_${stageKey.replace(/[^a-zA-Z0-9]/g, "")}`;
  }

  /** Counts for one source (complete once the writer is flushed). */
  totalsFor(sourceId: string): SourceTotals {
    return this.totals.get(sourceId) ?? { staged: 0, inserted: 0, conflicts: 0 };
  }

  /** Adds one event; flushes a full batch in the background (at most one batch in flight). */
  async add(event: NormalizedEvent, sourceId: string, recordIndex: number): Promise<void> {
    const row = eventCsvRow(event, sourceId, recordIndex);
    this.rows.push(row);
    this.bytes += row.length;
    this.stagedBySource.set(sourceId, (this.stagedBySource.get(sourceId) ?? 0) + 1);
    if (this.rows.length >= this.batchRows || this.bytes > 32 * 1024 * 1024) await this.flush(false);
  }

  /** Sends the current batch; with wait=true also waits for everything sent so far. */
  async flush(wait = true): Promise<void> {
    if (this.inFlight) this.accumulate(await this.inFlight);
    this.inFlight = null;
    if (this.rows.length) {
      const csv = this.encoder.encode(this.rows.join(""));
      const staged = this.stagedBySource;
      this.rows = [];
      this.bytes = 0;
      this.stagedBySource = new Map();
      this.inFlight = this.writeBatch(csv, staged);
    }
    if (wait && this.inFlight) {
      this.accumulate(await this.inFlight);
      this.inFlight = null;
    }
  }

  async close(): Promise<void> {
    await this.flush(true);
    if (this.ready) await this.session.exec(`DROP TABLE IF EXISTS ${this.stage}`);
    this.ready = false;
  }

  private accumulate(batch: Map<string, SourceTotals>) {
    for (const [source, r] of batch) {
      const t = this.totals.get(source) ?? { staged: 0, inserted: 0, conflicts: 0 };
      t.staged += r.staged;
      t.inserted += r.inserted;
      t.conflicts += r.conflicts;
      this.totals.set(source, t);
      this.inserted += r.inserted;
    }
  }

  private async writeBatch(csv: Uint8Array, staged: Map<string, number>): Promise<Map<string, SourceTotals>> {
    const s = this.session;
    if (!this.ready) {
      await s.exec(STAGE_DDL(this.stage));
      this.ready = true;
    }
    await s.exec(`TRUNCATE ${this.stage}`);
    await s.copyCsv(this.stage, [...COLUMNS], csv);
    const cols = COLUMNS.join(", ");
    const inserted = await s.query<{ s: string; n: number }>(
      `WITH ins AS (
         INSERT INTO cloudtrail_event (${cols})
         SELECT DISTINCT ON (event_id) ${cols} FROM ${this.stage} ORDER BY event_id, record_index
         ON CONFLICT (event_id) DO NOTHING RETURNING source_id)
       SELECT source_id::text AS s, count(*)::int AS n FROM ins GROUP BY 1`,
    );
    const out = new Map<string, SourceTotals>();
    for (const [source, n] of staged) out.set(source, { staged: n, inserted: 0, conflicts: 0 });
    let total = 0;
    for (const r of inserted) {
      out.get(r.s)!.inserted = r.n;
      total += r.n;
    }
    let stagedTotal = 0;
    for (const n of staged.values()) stagedTotal += n;
    // Every staged row went in: no duplicate, so no conflict to look for.
    if (total === stagedTotal) return out;
    const conflicts = await s.query<{ s: string; n: number }>(
      `WITH c AS (
         SELECT s.event_id, s.source_id, s.record_index, e.content_hash AS existing_hash, s.content_hash AS new_hash, s.raw
         FROM ${this.stage} s JOIN cloudtrail_event e ON e.event_id = s.event_id
         WHERE e.content_hash <> s.content_hash),
       ins AS (
         INSERT INTO event_conflict (event_id, source_id, record_index, existing_hash, new_hash, raw)
         SELECT DISTINCT ON (event_id, new_hash) event_id, source_id, record_index, existing_hash, new_hash, raw FROM c
         ORDER BY event_id, new_hash, record_index
         ON CONFLICT (event_id, new_hash) DO NOTHING RETURNING 1)
       SELECT source_id::text AS s, count(*)::int AS n FROM c GROUP BY 1`,
    );
    for (const r of conflicts) out.get(r.s)!.conflicts = r.n;
    return out;
  }
}
