import { randomUUID } from "node:crypto";
import { createReadStream, statSync } from "node:fs";
import { normalizeRecord, readCloudTrail } from "@/lib/cloudtrail";
import type { SqlSession, Store } from "@/lib/db";
import { CloudTrailWriter, WRITER_BATCH_ROWS } from "@/lib/ingest/cloudtrail-writer";
import { type EventCopyChunk, EventCopyTextBatcher } from "@/lib/ingest/event-copy-text";
import { analyzeAfterLoad } from "@/lib/ingest/ingest-file";
import { QuarantineWriter } from "@/lib/ingest/quarantine-writer";
import type { NormalizedEvent } from "@/lib/model/cloudtrail-event";

/**
 * `--breakdown`: where ingest time goes, on a fresh database. Replays the ingest of every corpus file with the real
 * code (readCloudTrail, one CloudTrailWriter shared by all files, QuarantineWriter, the same Prisma bookkeeping and
 * final ANALYZE as ingestFiles) but serially — each writer batch is awaited as soon as it is sent — so that every
 * step can be timed on its own:
 *
 *  - parse (a worker's work in the real ingest, here on one thread): read (gunzip + split + JSON.parse + unwrap +
 *    normalizeRecord, as readCloudTrail does it), of which normalize (re-run on the parsed records) is measured
 *    apart; COPY text build (EventCopyTextBatcher: fields written as UTF-8 into one buffer);
 *  - database: each statement the writer sends, by kind, timed at the session; bookkeeping (ingest_source
 *    create/update through Prisma, ANALYZE).
 *
 * The real ingest overlaps the two sides (parse workers run while batches are written), so its time lies between
 * max(parse / workers, database) and their sum.
 */

export type SqlKind =
  | "COPY cloudtrail_event"
  | "create stage"
  | "truncate stage"
  | "COPY stage"
  | "INSERT … ON CONFLICT"
  | "conflict query"
  | "drop stage"
  | "ANALYZE"
  | "other SQL";

export interface Breakdown {
  files: number;
  events: number;
  totalMs: number;
  readMs: number;
  /** part of readMs */
  normalizeMs: number;
  copyTextMs: number;
  sql: Record<SqlKind, number>;
  bookkeepingMs: number;
}

export function sqlKind(sql: string): SqlKind {
  const s = sql.trimStart();
  if (/^CREATE TEMP TABLE/i.test(s)) return "create stage";
  if (/^TRUNCATE/i.test(s)) return "truncate stage";
  if (/^DROP TABLE/i.test(s)) return "drop stage";
  if (/^ANALYZE/i.test(s)) return "ANALYZE";
  if (/INSERT INTO cloudtrail_event/i.test(s)) return "INSERT … ON CONFLICT";
  if (/INSERT INTO event_conflict/i.test(s)) return "conflict query";
  return "other SQL";
}

function timedSession(s: SqlSession, sql: Record<SqlKind, number>): SqlSession {
  const time = async <T>(kind: SqlKind, p: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    try {
      return await p();
    } finally {
      sql[kind] += performance.now() - t;
    }
  };
  return {
    query: (q, params) => time(sqlKind(q), () => s.query(q, params)),
    exec: (q) => time(sqlKind(q), () => s.exec(q)),
    copyCsv: (table, columns, csv) => time("other SQL", () => s.copyCsv(table, columns, csv)),
    copyText: (table, columns, data) =>
      time(table.startsWith("stage_") ? "COPY stage" : table === "cloudtrail_event" ? "COPY cloudtrail_event" : "other SQL", () =>
        s.copyText(table, columns, data),
      ),
    copyTextThen: (table, columns, data, q, params) =>
      time(table === "cloudtrail_event" ? "COPY cloudtrail_event" : "other SQL", () => s.copyTextThen(table, columns, data, q, params)),
  };
}

