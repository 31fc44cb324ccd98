import "server-only";
import { contentHash } from "@/lib/cloudtrail/canonical";
import { isDeadlock, isUniqueViolation, type SqlSession } from "@/lib/db";
import { daysCovered, ensureEventPartitions, isMissingPartition } from "@/lib/partitions/mutations";
import type { EventPartition } from "@/lib/partitions/queries";
import { mergeCounts, type RollupCounts, rollupRows } from "@/lib/rollup/counts";
import { eventRollupSource, jsonRollupSource, rollupUpsertCtes } from "@/lib/rollup/sql";
import { EVENT_COPY_COLUMNS, type EventCopyChunk } from "./event-copy-text";
import { jsonbSafeText } from "./jsonb-text";

const COLUMNS = [...EVENT_COPY_COLUMNS];

const STAGE_DDL = (name: string) => `CREATE TEMP TABLE IF NOT EXISTS ${name} (
  event_id text, event_time timestamptz(3), account_id text, region text, partition text, event_source text, event_name text,
  event_type text, event_category text, principal_arn text, principal_type text, session_name text, role_arn text, human_name text,
  source_identity text, access_key_id text, user_agent text, source_ip text, read_only boolean, error_code text, error_message text,
  executed boolean, request_id text, resources text[], risk text, search_text text, search_ids text[], raw jsonb, source_id uuid,
  record_index int)`;

export type SourceTotals = { staged: number; inserted: number; conflicts: number };

/** Fast path: the rollup counts the parse built (every row goes in), in the COPY's transaction. */
const FAST_ROLLUP_SQL = `WITH ${rollupUpsertCtes(jsonRollupSource("$1"))} SELECT 1 AS ok`;

/** Times the slow path's INSERT is retried after losing a deadlock (each try is one statement: all or nothing). */
const DEADLOCK_RETRIES = 5;

/**
 * Runs a single-statement write again when PostgreSQL picked it as a deadlock victim: the other transaction (an
 * ingest's fast-path COPY, whose rows are in file order, not key order) commits meanwhile, and the retry then sees its
 * rows as duplicates. A short random pause lets it finish first.
 */
async function retryOnDeadlock<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (e) {
      if (!isDeadlock(e) || attempt > DEADLOCK_RETRIES) throw e;
      await new Promise((r) => setTimeout(r, 20 * attempt + Math.random() * 50));
    }
  }
}

/** Rows per COPY batch (a run's first batch is smaller, FIRST_BATCH_ROWS). */
export const WRITER_BATCH_ROWS = 5000;

/** Rows in a run's first batch (the rest are `batchRows`). */
const FIRST_BATCH_ROWS = 1000;

/** After this many staged batches in a row without a duplicate, the writer goes back to COPYing straight in. */
const CLEAN_BATCHES_BEFORE_DIRECT = 2;

/**
 * Writes COPY text-format chunks of normalized events (see event-copy-text.ts) in batches, one statement per batch, so a killed
 * ingest re-run converges:
 * - partitions first: cloudtrail_event is partitioned by event_time; before a batch is written, a partition exists for
 *   every day its rows fall on (lib/partitions; the writer remembers what it has seen, and if retention dropped one
 *   meanwhile the batch is retried once after creating it again).
 * - fast path: COPY straight into cloudtrail_event. The unique key (event_id, event_time) makes the COPY fail whole on
 *   the first duplicate (nothing of it is kept); the batch is then written by the slow path.
 * - slow path: COPY into a session temp table, then one INSERT … ON CONFLICT (event_id, event_time) DO NOTHING into
 *   cloudtrail_event (the same eventID is stored once; a second copy with other content is recorded in event_conflict,
 *   the first kept). A row whose eventID is stored with another eventTime is a conflict too: it is not inserted.
 *   The fast path cannot see that case (no unique index can span partitions): an eventID arriving with another
 *   eventTime in a batch without any exact duplicate is stored a second time (README "Partitions, retention").
 *   After a duplicate the writer stays on the slow path until batches come through clean again (a re-ingest is
 *   duplicates from end to end; new data has none).
 * Either path adds the rows it stored to the rollup (lib/rollup) atomically with them: the fast path in the COPY's
 * transaction from the counts the parse built; the slow path in the INSERT's own statement from its RETURNING rows,
 * so duplicates are never counted and a killed ingest leaves rollup == events.
 * One writer serves every file of a run: batches cross file boundaries, at most one batch is in flight while the
 * next is collected, and the counts are kept per ingest source.
 */
