import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { normalizeRecord } from "@/lib/cloudtrail";
import type { Store } from "@/lib/db";
import { generateDemoIncident } from "@/lib/demo";
import { EVENT_COPY_COLUMNS, EventCopyTextBatcher } from "@/lib/ingest/event-copy-text";
import { ingestFile } from "@/lib/ingest/ingest-file";
import { ensureEventPartitions } from "@/lib/partitions/mutations";
import { reconstructAll } from "@/lib/reconstruct";
import { syntheticRecord } from "@/test/support/synthetic-cloudtrail";
import { SyntheticSessionPlanner } from "./agent-sessions";

/**
 * (d) Reconstruction at scale: a fresh database gets `events` synthetic CloudTrail events on the demo incident's day
 * (loaded by COPY through the writer's COPY text encoding, secondary indexes built after the load — not timed), the demo incident itself (its agent log and
 * CloudTrail files, through the normal ingest), and a handful of synthetic agent sessions whose tool calls caused
 * some of the synthetic events (canonical JSONL, normal ingest). Timed: `reconstructAll` — re-link every session
 * to CloudTrail and rebuild every incident.
 */

/** The demo incident happens on 2025-12-09 (UTC); the noise fills that day. */
export const RECONSTRUCT_DAY_MS = Date.UTC(2025, 11, 9);
export const RECONSTRUCT_SEED = 4242;
export const SYNTHETIC_SESSIONS = 6;
const LOAD_BATCH_ROWS = 10_000;

export interface ReconstructBenchResult {
  events: number;
  sessions: number;
  links: number;
  incidents: number;
  /** wall time of reconstructAll, measured here */
  ms: number;
  /** reconstructAll's own `ms` */
  reportedMs: number;
  loadMs: number;
  plannedCalls: number;
}

export async function loadReconstructionCorpus(
  store: Store,
  events: number,
  log: (msg: string) => void,
): Promise<{ plannedCalls: number; loaded: number }> {
  const planner = new SyntheticSessionPlanner(SYNTHETIC_SESSIONS, RECONSTRUCT_DAY_MS, 24 * 3600_000);
  const [source] = await store.session((s) =>
    s.query<{ id: string }>(
      `INSERT INTO ingest_source (id, kind, file_name, sha256, size_bytes, status, via) VALUES (gen_random_uuid(), 'cloudtrail', 'bench-reconstruct-noise', 'bench', 0, 'done', 'cli') RETURNING id::text AS id`,
    ),
  );
  const opts = { seed: RECONSTRUCT_SEED, total: events, startMs: RECONSTRUCT_DAY_MS, spanMs: 24 * 3600_000 };
  let loaded = 0;
  const started = Date.now();
  await store.session(async (s) => {
    // Bulk load: secondary indexes are dropped for the COPY and built afterwards (same definitions, as migrated).
    const indexes = await s.query<{ name: string; def: string }>(
      `SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'cloudtrail_event' AND indexname <> 'cloudtrail_event_pkey'`,
    );
    for (const ix of indexes) await s.exec(`DROP INDEX "${ix.name.replace(/"/g, '""')}"`);
    let inFlight: Promise<number> | null = null;
    const batcher = new EventCopyTextBatcher(LOAD_BATCH_ROWS, Infinity);
    const send = async (chunk: { data: Uint8Array; days: number[] } | null) => {
      if (inFlight) loaded += await inFlight;
      if (chunk) await ensureEventPartitions(s, chunk.days);
      inFlight = chunk ? s.copyText("cloudtrail_event", [...EVENT_COPY_COLUMNS], chunk.data) : null;
    };
    for (let i = 0; i < events; i++) {
      const n = normalizeRecord(syntheticRecord(i, opts));
      if (!n.ok) throw new Error(`synthetic record ${i}: ${n.reason}`);
      planner.offer(n.event);
      const chunk = batcher.add(n.event, source.id, i);
      if (chunk) await send(chunk);
      if ((i + 1) % 100_000 === 0)
        log(
          `reconstruct: loaded ${(i + 1).toLocaleString("en-US")} / ${events.toLocaleString("en-US")} events (${((Date.now() - started) / 1000).toFixed(0)} s)`,
        );
    }
    await send(batcher.take());
    await send(null);
    log(`reconstruct: building ${indexes.length} indexes…`);
    // A partitioned table's index definition reads "ON ONLY" (parent alone): built here for every partition.
    for (const ix of indexes) await s.exec(ix.def.replace(" ON ONLY ", " ON "));
    await s.exec("ANALYZE cloudtrail_event");
  });
  if (loaded !== events) throw new Error(`reconstruct: copied ${loaded} of ${events} events`);

  // The demo incident (a real story amid the noise) and the synthetic sessions, through the normal ingest.
  const files: { name: string; bytes: Buffer }[] = generateDemoIncident().files.map((f) => ({
    name: f.path.endsWith(".json") ? `${f.path}.gz` : f.path,
    bytes: f.path.endsWith(".json") ? gzipSync(f.content) : Buffer.from(f.content),
  }));
  for (const f of planner.files()) files.push({ name: f.name, bytes: Buffer.from(f.content) });
  for (const f of files) {
    const r = await ingestFile(store, { name: f.name, chunks: Readable.from([f.bytes]), via: "cli" });
    if (r.error || r.quarantined)
      throw new Error(`reconstruct: ingesting ${f.name}: ${r.error ?? `${r.quarantined} quarantined (${r.quarantine[0]?.reason})`}`);
  }
  return { plannedCalls: planner.plannedCalls, loaded: loaded };
}

export async function measureReconstruction(store: Store, events: number, log: (msg: string) => void): Promise<ReconstructBenchResult> {
  const loadStarted = performance.now();
  const { plannedCalls } = await loadReconstructionCorpus(store, events, log);
  const loadMs = performance.now() - loadStarted;
  const [{ n }] = await store.session((s) => s.query<{ n: number }>("SELECT count(*)::int AS n FROM cloudtrail_event"));
  log(`reconstruct: ${Number(n).toLocaleString("en-US")} events stored; running reconstructAll…`);
  const t = performance.now();
  const r = await reconstructAll(store);
  const ms = performance.now() - t;
  return { events: Number(n), sessions: r.sessions, links: r.links, incidents: r.incidents, ms, reportedMs: r.ms, loadMs, plannedCalls };
}
