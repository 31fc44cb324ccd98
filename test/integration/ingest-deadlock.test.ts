import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { normalizeRecord } from "@/lib/cloudtrail";
import { migrateStore, openStore, type Store } from "@/lib/db";
import { CloudTrailWriter } from "@/lib/ingest/cloudtrail-writer";
import { EventCopyTextBatcher } from "@/lib/ingest/event-copy-text";
import { ensurePartitionsFor } from "@/lib/partitions/mutations";
import { freshPostgresUrl } from "@/test/support/stores";
import { syntheticRecord } from "@/test/support/synthetic-cloudtrail";

/**
 * Two ingests COPYing overlapping events in different orders (two app instances, or one and the CLI, given
 * overlapping files) can deadlock on the unique key (event_id, event_time): each holds a row the other is inserting.
 * PostgreSQL then aborts one of them. The writer's fast path must treat that like a duplicate — its COPY was rolled
 * back whole — and write the batch through the slow path, not fail the file (found by the two-instance browser test
 * as an HTTP 500). PostgreSQL only: PGlite has one connection, so nothing can interleave with its statements.
 */

describe("ingest that loses a deadlock to another ingest (PostgreSQL)", () => {
  let store: Store;
  let url: string;
  beforeAll(async () => {
    url = await freshPostgresUrl();
    store = await openStore(url);
    await migrateStore(store, url);
  });
  afterAll(() => store?.close());

  it("falls back to the slow path and stores each event once", async () => {
    const events = [0, 1].map((i) => {
      const n = normalizeRecord(syntheticRecord(i, { seed: 5, total: 2 }));
      if (!n.ok) throw new Error(n.reason);
      return n.event;
    });
    const [a, b] = events;
    await ensurePartitionsFor(
      store,
      events.map((e) => new Date(e.eventTime)),
    );
    const sourceId = (
      await store.prisma.ingestSource.create({ data: { kind: "cloudtrail", fileName: "d.json", sha256: "d", sizeBytes: 0n } })
    ).id;

    // the other ingest: holds B uncommitted; it never runs the deadlock check itself (30 s), so the writer is the victim
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    await other.query("SET deadlock_timeout = '30s'");
    await other.query("BEGIN");
    const insert = (e: (typeof events)[number]) =>
      other.query(
        `INSERT INTO cloudtrail_event (event_id, event_time, event_source, event_name, executed, risk, search_text, raw, record_index)
         VALUES ($1, $2, $3, $4, true, $5, '', $6::jsonb, 0)`,
        [e.eventId, new Date(e.eventTime).toISOString(), e.eventSource, e.eventName, e.risk, JSON.stringify(e.raw)],
      );
    await insert(b);

    // the writer COPYs A then B: it stores A and waits for B
    const written = store.session(async (s) => {
      const writer = new CloudTrailWriter(s, randomUUID(), 1000);
      const batcher = new EventCopyTextBatcher(500);
      for (const [i, e] of events.entries()) batcher.add(e, sourceId, i);
      await writer.addCopyText(batcher.take()!, sourceId);
      await writer.close();
      return { totals: writer.totalsFor(sourceId), batches: writer.batches };
    });
    const waiting = async () => {
      for (let i = 0; i < 200; i++) {
        const r = await other.query(
          // (the activity's query text may still show the session's previous statement while a COPY runs)
          `SELECT count(*)::int AS n FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = 'transactionid'`,
        );
        if (r.rows[0].n > 0) return;
        await new Promise((res) => setTimeout(res, 25));
      }
      throw new Error("the writer's COPY never waited on the other ingest");
    };
    await waiting();
    // now the other ingest inserts A: a cycle; PostgreSQL aborts the writer's COPY after its 1 s deadlock_timeout
    const outcome = written.catch((e: unknown) => e);
    await insert(a); // returns once the writer's COPY is rolled back
    await other.query("COMMIT"); // the writer's slow path waits for this
    await other.end();
    const result = await outcome;

    expect(result).not.toBeInstanceOf(Error);
    expect(result).toMatchObject({ totals: { staged: 2, inserted: 0, conflicts: 0 }, batches: { direct: 0, staged: 1 } });
    for (const e of events) expect(await store.prisma.cloudTrailEvent.count({ where: { eventId: e.eventId } })).toBe(1);
  }, 60_000);
});