export class CloudTrailWriter {
  private parts: Uint8Array[] = [];
  private rows = 0;
  private bytes = 0;
  private stagedBySource = new Map<string, number>();
  private rollup: RollupCounts = new Map();
  private days = new Set<number>();
  /** Partitions this writer has seen exist (a cache; refreshed when a batch needs one it does not list). */
  private partitions: EventPartition[] = [];
  private inFlight: Promise<Map<string, SourceTotals>> | null = null;
  private readonly stage: string;
  private ready = false;
  private direct = true;
  private cleanBatches = 0;
  private readonly totals = new Map<string, SourceTotals>();
  inserted = 0;
  /** Batches written by the fast path / the slow path (for benchmarks and tests). */
  readonly batches = { direct: 0, staged: 0 };

  constructor(
    private readonly session: SqlSession,
    stageKey: string,
    private readonly batchRows = WRITER_BATCH_ROWS,
    private readonly batchBytes = 32 * 1024 * 1024,
  ) {
    this.stage = `stage_ct_${stageKey.replace(/[^a-zA-Z0-9]/g, "")}`;
  }

  /** Counts for one source (complete once the writer is flushed). */
  totalsFor(sourceId: string): SourceTotals {
    return this.totals.get(sourceId) ?? { staged: 0, inserted: 0, conflicts: 0 };
  }

  /** Adds a chunk of COPY text rows, all of `sourceId`; sends a full batch in the background (at most one in flight). */
  async addCopyText(chunk: EventCopyChunk, sourceId: string): Promise<void> {
    const { data, rows } = chunk;
    if (!rows) return;
    this.parts.push(data);
    this.rows += rows;
    this.bytes += data.byteLength;
    mergeCounts(this.rollup, chunk.rollup);
    for (const d of chunk.days) this.days.add(d);
    this.stagedBySource.set(sourceId, (this.stagedBySource.get(sourceId) ?? 0) + rows);
    // The first batch is smaller, so the database starts working while the parse is still warming up.
    const target =
      this.batches.direct + this.batches.staged + (this.inFlight ? 1 : 0) === 0
        ? Math.min(this.batchRows, FIRST_BATCH_ROWS)
        : this.batchRows;
    if (this.rows >= target || this.bytes >= this.batchBytes) await this.flush(false);
  }

