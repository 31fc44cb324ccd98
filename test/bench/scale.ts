import { rmSync } from "node:fs";
import path from "node:path";
import { openStore } from "@/lib/db";
import { syntheticRecord } from "@/test/support/synthetic-cloudtrail";
import type { BenchOptions } from "./args";
import { CORPUS_SPAN_MS, CORPUS_START_MS } from "./corpus";
import { type HttpResult, measureHttp } from "./http-bench";
import { measureIngest } from "./ingest";
import { measureQueries, type QueryResults } from "./queries";
import { mib, ownPeakRss } from "./rss";
import { type ChunkSpec, chunkRecordIndex, chunkRecords, streamRecordOptions, writeChunk } from "./stream-corpus";
import type { BenchTarget } from "./targets";

/**
 * The scale benchmark (`--checkpoints`, or any run over 2M records): one database grows chunk by chunk. Each chunk
 * (`checkpoint` records, an even sample of the corpus day, see stream-corpus.ts) is generated into a temporary
 * directory, ingested by `aftermath ingest` in a child process, and deleted; after each chunk the ingest rate of that
 * chunk, the child's peak RSS and the database size are printed. The query latencies (lib/events/queries.ts, as the
 * explorer runs them) are measured when the table first reaches 1M rows and at the end; `--http` then measures the
 * built app over HTTP (test/bench/http-bench.ts).
 */

export interface Checkpoint {
  /** Rows in cloudtrail_event after this chunk. */
  rows: number;
  chunkRecords: number;
  generateMs: number;
  gzBytes: number;
  ingestMs: number;
  eventsPerSec: number;
  ingestPeakRssBytes: number | null;
  databaseBytes: number | null;
  tableBytes: number | null;
}

export interface ScaleResult {
  store: string;
  description: string;
  records: number;
  checkpoint: number;
  checkpoints: Checkpoint[];
  queries: { rows: number; results: QueryResults }[];
  http: HttpResult | null;
  benchPeakRssBytes: number;
  wallMs: number;
  errors: string[];
}

/** Rows at which the queries are measured: the first checkpoint at or past 1M rows, and the last. */
export function queryCheckpoints(records: number, chunks: number): Set<number> {
  const spec = { records, chunks, fileRecords: 1, seed: 1 };
  const out = new Set<number>([chunks - 1]);
  let rows = 0;
  for (let c = 0; c < chunks; c++) {
    rows += chunkRecords(spec, c);
    if (rows >= 1_000_000) {
      out.add(c);
      break;
    }
  }
  return out;
}

/** An EC2 instance id of a record in the first chunk (present from the first checkpoint on): the search needle. */
export function scaleNeedle(spec: ChunkSpec): string {
  const j = Math.floor(chunkRecords(spec, 0) / 2);
  const r = syntheticRecord(chunkRecordIndex(spec, 0, j), streamRecordOptions(spec)) as {
    requestParameters: { instancesSet: { items: { instanceId: string }[] } };
  };
  return r.requestParameters.instancesSet.items[0].instanceId;
}

async function sizes(url: string): Promise<{ databaseBytes: number | null; tableBytes: number | null }> {
  const store = await openStore(url);
  try {
    const [r] = await store.session((s) =>
      s.query<{ db: string; t: string }>(
        // the table and its partitions, if it is partitioned (a partitioned parent has no storage of its own)
        `SELECT pg_database_size(current_database())::text AS db,
                (SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c
                  WHERE c.oid = 'cloudtrail_event'::regclass
                     OR c.oid IN (SELECT inhrelid FROM pg_inherits WHERE inhparent = 'cloudtrail_event'::regclass))::text AS t`,
      ),
    );
    return { databaseBytes: Number(r.db), tableBytes: Number(r.t) };
  } catch {
    return { databaseBytes: null, tableBytes: null };
  } finally {
    await store.close();
  }
}

