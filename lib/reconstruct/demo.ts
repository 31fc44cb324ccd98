import "server-only";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import type { Store } from "@/lib/db";
import { withLock } from "@/lib/db/advisory-lock";
import { generateDemoIncident, generateDemoRemediation } from "@/lib/demo";
import { ingestPaths } from "@/lib/ingest/pipeline";
import type { IngestReport } from "@/lib/ingest/report";
import { applyDemoSafeguards } from "@/lib/safeguards/demo";
import { reconstructAll } from "./index";

/** True when nothing has been ingested yet (no events, no sessions). */
export async function storeIsEmpty(store: Store): Promise<boolean> {
  const [events, sessions] = await Promise.all([store.prisma.cloudTrailEvent.count(), store.prisma.agentSession.count()]);
  return events === 0 && sessions === 0;
}

/**
 * Loads the demo when the store is empty, once: under the demo lock (lib/db/advisory-lock.ts), so two processes
 * running `setup --demo` on one PostgreSQL at once load it once. Returns null when the store was not empty.
 */
export function loadDemoIfEmpty(store: Store): Promise<IngestReport | null> {
  return withLock(store, "demo", 0, async () => ((await storeIsEmpty(store)) ? loadDemo(store) : null));
}

/**
 * Loads the demo incident through the normal pipeline: the generated files (a canonical agent log and CloudTrail
 * S3 log files, gzipped as S3 delivers them) are written to a temp dir, ingested, and reconstructed.
 */
export async function loadDemo(store: Store): Promise<IngestReport> {
  const dir = mkdtempSync(path.join(tmpdir(), "aftermath-demo-"));
  try {
    for (const f of [...generateDemoIncident().files, ...generateDemoRemediation().files]) {
      const target = path.join(dir, f.path);
      mkdirSync(path.dirname(target), { recursive: true });
      if (f.path.endsWith(".json") && f.path.includes("CloudTrail")) writeFileSync(`${target}.gz`, gzipSync(f.content));
      else writeFileSync(target, f.content);
    }
    const report = await ingestPaths(store, [dir], { via: "demo" });
    await reconstructAll(store);
    await applyDemoSafeguards(store);
    return report;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