export async function measureBreakdown(store: Store, files: string[]): Promise<Breakdown> {
  const sql: Record<SqlKind, number> = {
    "COPY cloudtrail_event": 0,
    "create stage": 0,
    "truncate stage": 0,
    "COPY stage": 0,
    "INSERT … ON CONFLICT": 0,
    "conflict query": 0,
    "drop stage": 0,
    ANALYZE: 0,
    "other SQL": 0,
  };
  const b: Breakdown = { files: files.length, events: 0, totalMs: 0, readMs: 0, normalizeMs: 0, copyTextMs: 0, sql, bookkeepingMs: 0 };
  const started = performance.now();
  await store.session(async (raw) => {
    const s = timedSession(raw, sql);
    const writer = new CloudTrailWriter(s, randomUUID().replace(/-/g, ""), WRITER_BATCH_ROWS);
    const sources: { id: string; file: string; events: number }[] = [];
    let sinceFlush = 0;
    for (const file of files) {
      let t = performance.now();
      const source = await store.prisma.ingestSource.create({
        data: {
          kind: "unknown",
          fileName: file.split("/").pop()!,
          path: file,
          sha256: "pending",
          sizeBytes: 0n,
          status: "running",
          via: "cli",
        },
      });
      b.bookkeepingMs += performance.now() - t;

      t = performance.now();
      const events: { e: NormalizedEvent; index: number; rawJson?: string }[] = [];
      for await (const item of readCloudTrail(createReadStream(file, { highWaterMark: 1 << 20 }), { fileName: file })) {
        if (item.type === "event") events.push({ e: item.event, index: item.position.index, rawJson: item.rawJson });
      }
      b.readMs += performance.now() - t;

      t = performance.now();
      for (const { e } of events) normalizeRecord(e.raw);
      b.normalizeMs += performance.now() - t;

      // COPY text rows and chunks are built as the parse workers build them; each writer batch's SQL is awaited at once
      // (serial), so the session times are the database's alone.
      const batcher = new EventCopyTextBatcher();
      const send = async (chunk: EventCopyChunk | null) => {
        if (!chunk) return;
        await writer.addCopyText(chunk, source.id);
        sinceFlush += chunk.rows;
        if (sinceFlush >= WRITER_BATCH_ROWS) {
          await writer.flush(true);
          sinceFlush = 0;
        }
      };
      for (const { e, index, rawJson } of events) {
        t = performance.now();
        const chunk = batcher.add(e, source.id, index, rawJson);
        b.copyTextMs += performance.now() - t;
        await send(chunk);
      }
      t = performance.now();
      const last = batcher.take();
      b.copyTextMs += performance.now() - t;
      await send(last);
      const quarantine = new QuarantineWriter(s, source.id);
      await quarantine.finish("bench");
      sources.push({ id: source.id, file, events: events.length });
      b.events += events.length;
    }
    await writer.close();
    if (writer.inserted >= WRITER_BATCH_ROWS) await analyzeAfterLoad(s);
    const tb = performance.now();
    for (const src of sources) {
      const totals = writer.totalsFor(src.id);
      await store.prisma.ingestSource.update({
        where: { id: src.id },
        data: {
          kind: "cloudtrail",
          format: "cloudtrail-records",
          sha256: "bench",
          sizeBytes: BigInt(statSync(src.file).size),
          status: "done",
          read: src.events,
          ingested: totals.inserted,
          duplicates: totals.staged - totals.inserted,
          finishedAt: new Date(),
          durationMs: 0,
        },
      });
    }
    b.bookkeepingMs += performance.now() - tb;
  });
  // normalize is measured again apart from the read: the total counts the read once.
  b.totalMs = performance.now() - started - b.normalizeMs;
  return b;
}

/** Rows for the breakdown table: [step, ms]; subtotal rows start with "=". */
export function breakdownRows(b: Breakdown): [string, number][] {
  const sqlTotal = Object.values(b.sql).reduce((a, x) => a + x, 0);
  const main = b.readMs + b.copyTextMs;
  return [
    ["main: gunzip + split + JSON.parse + unwrap", b.readMs - b.normalizeMs],
    ["main: normalizeRecord", b.normalizeMs],
    ["main: COPY text build (EventCopyTextBatcher)", b.copyTextMs],
    ["= main thread", main],
    ...(Object.entries(b.sql) as [SqlKind, number][])
      .filter(([k, v]) => k !== "other SQL" || v > 0)
      .map(([k, v]) => [`db: ${k}`, v] as [string, number]),
    ["db: ingest_source create/update (Prisma)", b.bookkeepingMs],
    ["= database", sqlTotal + b.bookkeepingMs],
    ["unaccounted", b.totalMs - main - sqlTotal - b.bookkeepingMs],
  ];
}