const fmtRows = (n: number) => (n >= 1e6 ? `${+(n / 1e6).toFixed(2)}M` : `${+(n / 1e3).toFixed(1)}k`);
const gb = (n: number | null) => (n === null ? "n/a" : n < 1e9 ? `${(n / 1e6).toFixed(0)} MB` : `${(n / 1e9).toFixed(2)} GB`);

export function checkpointLine(c: Checkpoint): string {
  return `${fmtRows(c.rows)}: ${Math.round(c.eventsPerSec).toLocaleString("en-US")} ev/s (chunk of ${c.chunkRecords.toLocaleString("en-US")} ingested in ${(c.ingestMs / 1000).toFixed(1)} s, generated in ${(c.generateMs / 1000).toFixed(1)} s, ${(c.gzBytes / 1e6).toFixed(0)} MB gz; ingest peak RSS ${mib(c.ingestPeakRssBytes)}; cloudtrail_event ${gb(c.tableBytes)}, database ${gb(c.databaseBytes)})`;
}

export async function benchScale(target: BenchTarget, o: BenchOptions, runDir: string, log: (m: string) => void): Promise<ScaleResult> {
  const started = performance.now();
  const checkpoint = Math.min(o.checkpoints || 1_000_000, o.records);
  const chunks = Math.ceil(o.records / checkpoint);
  const spec: ChunkSpec = { records: o.records, fileRecords: o.fileRecords, seed: o.seed, chunks };
  const r: ScaleResult = {
    store: target.kind,
    description: target.description,
    records: o.records,
    checkpoint,
    checkpoints: [],
    queries: [],
    http: null,
    benchPeakRssBytes: 0,
    wallMs: 0,
    errors: [],
  };
  const needle = scaleNeedle(spec);
  const measureAt = queryCheckpoints(o.records, chunks);
  const chunkDir = path.join(runDir, `chunk-${target.kind}`);
  const url = await target.freshDatabase("scale");
  let rows = 0;
  let fileNo = 0;
  try {
    for (let c = 0; c < chunks; c++) {
      const chunk = writeChunk(chunkDir, spec, c, fileNo);
      fileNo += chunk.files;
      const ing = await measureIngest(url, chunk.dir);
      rmSync(chunkDir, { recursive: true, force: true });
      if (ing.ingested !== chunk.records) throw new Error(`chunk ${c}: ingested ${ing.ingested} of ${chunk.records} records`);
      rows += ing.ingested;
      const cp: Checkpoint = {
        rows,
        chunkRecords: chunk.records,
        generateMs: chunk.ms,
        gzBytes: chunk.gzBytes,
        ingestMs: ing.reportMs,
        eventsPerSec: ing.eventsPerSec,
        ingestPeakRssBytes: ing.peakRssBytes,
        ...(await sizes(url)),
      };
      r.checkpoints.push(cp);
      log(`${target.kind}: ${checkpointLine(cp)}`);
      if (measureAt.has(c)) {
        log(`${target.kind}: queries at ${fmtRows(rows)} rows…`);
        const store = await openStore(url);
        try {
          const q = await measureQueries(
            store,
            { records: o.records, fileRecords: o.fileRecords, seed: o.seed, startMs: CORPUS_START_MS, spanMs: CORPUS_SPAN_MS },
            o.runs,
            o.warmup,
            needle,
          );
          r.queries.push({ rows, results: q });
          for (const t of [q.buckets, q.search, q.searchMiss, q.windowPage, q.timeline, q.timelineEvents])
            log(`${target.kind}:   ${t.label}: median ${t.medianMs.toFixed(1)} ms (result ${t.result.toLocaleString("en-US")})`);
        } finally {
          await store.close();
        }
      }
    }
    if (o.http) {
      r.http = await measureHttp(url, { port: o.httpPort, requests: o.httpRequests, needle, workDir: runDir, log });
      for (const t of r.http.timings) log(`${target.kind}:   ${t.label}: p50 ${t.p50Ms.toFixed(0)} ms, p95 ${t.p95Ms.toFixed(0)} ms`);
    }
  } catch (e) {
    r.errors.push(e instanceof Error ? e.message : String(e));
    log(`${target.kind}: FAILED: ${r.errors.at(-1)}`);
  } finally {
    rmSync(chunkDir, { recursive: true, force: true });
  }
  r.benchPeakRssBytes = ownPeakRss();
  r.wallMs = performance.now() - started;
  return r;
}

