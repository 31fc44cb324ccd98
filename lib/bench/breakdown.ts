import { createReadStream, statSync } from "node:fs";
import type { SqlSession, Store } from "@/lib/db";
import { canonicalJson, normalizeRecord, readCloudTrail, sha256Hex } from "@/lib/cloudtrail";
import { CloudTrailWriter } from "@/lib/ingest/cloudtrail-writer";
import { QuarantineWriter } from "@/lib/ingest/quarantine-writer";
import type { NormalizedEvent } from "@/lib/model/cloudtrail-event";

/**
 * `--breakdown`: where ingest time goes, on a fresh database. Replays the ingest of every corpus file step by step
 * with the real code (readCloudTrail, CloudTrailWriter, QuarantineWriter, the same Prisma bookkeeping as
 * ingestFile), serially, timing each step. With 1,000-record files every file is a single writer batch, and the
 * writer awaits it at close, so the real ingest runs exactly these steps in this order (it overlaps nothing).
 *
 *  - read: gunzip + split + JSON.parse + unwrap + normalizeRecord (= what readCloudTrail does), of which
 *    normalize (re-run on the parsed records) and contentHash (canonicalJson + sha256) are measured apart;
 *  - CSV build: CloudTrailWriter.add (eventCsvRow) for every event;
 *  - SQL: each statement the writer and quarantine writer send, by kind, timed at the session;
 *  - bookkeeping: ingest_source create + update through Prisma.
 */

export type SqlKind = "create stage" | "truncate stage" | "COPY stage" | "INSERT … ON CONFLICT" | "conflict query" | "drop stage" | "other SQL";

export interface Breakdown {
  files: number;
  events: number;
  totalMs: number;
  readMs: number;
  /** part of readMs */
  normalizeMs: number;
  /** part of normalizeMs */
  contentHashMs: number;
  csvMs: number;
  sql: Record<SqlKind, number>;
  bookkeepingMs: number;
}

export function sqlKind(sql: string): SqlKind {
  const s = sql.trimStart();
  if (/^CREATE TEMP TABLE/i.test(s)) return "create stage";
  if (/^TRUNCATE/i.test(s)) return "truncate stage";
  if (/^DROP TABLE/i.test(s)) return "drop stage";
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
    copyCsv: (table, columns, csv) => time(table.startsWith("stage_") ? "COPY stage" : "other SQL", () => s.copyCsv(table, columns, csv)),
  };
}

export async function measureBreakdown(store: Store, files: string[]): Promise<Breakdown> {
  const sql: Record<SqlKind, number> = { "create stage": 0, "truncate stage": 0, "COPY stage": 0, "INSERT … ON CONFLICT": 0, "conflict query": 0, "drop stage": 0, "other SQL": 0 };
  const b: Breakdown = { files: files.length, events: 0, totalMs: 0, readMs: 0, normalizeMs: 0, contentHashMs: 0, csvMs: 0, sql, bookkeepingMs: 0 };
  const started = performance.now();
  for (const file of files) {
    let t = performance.now();
    const source = await store.prisma.ingestSource.create({
      data: { kind: "unknown", fileName: file.split("/").pop()!, path: file, sha256: "pending", sizeBytes: 0n, status: "running", via: "cli" },
    });
    b.bookkeepingMs += performance.now() - t;

    t = performance.now();
    const events: { e: NormalizedEvent; index: number }[] = [];
    for await (const item of readCloudTrail(createReadStream(file, { highWaterMark: 1 << 20 }), { fileName: file })) {
      if (item.type === "event") events.push({ e: item.event, index: item.position.index });
    }
    b.readMs += performance.now() - t;

    t = performance.now();
    for (const { e } of events) normalizeRecord(e.raw);
    b.normalizeMs += performance.now() - t;
    t = performance.now();
    for (const { e } of events) sha256Hex(canonicalJson(e.raw));
    b.contentHashMs += performance.now() - t;

    await store.session(async (raw) => {
      const s = timedSession(raw, sql);
      const writer = new CloudTrailWriter(s, source.id);
      const quarantine = new QuarantineWriter(s, source.id);
      const tc = performance.now();
      for (const { e, index } of events) await writer.add(e, source.id, index);
      b.csvMs += performance.now() - tc;
      await writer.close();
      await quarantine.finish("bench");
    });
    b.events += events.length;

    t = performance.now();
    await store.prisma.ingestSource.update({
      where: { id: source.id },
      data: { kind: "cloudtrail", format: "cloudtrail-records", sha256: "bench", sizeBytes: BigInt(statSync(file).size), status: "done", read: events.length, ingested: events.length, finishedAt: new Date(), durationMs: 0 },
    });
    b.bookkeepingMs += performance.now() - t;
  }
  // normalize is measured again apart from the read: the total counts the read once.
  b.totalMs = performance.now() - started - b.normalizeMs - b.contentHashMs;
  return b;
}

/** Rows for the breakdown table: [step, ms, % of total, µs per event]. */
export function breakdownRows(b: Breakdown): [string, number][] {
  const sqlTotal = Object.values(b.sql).reduce((a, x) => a + x, 0);
  return [
    ["read: gunzip + split + JSON.parse + unwrap", b.readMs - b.normalizeMs],
    ["read: normalizeRecord (excl. contentHash)", b.normalizeMs - b.contentHashMs],
    ["read: contentHash (canonicalJson + sha256)", b.contentHashMs],
    ["CSV build (eventCsvRow)", b.csvMs],
    ...(Object.entries(b.sql) as [SqlKind, number][]).map(([k, v]) => [`SQL: ${k}`, v] as [string, number]),
    ["bookkeeping: ingest_source create/update", b.bookkeepingMs],
    ["unaccounted", b.totalMs - b.readMs - b.csvMs - sqlTotal - b.bookkeepingMs],
  ];
}
