import "server-only";
import type { Store } from "@/lib/db";

/**
 * Content keys (path + sha256) of the files among `paths` that an ingest finished. A source left "running" or
 * "interrupted" by a process that died does not count, so its file is ingested again (event ids de-duplicate).
 */
export async function finishedSources(store: Store, paths: string[]): Promise<{ path: string; sha256: string }[]> {
  if (!paths.length) return [];
  const rows = await store.prisma.ingestSource.findMany({
    where: { path: { in: paths }, status: { in: ["done", "failed"] } },
    select: { path: true, sha256: true },
  });
  return rows.filter((r): r is { path: string; sha256: string } => r.path !== null);
}
