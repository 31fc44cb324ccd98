import "server-only";
import { z } from "zod";
import type { Store } from "@/lib/db";
import { heldLockKeys } from "@/lib/db/advisory-lock";
import { toIso, toIsoOrNull, UUID_PATTERN } from "@/lib/ids";
import { effectiveStatus } from "@/lib/ingest/liveness";

/** Ingest sources (one row per ingested file) and what each left behind: quarantined, skipped and conflicting records. */

export const SourceId = z.string().regex(UUID_PATTERN, "not a source id");

/** Longest raw text sent to the page per quarantined record / conflict (the stored text can be up to 1 MiB). */
export const RAW_TEXT_CAP = 16 * 1024;

export type SourceRow = {
  id: string;
  fileName: string;
  /** where the file was read from (absolute path for the CLI, the upload name for uploads) */
  path: string | null;
  kind: string;
  format: string | null;
  status: string;
  via: string;
  sizeBytes: number;
  read: number;
  ingested: number;
  duplicates: number;
  quarantined: number;
  skipped: number;
  conflicts: number;
  redactions: number;
  durationMs: number | null;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
};

export type SourceDetail = SourceRow & { sha256: string; notes: string[] };

type SourceModel = {
  id: string;
  fileName: string;
  path: string | null;
  kind: string;
  format: string | null;
  status: string;
  via: string;
  sizeBytes: bigint;
  read: number;
  ingested: number;
  duplicates: number;
  quarantined: number;
  skipped: number;
  conflicts: number;
  redactions: number;
  durationMs: number | null;
  startedAt: Date;
  finishedAt: Date | null;
  error: string | null;
  pid: number | null;
  host: string | null;
  heartbeatAt: Date | null;
};

function toSourceRow(s: SourceModel, heldKeys?: ReadonlySet<number>): SourceRow {
  // A "running" ingest whose process died shows as interrupted at once, with the counts its batches committed.
  const status = effectiveStatus(s, Date.now(), heldKeys);
  return {
    id: s.id,
    fileName: s.fileName,
    path: s.path,
    kind: s.kind,
    format: s.format,
    status,
    via: s.via,
    sizeBytes: Number(s.sizeBytes),
    read: s.read,
    ingested: s.ingested,
    duplicates: s.duplicates,
    quarantined: s.quarantined,
    skipped: s.skipped,
    conflicts: s.conflicts,
    redactions: s.redactions,
    durationMs: s.durationMs,
    startedAt: s.startedAt.toISOString(),
    finishedAt: toIsoOrNull(s.finishedAt),
    error: status === "interrupted" && s.status === "running" ? "the ingest process stopped before finishing; re-run it" : s.error,
  };
}

const ROW_SELECT = {
  id: true,
  fileName: true,
  path: true,
  kind: true,
  format: true,
  status: true,
  via: true,
  sizeBytes: true,
  read: true,
  ingested: true,
  duplicates: true,
  quarantined: true,
  skipped: true,
  conflicts: true,
  redactions: true,
  durationMs: true,
  startedAt: true,
  finishedAt: true,
  error: true,
  pid: true,
  host: true,
  heartbeatAt: true,
} as const;

export type Paged<T> = { rows: T[]; total: number; offset: number; limit: number };

/** Every ingest, newest first (uses the started_at index). */
export async function listSources(store: Store, opts: { limit?: number; offset?: number } = {}): Promise<Paged<SourceRow>> {
  const limit = Math.max(1, Math.min(500, opts.limit ?? 100));
  const offset = Math.max(0, opts.offset ?? 0);
  const [rows, total] = await Promise.all([
    store.prisma.ingestSource.findMany({ select: ROW_SELECT, orderBy: [{ startedAt: "desc" }, { id: "desc" }], take: limit, skip: offset }),
    store.prisma.ingestSource.count(),
  ]);
  const held = await runningIngestLocks(store, rows);
  return { rows: rows.map((r) => toSourceRow(r, held)), total, offset, limit };
}

export async function getSource(store: Store, id: string): Promise<SourceDetail | null> {
  if (!SourceId.safeParse(id).success) return null;
  const s = await store.prisma.ingestSource.findUnique({ where: { id }, select: { ...ROW_SELECT, path: true, sha256: true, notes: true } });
  if (!s) return null;
  const notes = Array.isArray(s.notes) ? s.notes.map((n) => (typeof n === "string" ? n : JSON.stringify(n))) : [];
  return { ...toSourceRow(s, await runningIngestLocks(store, [s])), path: s.path, sha256: s.sha256, notes };
}

/** On PostgreSQL, which running sources' ingest sessions are alive (their advisory locks; read after the rows). */
async function runningIngestLocks(store: Store, rows: { status: string }[]): Promise<ReadonlySet<number> | undefined> {
  if (store.kind !== "postgres" || !rows.some((r) => r.status === "running")) return undefined;
  return heldLockKeys(store, "ingestSource");
}

export type QuarantinedRow = {
  id: string;
  recordIndex: number;
  line: number | null;
  reason: string;
  /** at most RAW_TEXT_CAP characters */
  rawText: string;
  /** length of the stored raw text, in characters */
  rawLength: number;
  rawBytes: number;
};