/** The human-readable summary of a scale run. */
export function scaleReport(r: ScaleResult): string {
  const out: string[] = [];
  out.push(`${r.store}: ${r.description}`);
  out.push(
    `  ${r.records.toLocaleString("en-US")} synthetic CloudTrail records over one day, ingested in ${r.checkpoints.length} chunk(s) of ~${r.checkpoint.toLocaleString("en-US")} by \`aftermath ingest\` (one child process per chunk); wall ${(r.wallMs / 60_000).toFixed(1)} min`,
  );
  out.push("  ingest rate per chunk as the table grows:");
  for (const c of r.checkpoints) out.push(`    ${checkpointLine(c)}`);
  for (const q of r.queries) {
    out.push(`  queries at ${fmtRows(q.rows)} rows (median of the timed runs):`);
    for (const t of [
      q.results.buckets,
      q.results.search,
      q.results.searchMiss,
      q.results.windowPage,
      q.results.timeline,
      q.results.timelineEvents,
    ])
      out.push(
        `    ${t.label}: ${t.medianMs.toFixed(1)} ms (min ${t.minMs.toFixed(1)}, max ${t.maxMs.toFixed(1)}; result ${t.result.toLocaleString("en-US")})`,
      );
  }
  if (r.http) {
    out.push(
      `  over HTTP (next start${r.http.buildMs !== null ? `, built in ${(r.http.buildMs / 1000).toFixed(0)} s` : ""}; server peak RSS ${mib(r.http.serverPeakRssBytes)}):`,
    );
    for (const t of r.http.timings)
      out.push(`    ${t.label}: p50 ${t.p50Ms.toFixed(1)} ms, p95 ${t.p95Ms.toFixed(1)} ms over ${t.requests} requests`);
  }
  const ingestPeak = Math.max(0, ...r.checkpoints.map((c) => c.ingestPeakRssBytes ?? 0));
  out.push(`  peak RSS: bench ${mib(r.benchPeakRssBytes)}, ingest child ${mib(ingestPeak || null)}`);
  for (const e of r.errors) out.push(`  ERROR ${e}`);
  return out.join("\n");
}

/** One JSON line per store for a scale run. */
export function scaleJsonLine(r: ScaleResult) {
  const q = (x: QueryResults) => ({
    bucketsMs: +x.buckets.medianMs.toFixed(1),
    searchMs: +x.search.medianMs.toFixed(1),
    searchMissMs: +x.searchMiss.medianMs.toFixed(1),
    windowPageMs: +x.windowPage.medianMs.toFixed(1),
    timelineMs: +x.timeline.medianMs.toFixed(1),
    timelineEventsMs: +x.timelineEvents.medianMs.toFixed(1),
  });
  return {
    store: r.store,
    records: r.records,
    ingestEventsPerSec: r.checkpoints.map((c) => ({ rows: c.rows, eventsPerSec: Math.round(c.eventsPerSec) })),
    queries: r.queries.map((x) => ({ rows: x.rows, ...q(x.results) })),
    http: r.http?.timings.map((t) => ({ label: t.label, p50Ms: +t.p50Ms.toFixed(1), p95Ms: +t.p95Ms.toFixed(1) })) ?? null,
    databaseBytes: r.checkpoints.at(-1)?.databaseBytes ?? null,
    benchPeakRssBytes: r.benchPeakRssBytes,
    ingestPeakRssBytes: Math.max(0, ...r.checkpoints.map((c) => c.ingestPeakRssBytes ?? 0)) || null,
    wallMs: Math.round(r.wallMs),
    errors: r.errors,
  };
}