  /** Sends the current batch; with wait=true also waits for everything sent so far. */
  async flush(wait = true): Promise<void> {
    if (this.inFlight) this.accumulate(await this.inFlight);
    this.inFlight = null;
    if (this.rows) {
      const data = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts);
      const staged = this.stagedBySource;
      const rollup = this.rollup;
      this.rollup = new Map();
      const days = this.days;
      this.parts = [];
      this.rows = 0;
      this.bytes = 0;
      this.stagedBySource = new Map();
      this.days = new Set();
      this.inFlight = this.writeBatchIn(data, staged, days, rollup);
      // Awaited by the next flush; marked handled now so a failure before then is not an unhandled rejection.
      this.inFlight.catch(() => undefined);
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

  /** Called after each batch is committed, with the sources it held (their totalsFor are current). */
  onBatch: ((sourceIds: string[]) => void) | null = null;

  private accumulate(batch: Map<string, SourceTotals>) {
    for (const [source, r] of batch) {
      const t = this.totals.get(source) ?? { staged: 0, inserted: 0, conflicts: 0 };
      t.staged += r.staged;
      t.inserted += r.inserted;
      t.conflicts += r.conflicts;
      this.totals.set(source, t);
      this.inserted += r.inserted;
    }
    this.onBatch?.([...batch.keys()]);
  }

  /** Makes sure the batch's partitions exist, then writes it; once more after re-creating one that vanished. */
  private async writeBatchIn(
    data: Uint8Array,
    staged: Map<string, number>,
    days: Set<number>,
    rollup: RollupCounts,
  ): Promise<Map<string, SourceTotals>> {
    if (!daysCovered(days, this.partitions)) this.partitions = await ensureEventPartitions(this.session, days);
    try {
      return await this.writeBatch(data, staged, rollup);
    } catch (e) {
      if (!isMissingPartition(e)) throw e;
      this.partitions = await ensureEventPartitions(this.session, days);
      return this.writeBatch(data, staged, rollup);
    }
  }

  private async writeBatch(data: Uint8Array, staged: Map<string, number>, rollup: RollupCounts): Promise<Map<string, SourceTotals>> {
    if (this.direct) {
      try {
        // New events have no links yet (links are made from stored events), so agent_linked is false in these counts.
        await this.session.copyTextThen("cloudtrail_event", COLUMNS, data, FAST_ROLLUP_SQL, [
          jsonbSafeText(JSON.stringify(rollupRows(rollup))),
        ]);
        this.batches.direct++;
        const out = new Map<string, SourceTotals>();
        for (const [source, n] of staged) out.set(source, { staged: n, inserted: n, conflicts: 0 });
        return out;
      } catch (e) {
        // a duplicate, or a deadlock with another ingest COPYing some of the same keys in another order: either way
        // nothing of the batch was kept, and the slow path writes it
        if (!isUniqueViolation(e) && !isDeadlock(e)) throw e;
        this.direct = false;
        this.cleanBatches = 0;
      }
    }
    const out = await this.writeStaged(data, staged);
    this.batches.staged++;
    let clean = true;
    for (const t of out.values()) if (t.inserted !== t.staged) clean = false;
    this.cleanBatches = clean ? this.cleanBatches + 1 : 0;
    if (this.cleanBatches >= CLEAN_BATCHES_BEFORE_DIRECT) this.direct = true;
    return out;
  }

  private async writeStaged(data: Uint8Array, staged: Map<string, number>): Promise<Map<string, SourceTotals>> {
    const s = this.session;
    if (!this.ready) {
      await s.exec(STAGE_DDL(this.stage));
      this.ready = true;
    }
    await s.exec(`TRUNCATE ${this.stage}`);
    await s.copyText(this.stage, COLUMNS, data);
    const cols = COLUMNS.join(", ");
    const inserted = await retryOnDeadlock(() =>
      s.query<{ s: string; n: number }>(
        `WITH ins AS (
         INSERT INTO cloudtrail_event (${cols})
         SELECT DISTINCT ON (event_id) ${cols} FROM ${this.stage} st
         WHERE NOT EXISTS (SELECT 1 FROM cloudtrail_event e WHERE e.event_id = st.event_id AND e.event_time <> st.event_time)
         ORDER BY event_id, record_index
         ON CONFLICT (event_id, event_time) DO NOTHING
         RETURNING source_id, event_id, event_time, account_id, region, event_source, risk, error_code, human_name, principal_type,
                   role_arn, user_agent),
       ${rollupUpsertCtes(`${eventRollupSource("ins")} FROM ins`)}
       SELECT source_id::text AS s, count(*)::int AS n FROM ins GROUP BY 1`,
      ),
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
    // Same eventID, other content (jsonb equality: key order and layout do not count). Rare, so the hashes are
    // computed here, with the same function the event drawer uses.
    const found = await s.query<{ event_id: string; source_id: string; record_index: number; existing: unknown; incoming: unknown }>(
      `SELECT s.event_id, s.source_id::text AS source_id, s.record_index, e.raw AS existing, s.raw AS incoming
       FROM ${this.stage} s JOIN cloudtrail_event e ON e.event_id = s.event_id
       WHERE e.raw <> s.raw ORDER BY s.record_index`,
    );
    if (!found.length) return out;
    const rows = found.map((c) => ({
      event_id: c.event_id,
      source_id: c.source_id,
      record_index: c.record_index,
      existing_hash: contentHash(c.existing),
      new_hash: contentHash(c.incoming),
      raw: c.incoming,
    }));
    await s.query(
      `INSERT INTO event_conflict (event_id, source_id, record_index, existing_hash, new_hash, raw)
       SELECT DISTINCT ON (event_id, new_hash) event_id, source_id, record_index, existing_hash, new_hash, raw
       FROM jsonb_to_recordset($1::jsonb) AS v(event_id text, source_id uuid, record_index int, existing_hash text, new_hash text, raw jsonb)
       ORDER BY event_id, new_hash, record_index
       ON CONFLICT (event_id, new_hash) DO NOTHING`,
      [jsonbSafeText(JSON.stringify(rows))],
    );
    for (const c of found) out.get(c.source_id)!.conflicts++;
    return out;
  }
}
