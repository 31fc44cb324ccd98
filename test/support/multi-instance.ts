import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { generateDemoIncident, generateDemoRemediation } from "@/lib/demo";
import type { PrismaClient } from "@/lib/generated/prisma/client";

/**
 * Support for the several-instances tests (test/integration/multi-instance.test.ts, test/browser/multi-instance.test.ts):
 * the demo corpus as files (as `loadDemo` writes them: S3 log files gzipped), and a snapshot of what an ingest
 * leaves in the store, keyed by natural keys only (eventIDs, agent session + action key, incident ids derived from
 * natural keys), so two stores filled by different runs compare equal when they hold the same data.
 */

/** Writes the demo's files (agent log + CloudTrail S3 files) under `dir`; returns their paths, agent logs first. */
export function writeDemoCorpus(dir: string): string[] {
  const out: string[] = [];
  for (const f of [...generateDemoIncident().files, ...generateDemoRemediation().files]) {
    const gz = f.path.endsWith(".json") && f.path.includes("CloudTrail");
    const target = path.join(dir, gz ? `${f.path}.gz` : f.path);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, gz ? gzipSync(f.content) : f.content);
    out.push(target);
  }
  return out.sort((a, b) => Number(a.includes("CloudTrail")) - Number(b.includes("CloudTrail")) || a.localeCompare(b));
}

export type StoreSnapshot = {
  events: number;
  eventIds: string;
  sessions: string[];
  actions: number;
  actionKeys: string;
  links: string[];
  incidents: string[];
  /** sources not `done` (a running or interrupted one after every run finished is a bug) */
  unfinishedSources: string[];
};

/** What the store holds, by natural keys (order-independent). */
export async function storeSnapshot(prisma: PrismaClient): Promise<StoreSnapshot> {
  const [ev] = await prisma.$queryRaw<{ n: number; ids: string | null }[]>`
    SELECT count(*)::int AS n, md5(string_agg(event_id, ',' ORDER BY event_id)) AS ids FROM cloudtrail_event`;
  const sessions = await prisma.$queryRaw<{ k: string }[]>`SELECT kind || ':' || external_id AS k FROM agent_session ORDER BY 1`;
  const [ac] = await prisma.$queryRaw<{ n: number; keys: string | null }[]>`
    SELECT count(*)::int AS n, md5(string_agg(s.kind || ':' || s.external_id || '|' || a.key, ',' ORDER BY s.kind, s.external_id, a.key)) AS keys
    FROM agent_action a JOIN agent_session s ON s.id = a.session_id`;
  const links = await prisma.$queryRaw<{ k: string }[]>`
    SELECT s.kind || ':' || s.external_id || '|' || COALESCE(a.key, '-') || '|' || l.event_id || '|' || l.confidence AS k
    FROM action_event_link l JOIN agent_session s ON s.id = l.session_id LEFT JOIN agent_action a ON a.id = l.action_id
    ORDER BY 1`;
  const incidents = await prisma.$queryRaw<{ k: string }[]>`
    SELECT id::text || '|' || title || '|' || trigger_event_id || '|' || status || '|' || COALESCE(duration_minutes::text, '-') || '|'
           || array_to_string(ARRAY(SELECT unnest(destructive_event_ids) ORDER BY 1), ',') || '|' || reproduced::text AS k
    FROM incident ORDER BY 1`;
  const unfinished = await prisma.$queryRaw<{ k: string }[]>`
    SELECT path || ' ' || status AS k FROM ingest_source WHERE status <> 'done' ORDER BY 1`;
  return {
    events: ev.n,
    eventIds: ev.ids ?? "",
    sessions: sessions.map((r) => r.k),
    actions: ac.n,
    actionKeys: ac.keys ?? "",
    links: links.map((r) => r.k),
    incidents: incidents.map((r) => r.k),
    unfinishedSources: unfinished.map((r) => r.k),
  };
}
