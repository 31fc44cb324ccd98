import "server-only";
import { getStore } from "./index";
import type { ReplicaStatus } from "./replica-router";
import { isStoreUnavailable, withDeadline } from "./unavailable";

/** Deadline of the health check (AFTERMATH_HEALTH_DEADLINE_MS, default 3 s). */
function healthDeadlineMs(): number {
  const v = Number(process.env.AFTERMATH_HEALTH_DEADLINE_MS);
  return Number.isFinite(v) && v > 0 ? v : 3_000;
}

/**
 * Whether the process-wide store opens and answers a trivial query within the deadline. Never throws for an outage.
 * With DATABASE_REPLICA_URLS it also reports each replica's state (ok / lagging / down / unknown) as last checked:
 * a replica that is down or lagging does not make the app unhealthy (its reads go to the primary).
 */
export async function storeHealth(): Promise<{ ok: true; store: string; replicas?: ReplicaStatus[] } | { ok: false; reason: string }> {
  const ms = healthDeadlineMs();
  try {
    const store = await withDeadline(getStore(), ms, "opening the store");
    await withDeadline(store.prisma.$queryRaw`SELECT 1`, ms, "the health query");
    return store.replicas ? { ok: true, store: store.kind, replicas: store.replicas.status() } : { ok: true, store: store.kind };
  } catch (e) {
    if (isStoreUnavailable(e)) return { ok: false, reason: e instanceof Error ? e.message : String(e) };
    // Any other failure (e.g. a migration error) also means the store is not usable.
    console.error("[health] store check failed:", e);
    return { ok: false, reason: "store check failed" };
  }
}