export async function listQuarantined(
  store: Store,
  sourceId: string,
  opts: { limit?: number; offset?: number } = {},
): Promise<Paged<QuarantinedRow>> {
  const limit = Math.max(1, Math.min(200, opts.limit ?? 50));
  const offset = Math.max(0, opts.offset ?? 0);
  if (!SourceId.safeParse(sourceId).success) return { rows: [], total: 0, offset, limit };
  const [rows, [count]] = await Promise.all([
    store.prisma.$queryRaw<
      { id: string; record_index: number; line: number | null; reason: string; raw_text: string; raw_length: number; raw_bytes: number }[]
    >`
      SELECT id::text AS id, record_index, line, reason, left(raw_text, ${RAW_TEXT_CAP}::int) AS raw_text,
             length(raw_text)::int AS raw_length, raw_bytes
      FROM quarantined_record WHERE source_id = ${sourceId}::uuid
      ORDER BY record_index, id
      LIMIT ${limit}::int OFFSET ${offset}::int`,
    store.prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM quarantined_record WHERE source_id = ${sourceId}::uuid`,
  ]);
  return {
    rows: rows.map((r) => ({
      id: r.id,
      recordIndex: Number(r.record_index),
      line: r.line === null ? null : Number(r.line),
      reason: r.reason,
      rawText: r.raw_text,
      rawLength: Number(r.raw_length),
      rawBytes: Number(r.raw_bytes),
    })),
    total: Number(count?.n ?? 0),
    offset,
    limit,
  };
}

export type SkippedRow = { id: string; recordIndex: number; line: number | null; reason: string };

export async function listSkipped(
  store: Store,
  sourceId: string,
  opts: { limit?: number; offset?: number } = {},
): Promise<Paged<SkippedRow>> {
  const limit = Math.max(1, Math.min(500, opts.limit ?? 100));
  const offset = Math.max(0, opts.offset ?? 0);
  if (!SourceId.safeParse(sourceId).success) return { rows: [], total: 0, offset, limit };
  const [rows, total] = await Promise.all([
    store.prisma.skippedRecord.findMany({
      where: { sourceId },
      orderBy: [{ recordIndex: "asc" }, { id: "asc" }],
      take: limit,
      skip: offset,
    }),
    store.prisma.skippedRecord.count({ where: { sourceId } }),
  ]);
  return {
    rows: rows.map((r) => ({ id: r.id.toString(), recordIndex: r.recordIndex, line: r.line, reason: r.reason })),
    total,
    offset,
    limit,
  };
}

export type ConflictRow = {
  id: string;
  eventId: string;
  recordIndex: number;
  existingHash: string;
  newHash: string;
  createdAt: string;
  rawText: string;
  rawLength: number;
};

export async function listConflicts(
  store: Store,
  sourceId: string,
  opts: { limit?: number; offset?: number } = {},
): Promise<Paged<ConflictRow>> {
  const limit = Math.max(1, Math.min(200, opts.limit ?? 50));
  const offset = Math.max(0, opts.offset ?? 0);
  if (!SourceId.safeParse(sourceId).success) return { rows: [], total: 0, offset, limit };
  const [rows, [count]] = await Promise.all([
    store.prisma.$queryRaw<
      {
        id: string;
        event_id: string;
        record_index: number;
        existing_hash: string;
        new_hash: string;
        created_at: Date | string;
        raw_text: string;
        raw_length: number;
      }[]
    >`
      SELECT id::text AS id, event_id, record_index, existing_hash, new_hash, created_at,
             left(jsonb_pretty(raw), ${RAW_TEXT_CAP}::int) AS raw_text, length(jsonb_pretty(raw))::int AS raw_length
      FROM event_conflict WHERE source_id = ${sourceId}::uuid
      ORDER BY record_index, id
      LIMIT ${limit}::int OFFSET ${offset}::int`,
    store.prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM event_conflict WHERE source_id = ${sourceId}::uuid`,
  ]);
  return {
    rows: rows.map((r) => ({
      id: r.id,
      eventId: r.event_id,
      recordIndex: Number(r.record_index),
      existingHash: r.existing_hash,
      newHash: r.new_hash,
      createdAt: toIso(r.created_at),
      rawText: r.raw_text,
      rawLength: Number(r.raw_length),
    })),
    total: Number(count?.n ?? 0),
    offset,
    limit,
  };
}

export type SourceSessionRef = {
  id: string;
  kind: string;
  externalId: string;
  incidents: { id: string; title: string }[];
};

/** The agent sessions an ingested file created, with the incidents reconstructed from them. */
export async function sessionsOfSource(store: Store, sourceId: string): Promise<SourceSessionRef[]> {
  if (!SourceId.safeParse(sourceId).success) return [];
  const sessions = await store.prisma.agentSession.findMany({
    where: { sourceId },
    orderBy: [{ startedAt: "asc" }, { id: "asc" }],
    take: 50,
    select: { id: true, kind: true, externalId: true },
  });
  if (sessions.length === 0) return [];
  const incidents = await store.prisma.incident.findMany({
    where: { sessionId: { in: sessions.map((s) => s.id) } },
    orderBy: { startedAt: "asc" },
    select: { id: true, title: true, sessionId: true },
  });
  return sessions.map((s) => ({
    ...s,
    incidents: incidents.filter((i) => i.sessionId === s.id).map((i) => ({ id: i.id, title: i.title })),
  }));
}
